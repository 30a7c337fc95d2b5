// Viewport interaction without a GPU: camera projections, picking, the gizmo and the keys,
// driven through the real EditorUi on a headless ImGui context.
#include <gtest/gtest.h>

#include <glm/gtc/quaternion.hpp>

#include "atrium/scene/kit.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "kit_placement.hpp"
#include "picking.hpp"
#include "world_compare.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

struct Driver {
    HeadlessImGui imgui{1600, 900};
    Document doc;
    EditorUi ui{doc, std::filesystem::temp_directory_path() / "atrium_editor_viewport_test"};

    void frame() {
        imgui.beginFrame();
        ui.frame(0.0, 1.0f);
        imgui.endFrame();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void moveTo(vec2 p) {
        imgui.io().MousePos = ImVec2(p.x, p.y);
        frame();
    }
    void drag(vec2 from, vec2 to, int steps = 10) {
        moveTo(from);
        frames(int(imgui.io().MouseDoubleClickTime * 60.0f) + 2);
        imgui.io().MouseDown[0] = true;
        frame();
        for (int i = 1; i <= steps; ++i) moveTo(from + (to - from) * (float(i) / float(steps)));
        imgui.io().MouseDown[0] = false;
        frame();
    }
    void click(vec2 p) { drag(p, p, 1); }
    void press(int key, bool ctrl = false) {
        imgui.io().KeyCtrl = ctrl;
        imgui.io().KeysDown[key] = true;
        frame();
        imgui.io().KeysDown[key] = false;
        frame();
        imgui.io().KeyCtrl = false;
    }
    ViewRect view() const {
        Rect r = ui.viewport();
        return ViewRect{r.x, r.y, r.w, r.h};
    }
    StableId create(const std::string& name, vec3 at, std::vector<ComponentValue> comps = {MeshRenderer{.mesh = "builtin:box"}}) {
        Command c = makeCreate(name, {}, std::move(comps));
        std::get<Transform>(std::get<CreateEntities>(c).tree.entities[0].components[0]).position = at;
        StableId id = std::get<CreateEntities>(c).tree.entities.front().id;
        EXPECT_TRUE(doc.execute(std::move(c)).ok());
        doc.mutableWorld().updateTransforms();
        return id;
    }
    EditorCamera& camera() { return ui.viewportPanel.camera; }
    vec2 pixelOf(vec3 p) { return camera().project(p, view()).value_or(vec2(-1)); }
};

}  // namespace

TEST(EditorCamera, RayThroughAPixelProjectsBackToIt) {
    EditorCamera cam;
    ViewRect view{300, 20, 920, 650};
    auto centre = cam.project(cam.target, view);
    ASSERT_TRUE(centre);
    EXPECT_NEAR(centre->x, view.x + view.w / 2, 0.5f);
    EXPECT_NEAR(centre->y, view.y + view.h / 2, 0.5f);
    vec2 pixel(500, 200);
    Ray ray = cam.rayThrough(pixel, view);
    auto back = cam.project(ray.origin + ray.direction * 17.0f, view);
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->x, pixel.x, 0.05f);
    EXPECT_NEAR(back->y, pixel.y, 0.05f);
    EXPECT_FALSE(cam.project(cam.position() - cam.forward() * 5.0f, view)) << "behind the camera";
}

TEST(EditorCamera, OrbitKeepsTheTargetAndZoomChangesDistance) {
    EditorCamera cam;
    vec3 target = cam.target;
    float d = cam.distance;
    cam.orbit(vec2(100, 40));
    EXPECT_EQ(cam.target, target);
    EXPECT_NEAR(glm::length(cam.position() - target), d, 1e-3f);
    cam.zoom(2.0f);
    EXPECT_LT(cam.distance, d);
    cam.frame(vec3(10, 0, 5), 2.0f);
    EXPECT_EQ(cam.target, vec3(10, 0, 5));
}

TEST(Picking, NearestHitWinsAndGeneratedPiecesPickTheirKit) {
    World w;
    Entity near = w.create("near");
    w.add<MeshRenderer>(near, MeshRenderer{.mesh = "builtin:box"});
    w.get<Transform>(near)->position = {0, 0, 5};
    Entity far = w.create("far");
    w.add<MeshRenderer>(far, MeshRenderer{.mesh = "builtin:box"});
    w.get<Transform>(far)->position = {0, 0, -5};
    w.updateTransforms();
    Ray ray{{0, 0, 20}, {0, 0, -1}};
    auto pick = pickSelectable(w, ray);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(near));
    EXPECT_NEAR(pick->distance, 14.5f, 1e-3f);
    EXPECT_FALSE(pickSelectable(w, Ray{{5, 5, 20}, {0, 0, -1}}));

    World k;
    auto kit = spawnKit(k, "seating_block", {{"rows", 1}, {"seatsPerRow", 3}});
    ASSERT_TRUE(kit.ok());
    k.updateTransforms();
    Entity seat = kNullEntity;
    k.each<Seat>([&](Entity e, Seat&) { seat = e; });
    vec3 at = vec3(k.worldMatrix(seat)[3]);
    auto kitPick = pickSelectable(k, Ray{at + vec3(0, 10, 0), {0, -1, 0}});
    ASSERT_TRUE(kitPick);
    EXPECT_EQ(kitPick->entity, k.stableId(*kit));
}

TEST(Viewport, ClickSelectsWhatIsUnderTheCursorAndEmptySpaceClears) {
    Driver d;
    StableId box = d.create("Box", {0, 0.5f, 0});
    d.frames(2);
    d.click(d.pixelOf({0, 0.5f, 0}));
    EXPECT_EQ(d.doc.selection().ids(), std::vector<StableId>{box});
    ViewRect v = d.view();
    d.click(vec2(v.x + 20, v.y + v.h - 20));
    EXPECT_TRUE(d.doc.selection().empty());
}

TEST(Viewport, TranslateDragSnapsToTheGridAndIsOneUndoStep) {
    Driver d;
    StableId box = d.create("Box", {0, 0, 0});
    d.doc.selection().select(box);
    d.frames(2);
    auto& gizmo = d.ui.viewportPanel.gizmo;
    ASSERT_EQ(gizmo.mode, GizmoMode::Translate);
    auto handle = gizmo.handlePixel(d.doc, d.camera(), d.view(), 0);
    ASSERT_TRUE(handle);
    vec2 axisDir = glm::normalize(d.pixelOf({1, 0, 0}) - d.pixelOf({0, 0, 0}));
    std::size_t steps = d.doc.history().undoCount();
    d.drag(*handle, *handle + axisDir * 120.0f, 12);
    vec3 p = d.doc.world().get<Transform>(d.doc.world().find(box))->position;
    EXPECT_GT(p.x, 0.5f);
    EXPECT_NEAR(std::fmod(p.x, gizmo.snap.grid), 0.0f, 1e-4f) << p.x;
    EXPECT_EQ(p.y, 0.0f);
    EXPECT_EQ(p.z, 0.0f);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1);
    EXPECT_EQ(d.doc.selection().ids(), std::vector<StableId>{box}) << "dragging the gizmo does not pick";
    d.press(keys::kZ, true);
    EXPECT_EQ(d.doc.world().get<Transform>(d.doc.world().find(box))->position, vec3(0.0f));
}

TEST(Viewport, RotateDragSnapsToTheAngleStep) {
    Driver d;
    StableId box = d.create("Box", {0, 0, 0});
    d.doc.selection().select(box);
    d.frames(2);
    d.moveTo(d.pixelOf({0, 0, 0}));
    d.press(keys::kE);
    auto& gizmo = d.ui.viewportPanel.gizmo;
    ASSERT_EQ(gizmo.mode, GizmoMode::Rotate);
    auto handle = gizmo.handlePixel(d.doc, d.camera(), d.view(), 1);
    ASSERT_TRUE(handle);
    d.drag(*handle, *handle + vec2(60, 25), 10);
    quat q = d.doc.world().get<Transform>(d.doc.world().find(box))->rotation;
    float degrees = glm::degrees(glm::angle(q));
    EXPECT_GT(degrees, 1.0f);
    EXPECT_NEAR(std::fmod(degrees + 0.01f, 15.0f), 0.01f, 0.05f) << degrees;
    vec3 axis = glm::axis(q);
    EXPECT_NEAR(std::abs(axis.y), 1.0f, 1e-3f) << "rotated about y only";
}

TEST(Viewport, ScaleDragScalesAlongOneAxis) {
    Driver d;
    StableId box = d.create("Box", {0, 0, 0});
    d.doc.selection().select(box);
    d.frames(2);
    d.moveTo(d.pixelOf({0, 0, 0}));
    d.press(keys::kR);
    auto& gizmo = d.ui.viewportPanel.gizmo;
    ASSERT_EQ(gizmo.mode, GizmoMode::Scale);
    auto handle = gizmo.handlePixel(d.doc, d.camera(), d.view(), 0);
    ASSERT_TRUE(handle);
    vec2 axisDir = glm::normalize(d.pixelOf({1, 0, 0}) - d.pixelOf({0, 0, 0}));
    d.drag(*handle, *handle + axisDir * 80.0f, 8);
    vec3 s = d.doc.world().get<Transform>(d.doc.world().find(box))->scale;
    EXPECT_GT(s.x, 1.05f);
    EXPECT_EQ(s.y, 1.0f);
    EXPECT_EQ(s.z, 1.0f);
}

TEST(Viewport, FFramesTheSelectionAndTheGridIsDrawn) {
    Driver d;
    StableId box = d.create("Far box", {30, 0, -20});
    d.doc.selection().select(box);
    d.frames(1);
    d.moveTo(vec2(d.view().x + d.view().w / 2, d.view().y + d.view().h / 2));
    d.press(keys::kF);
    EXPECT_NEAR(glm::length(d.camera().target - vec3(30, 0, -20)), 0.0f, 1e-3f);
    EXPECT_GT(d.ui.viewportPanel.gridLinesDrawn, 20u);
}

TEST(Viewport, PlayModeWasdDrivesThePlayerAvatar) {
    Driver d;
    ASSERT_TRUE(d.doc.newFromTemplate("empty").ok());
    ASSERT_TRUE(d.doc.enterPlay().ok());
    d.moveTo(vec2(d.view().x + d.view().w / 2, d.view().y + d.view().h / 2));
    d.imgui.io().KeysDown[keys::kW] = true;
    d.frame();
    const CharacterController* cc = d.doc.world().get<CharacterController>(d.doc.world().find(d.doc.playerAvatar()));
    ASSERT_NE(cc, nullptr);
    EXPECT_GT(glm::length(cc->moveInput), 0.99f);
    EXPECT_NEAR(cc->moveInput.y, 0.0f, 1e-5f);
    d.imgui.io().KeysDown[keys::kW] = false;
    d.frame();
    EXPECT_EQ(cc->moveInput, vec3(0.0f));
}

TEST(KitPlacement, DropPointLandsOnTheGroundSnappedToTheGrid) {
    World world;
    EditorCamera cam;
    cam.target = vec3(0.0f);
    ViewRect view{0, 0, 800, 600};
    SnapSettings snap;
    snap.grid = 0.5f;
    vec2 pixel(430.0f, 333.0f);
    auto snapped = kitDropPoint(world, cam, view, pixel, snap, false);
    ASSERT_TRUE(snapped);
    EXPECT_NEAR(snapped->y, 0.0f, 1e-4f);
    EXPECT_NEAR(std::fmod(std::abs(snapped->x), 0.5f), 0.0f, 1e-4f);
    EXPECT_NEAR(std::fmod(std::abs(snapped->z), 0.5f), 0.0f, 1e-4f);
    // Ctrl inverts snapping: the raw ground point, within half a cell of the snapped one.
    auto raw = kitDropPoint(world, cam, view, pixel, snap, true);
    ASSERT_TRUE(raw);
    EXPECT_LE(std::abs(raw->x - snapped->x), 0.25f + 1e-4f);
    EXPECT_LE(std::abs(raw->z - snapped->z), 0.25f + 1e-4f);
    Ray ray = cam.rayThrough(pixel, view);
    EXPECT_LT(glm::length(glm::cross(*raw - ray.origin, ray.direction)), 1e-3f) << "the raw point is under the mouse";
    // Above the horizon there is nothing to land on; outside the viewport neither.
    EditorCamera level = cam;
    level.pitchDegrees = 0.0f;
    level.target = vec3(0.0f, 1.0f, 0.0f);
    EXPECT_FALSE(kitDropPoint(world, level, view, vec2(400.0f, 5.0f), snap, true));
    EXPECT_FALSE(kitDropPoint(world, cam, view, vec2(900.0f, 300.0f), snap, false));
}

TEST(KitPlacement, DropPointLandsOnTopOfWhatIsUnderTheMouse) {
    World world;
    Entity box = world.create("Plinth");
    world.add<MeshRenderer>(box, MeshRenderer{.mesh = "builtin:box"});
    world.get<Transform>(box)->position = vec3(0.0f, 1.0f, 0.0f);
    world.get<Transform>(box)->scale = vec3(4.0f, 2.0f, 4.0f);
    world.updateTransforms();
    EditorCamera cam;
    cam.target = vec3(0.0f, 2.0f, 0.0f);
    cam.pitchDegrees = 60.0f;
    ViewRect view{0, 0, 800, 600};
    auto point = kitDropPoint(world, cam, view, vec2(400.0f, 300.0f), SnapSettings{}, false);
    ASSERT_TRUE(point);
    EXPECT_NEAR(point->y, 2.0f, 1e-3f) << "on the plinth's top, not the ground";
}

TEST(KitPlacement, DraggingAKitFromTheLibraryIntoTheViewportPlacesItThere) {
    Driver d;
    d.frames(2);
    ASSERT_TRUE(d.ui.kitButtonRects.count("stage"));
    ImVec2 from = d.ui.kitButtonRects["stage"].center();
    ViewRect v = d.view();
    vec2 to(v.x + v.w * 0.5f + 37.0f, v.y + v.h * 0.6f);
    auto expected = kitDropPoint(d.doc.world(), d.camera(), v, to, d.ui.viewportPanel.gizmo.snap, false);
    ASSERT_TRUE(expected);
    std::size_t before = d.doc.world().entityCount();
    d.drag(vec2(from.x, from.y), to, 12);
    ASSERT_GT(d.doc.world().entityCount(), before);
    Entity placed = d.doc.world().find(d.doc.selection().primary());
    ASSERT_TRUE(placed);
    const KitInstance* kit = d.doc.world().get<KitInstance>(placed);
    ASSERT_NE(kit, nullptr);
    EXPECT_EQ(kit->generator, "stage");
    EXPECT_LT(glm::distance(d.doc.world().get<Transform>(placed)->position, *expected), 1e-4f);
    // One command: a single undo removes the kit and everything it generated.
    ASSERT_TRUE(d.doc.undo().ok());
    EXPECT_EQ(d.doc.world().entityCount(), before);
}

TEST(MeshBoundsPicking, AModelPicksByItsOwnBoundsNotTheUnitBox) {
    MeshBounds meshes;
    meshes.setRoot(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf" / "models");
    auto [lo, hi] = meshes.bounds("teapot.gltf");
    ASSERT_GT(hi.x, 0.6f) << "the teapot reaches past the unit box";
    EXPECT_EQ(meshes.bounds("builtin:box").second, vec3(0.5f));
    EXPECT_EQ(meshes.bounds("missing.glb").second, vec3(0.5f)) << "an unloadable mesh is the unit box";
    EXPECT_EQ(meshes.known(), 3u);

    World w;
    Entity teapot = w.create("Teapot");
    w.add<MeshRenderer>(teapot, MeshRenderer{.mesh = "teapot.gltf"});
    w.updateTransforms();
    // A ray beside the unit box, at a front-facing triangle of the teapot (its spout or body).
    const Mesh* mesh = meshes.mesh("teapot.gltf");
    ASSERT_NE(mesh, nullptr);
    std::optional<vec3> target;
    for (const MeshPrimitive& prim : mesh->primitives) {
        for (std::size_t i = 0; !target && i + 2 < prim.indices.size(); i += 3) {
            vec3 a = prim.positions[prim.indices[i]], b = prim.positions[prim.indices[i + 1]], c = prim.positions[prim.indices[i + 2]];
            vec3 centre = (a + b + c) / 3.0f;
            vec3 n = glm::cross(b - a, c - a);
            if (centre.x > 0.55f && std::abs(centre.y) < 0.45f && glm::length(n) > 0.0f && std::abs(glm::normalize(n).z) > 0.7f) {
                target = centre;
            }
        }
    }
    ASSERT_TRUE(target) << "the teapot has a face beyond the unit box";
    Ray ray{vec3(target->x, target->y, hi.z + 10.0f), vec3(0, 0, -1)};
    EXPECT_FALSE(pickSelectable(w, ray)) << "the unit box is missed";
    auto pick = pickSelectable(w, ray, &meshes);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(teapot));
    EXPECT_GE(pick->distance, 10.0f - 1e-3f) << "not before its bounds";
    EXPECT_LE(pick->distance, hi.z + 10.0f - target->z + 1e-3f) << "at that face or a nearer one";
    // Framing covers the real extent too.
    auto sphere = boundsOf(w, {w.stableId(teapot)}, &meshes);
    ASSERT_TRUE(sphere);
    EXPECT_NEAR(sphere->second, 0.5f * glm::length(hi - lo), 1e-3f);
}

TEST(Picking, ThingsWithoutSurfacesArePickedAndNearerOnesWinOverMeshes) {
    World w;
    Entity wall = w.create("Wall");
    w.add<MeshRenderer>(wall, MeshRenderer{.mesh = "builtin:box"});
    w.get<Transform>(wall)->position = vec3(0, 0, -10);
    Entity lamp = w.create("Lamp");
    w.add<Light>(lamp);
    w.get<Transform>(lamp)->position = vec3(0, 0, -5);
    Entity far = w.create("Far lamp");
    w.add<Light>(far);
    w.get<Transform>(far)->position = vec3(0, 0, -20);
    auto block = spawnKit(w, "seating_block", {{"rows", 1}, {"seatsPerRow", 2}});
    ASSERT_TRUE(block.ok());
    w.get<Transform>(*block)->position = vec3(50, 0, 0);  // off the ray
    w.updateTransforms();
    MeshBounds meshes;
    Ray ray{vec3(0), vec3(0, 0, -1)};

    // The nearer lamp (no surface) wins over the wall; a farther one does not.
    auto pick = pickSelectable(w, ray, &meshes);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(lamp));
    w.get<Transform>(lamp)->position = vec3(0, 5, -5);  // out of the ray
    w.updateTransforms();
    pick = pickSelectable(w, ray, &meshes);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(wall));
    EXPECT_NEAR(pick->distance, 9.5f, 1e-4f) << "the box's front face";
    // A seat hit through its triangles selects its kit; the sky selects nothing.
    Entity seat = w.children(*block).front();
    vec3 cushion = vec3(w.worldMatrix(seat) * vec4(0, 0.46f, 0, 1));
    pick = pickSelectable(w, Ray{cushion + vec3(0, 5, 0), vec3(0, -1, 0)}, &meshes);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(*block));
    EXPECT_EQ(pick->hit, w.stableId(seat));
    EXPECT_NEAR(pick->distance, 5.0f, 1e-3f) << "the cushion's top";
    EXPECT_FALSE(pickSelectable(w, Ray{vec3(0, 50, 0), vec3(0, 1, 0)}, &meshes));
}

TEST(Picking, AClickThroughAnArchsOpeningSelectsWhatIsBehindIt) {
    // The GPU id pick used to be needed for this: the arch's bounds cover the box behind it.
    World w;
    Entity arch = w.create("Arch");
    w.add<MeshRenderer>(arch, MeshRenderer{.mesh = "builtin:arch"});
    Entity behind = w.create("Behind");
    w.add<MeshRenderer>(behind, MeshRenderer{.mesh = "builtin:box"});
    w.get<Transform>(behind)->position = vec3(0.0f, 1.0f, -3.0f);
    w.updateTransforms();
    MeshBounds meshes;
    Ray ray{vec3(0.0f, 1.0f, 6.0f), vec3(0, 0, -1)};
    auto archBounds = pickBounds(w, arch, &meshes);
    ASSERT_TRUE(archBounds);
    EXPECT_LT(archBounds->first.y, 1.0f) << "the ray passes through the arch's bounds";
    EXPECT_GT(archBounds->second.y, 1.0f);
    auto pick = pickSelectable(w, ray, &meshes);
    ASSERT_TRUE(pick);
    EXPECT_EQ(pick->entity, w.stableId(behind));
    EXPECT_NEAR(pick->distance, 8.5f, 1e-3f);
}
