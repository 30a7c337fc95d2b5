#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>

#include <glm/gtc/matrix_transform.hpp>

#include "atrium/scene/world.hpp"
#include "render/label_font.hpp"
#include "render/labels.hpp"
#include "render/render_list.hpp"
#include "render/worker_pool.hpp"

using namespace atrium;
using namespace atrium::render;

namespace {

// Resolves "a", "b" (opaque) and "glass" (blended) to unit boxes with fixed draw keys.
class TableResolver : public RenderableResolver {
public:
    TableResolver() {
        Aabb unit;
        unit.expand(vec3(-0.5f));
        unit.expand(vec3(0.5f));
        a_.bounds = b_.bounds = glass_.bounds = unit;
        a_.parts = {{0, false}};
        b_.parts = {{1, false}, {2, false}};
        glass_.parts = {{3, true}};
    }
    const Renderable* resolve(Entity, const MeshRenderer& mr) override {
        if (mr.mesh == "a") return &a_;
        if (mr.mesh == "b") return &b_;
        if (mr.mesh == "glass") return &glass_;
        return nullptr;
    }
    std::uint32_t drawKeyCount() const override { return 4; }

private:
    Renderable a_, b_, glass_;
};

Entity addMesh(World& w, const char* mesh, vec3 position, bool castShadows = true) {
    Entity e = w.create();
    w.get<Transform>(e)->position = position;
    MeshRenderer mr;
    mr.mesh = mesh;
    mr.castShadows = castShadows;
    w.add<MeshRenderer>(e, mr);
    return e;
}

// Looks down -z from the origin: 90 degree field of view, 0.1 to 100 m.
Frustum forwardFrustum() {
    mat4 proj = glm::perspectiveRH_ZO(glm::radians(90.0f), 1.0f, 0.1f, 100.0f);
    return Frustum::fromViewProj(proj);
}

// Noto Sans with fallback, a 1024-pixel atlas: the labels' font.
LabelFont& testFont() {
    static std::unique_ptr<LabelFont> font = [] {
        auto f = createLabelFont(text::FontFamily::Sans, 1024);
        EXPECT_TRUE(f.ok()) << f.error().toString();
        return std::move(*f);
    }();
    return *font;
}

// The height in metres of an "Ag" label `distance` metres ahead, 500 pixels per metre at 1 m.
float labelLineMetres(float distance, float height, float minPixels) {
    std::vector<LabelVertex> v;
    buildLabelVertices({WorldLabel{.position = vec3(0.0f, 0.0f, -distance), .text = "Ag", .height = height, .minPixelHeight = minPixels}},
                       mat4(1.0f), testFont(), v, 500.0f);
    float lo = 1e9f, hi = -1e9f;
    for (const LabelVertex& x : v) lo = std::min(lo, x.position.y), hi = std::max(hi, x.position.y);
    return hi - lo;
}

}  // namespace

TEST(RenderList, RepeatedMeshAndMaterialBecomeOneInstancedBatch) {
    World w;
    for (int i = 0; i < 100; ++i) addMesh(w, "a", vec3(float(i % 10) - 5.0f, 0.0f, -10.0f - float(i / 10)));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    ASSERT_EQ(list.opaque.size(), 1u);
    EXPECT_EQ(list.opaque[0].instanceCount, 100u);
    EXPECT_EQ(list.visible, 100u);
    EXPECT_EQ(list.order.size(), 100u);
}

TEST(RenderList, DrawOrderInstancesFollowTheWorldFromFrameToFrame) {
    World w;
    Entity first = addMesh(w, "a", vec3(-1.0f, 0.0f, -10.0f));
    Entity second = addMesh(w, "a", vec3(1.0f, 0.0f, -10.0f));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    ExtractOptions o;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, list);
    ASSERT_EQ(list.order.size(), 2u);
    EXPECT_EQ(list.instance(0).ids[0], first.index + 1);
    EXPECT_FLOAT_EQ(list.instance(0).model[3].x, -1.0f);
    EXPECT_FLOAT_EQ(list.instance(1).model[3].x, 1.0f);

    w.get<Transform>(second)->position = vec3(3.0f, 2.0f, -12.0f);
    w.updateTransforms();
    o.frame = 1;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, list);
    ASSERT_EQ(list.order.size(), 2u);
    EXPECT_EQ(list.instance(1).ids[0], second.index + 1);
    EXPECT_EQ(vec3(list.instance(1).model[3]), vec3(3.0f, 2.0f, -12.0f));
    ASSERT_EQ(list.shadowOrder.size(), 2u);
    EXPECT_EQ(vec3(list.shadowInstance(1).model[3]), vec3(3.0f, 2.0f, -12.0f));
    EXPECT_EQ(list.instanceCount, 2u) << "each entity's instance is stored once for both passes";
}

// Extraction skips the resolver for a MeshRenderer pool nobody has written since the last frame;
// any write (an edit, an added or removed mesh, a copied world) must still be seen.
TEST(RenderList, ResolvedMeshesAreReusedOnlyUntilTheMeshRenderersChange) {
    class CountingResolver : public TableResolver {
    public:
        const Renderable* resolve(Entity e, const MeshRenderer& mr) override {
            ++calls;
            return TableResolver::resolve(e, mr);
        }
        int calls = 0;
    };
    World w;
    Entity first = addMesh(w, "a", vec3(-1.0f, 0.0f, -10.0f));
    addMesh(w, "a", vec3(1.0f, 0.0f, -10.0f));
    w.updateTransforms();
    CountingResolver r;
    RenderList list;
    const World& still = w;
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(r.calls, 2);
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(r.calls, 2) << "an unchanged pool is not resolved again";
    ASSERT_EQ(list.opaque.size(), 1u);

    w.get<MeshRenderer>(first)->mesh = "b";  // two parts: draw keys 1 and 2
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(r.calls, 4);
    EXPECT_EQ(list.opaque.size(), 3u) << "the edited mesh is drawn as what it is now";

    w.get<MeshRenderer>(first)->visible = false;
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 1u);
    w.get<MeshRenderer>(first)->visible = true;
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 3u);

    World copy = w;  // same sizes and write counts as w's pool, but another pool
    w.get<MeshRenderer>(first)->mesh = "glass";
    extract(std::as_const(copy), forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.opaque.size(), 3u);
    EXPECT_TRUE(list.blended.empty());
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.blended.size(), 1u);

    Entity third = addMesh(w, "glass", vec3(0.0f, 1.0f, -10.0f));
    w.updateTransforms();
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 3u);
    w.destroy(third);
    extract(still, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 2u);
    EXPECT_EQ(list.blended.size(), 1u);
}

// A big venue is extracted in chunks on several threads; the result must be the one thread's.
TEST(RenderList, ExtractionOnSeveralThreadsGivesTheSameListAsOnOne) {
    World w;
    const char* meshes[] = {"a", "b", "glass"};
    for (int i = 0; i < 40000; ++i) {
        Entity e = addMesh(w, meshes[i % 3], vec3(float(i % 200) - 100.0f, float((i / 200) % 7), -5.0f - float(i / 1400)), i % 5 != 0);
        if (i % 11 == 0) w.get<MeshRenderer>(e)->visible = false;
    }
    w.updateTransforms();
    TableResolver r;
    RenderList one, many;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, one);
    WorkerPool pool(3);
    ExtractOptions o;
    o.workers = &pool;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, many);
    ASSERT_GT(one.visible, 1000u);
    ASSERT_LT(one.visible, 40000u) << "some are culled";
    EXPECT_EQ(many.visible, one.visible);
    EXPECT_EQ(many.considered, one.considered);
    EXPECT_EQ(many.order, one.order);
    EXPECT_EQ(many.shadowOrder, one.shadowOrder);
    ASSERT_EQ(many.opaque.size(), one.opaque.size());
    for (std::size_t i = 0; i < one.opaque.size(); ++i) EXPECT_EQ(many.opaque[i].instanceCount, one.opaque[i].instanceCount);
    EXPECT_EQ(many.blended.size(), one.blended.size());
    EXPECT_EQ(many.visibleBounds.min, one.visibleBounds.min);
    EXPECT_EQ(many.casterBounds.max, one.casterBounds.max);
    for (std::size_t i = 0; i < one.order.size(); i += 97) {
        EXPECT_EQ(many.instance(i).ids[0], one.instance(i).ids[0]);
        EXPECT_EQ(many.instance(i).model, one.instance(i).model);
    }
}

TEST(RenderList, EachPrimitiveOfAMeshIsItsOwnBatch) {
    World w;
    addMesh(w, "a", vec3(0, 0, -5));
    addMesh(w, "b", vec3(1, 0, -5));
    addMesh(w, "b", vec3(2, 0, -5));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    ASSERT_EQ(list.opaque.size(), 3u);  // keys 0, 1, 2
    EXPECT_EQ(list.opaque[0].instanceCount, 1u);
    EXPECT_EQ(list.opaque[1].instanceCount, 2u);
    EXPECT_EQ(list.opaque[2].instanceCount, 2u);
}

TEST(RenderList, WithoutInstancingEveryInstanceIsADraw) {
    World w;
    for (int i = 0; i < 10; ++i) addMesh(w, "a", vec3(0, 0, -5.0f - float(i)));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    ExtractOptions o;
    o.instancing = false;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, list);
    EXPECT_EQ(list.opaque.size(), 10u);
}

TEST(RenderList, ObjectsOutsideTheFrustumAreCulledButStillCastShadows) {
    World w;
    addMesh(w, "a", vec3(0, 0, -5));
    addMesh(w, "a", vec3(0, 0, 5));         // behind the eye
    addMesh(w, "a", vec3(0, 0, 5), false);  // behind, and casts no shadow
    addMesh(w, "a", vec3(500, 0, -5));      // far to the side
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 1u);
    ASSERT_EQ(list.opaque.size(), 1u);
    EXPECT_EQ(list.opaque[0].instanceCount, 1u);
    ASSERT_EQ(list.shadow.size(), 1u);
    EXPECT_EQ(list.shadow[0].instanceCount, 3u);
}

TEST(RenderList, HiddenAndUnresolvableMeshesAreSkipped) {
    World w;
    Entity hidden = addMesh(w, "a", vec3(0, 0, -5));
    w.get<MeshRenderer>(hidden)->visible = false;
    addMesh(w, "missing", vec3(0, 0, -5));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_EQ(list.visible, 0u);
    EXPECT_TRUE(list.opaque.empty());
}

TEST(RenderList, BlendedPartsAreSortedBackToFront) {
    World w;
    Entity nearGlass = addMesh(w, "glass", vec3(0, 0, -3));
    Entity farGlass = addMesh(w, "glass", vec3(0, 0, -30));
    Entity midGlass = addMesh(w, "glass", vec3(0, 0, -10));
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    ExtractOptions o;
    o.instancing = false;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, list);
    ASSERT_EQ(list.blended.size(), 3u);
    auto entityOf = [&](const Batch& b) { return list.instance(b.firstInstance).ids[0] - 1; };
    EXPECT_EQ(entityOf(list.blended[0]), farGlass.index);
    EXPECT_EQ(entityOf(list.blended[1]), midGlass.index);
    EXPECT_EQ(entityOf(list.blended[2]), nearGlass.index);
    EXPECT_TRUE(list.shadow.empty()) << "blended surfaces do not cast shadows";
}

TEST(RenderList, LightsOutsideTheViewAreDropped) {
    World w;
    Entity inView = w.create();
    w.get<Transform>(inView)->position = vec3(0, 0, -10);
    w.add<Light>(inView, Light{.type = Light::Type::Point, .range = 2.0f});
    Entity behind = w.create();
    w.get<Transform>(behind)->position = vec3(0, 0, 10);
    w.add<Light>(behind, Light{.type = Light::Type::Point, .range = 2.0f});
    Entity sun = w.create();
    w.add<Light>(sun, Light{.type = Light::Type::Directional, .intensity = 4.0f});
    w.updateTransforms();
    TableResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    ASSERT_EQ(list.lights.size(), 1u);
    EXPECT_FLOAT_EQ(list.lights[0].position.z, -10.0f);
    EXPECT_TRUE(list.hasSunLight);
    EXPECT_NEAR(list.sunDirection.z, -1.0f, 1e-6f);  // a light shines down its -Z
}

TEST(RenderList, LightTilesListOnlyTheTilesALightCanReach) {
    mat4 view(1.0f);
    mat4 proj = glm::perspectiveRH_ZO(glm::radians(90.0f), 1.0f, 0.1f, 100.0f);
    proj[1][1] *= -1.0f;
    // A small light straight ahead lands in the middle tiles only.
    PunctualLight l{};
    l.position = vec3(0, 0, -10);
    l.range = 0.5f;
    std::uint32_t tx = 0, ty = 0;
    std::vector<std::uint32_t> tiles = buildLightTiles({l}, view, proj, 256, 256, 16, tx, ty);
    ASSERT_EQ(tx, 16u);
    ASSERT_EQ(ty, 16u);
    auto count = [&](std::uint32_t x, std::uint32_t y) { return tiles[(y * tx + x) * 2 + 1]; };
    EXPECT_EQ(count(0, 0), 0u);
    EXPECT_EQ(count(15, 15), 0u);
    EXPECT_EQ(count(8, 8), 1u);
    EXPECT_EQ(count(7, 7), 1u);
    std::uint32_t covered = 0;
    for (std::uint32_t y = 0; y < ty; ++y)
        for (std::uint32_t x = 0; x < tx; ++x) covered += count(x, y);
    EXPECT_LE(covered, 16u);
    // A light around the eye reaches every tile.
    l.position = vec3(0.0f);
    l.range = 3.0f;
    tiles = buildLightTiles({l}, view, proj, 256, 256, 16, tx, ty);
    EXPECT_EQ(count(0, 0), 1u);
    EXPECT_EQ(count(15, 0), 1u);
}

TEST(Frustum, KeepsBoxesThatStraddleAPlane) {
    Frustum f = forwardFrustum();
    Aabb box;
    box.expand(vec3(-1, -1, -0.5f));
    box.expand(vec3(1, 1, 0.5f));  // crosses the near plane
    EXPECT_TRUE(f.intersects(box));
    Aabb far;
    far.expand(vec3(-1, -1, -200));
    far.expand(vec3(1, 1, -150));
    EXPECT_FALSE(f.intersects(far));
}

TEST(Labels, GlyphQuadsSampleTheirGlyphsCellInTheAtlas) {
    LabelFont& font = testFont();
    std::vector<LabelVertex> v;
    buildLabelVertices({WorldLabel{.text = "I"}}, mat4(1.0f), font, v);
    ASSERT_EQ(v.size(), 6u);
    // The quad's texture corners are the glyph's box: inside the stem at its middle.
    vec2 lo = glm::min(v[0].uv, v[2].uv), hi = glm::max(v[0].uv, v[2].uv);
    float size = float(font.atlas.size());
    auto at = [&](vec2 uv) { return int(font.atlas.pixels()[std::size_t(uv.y * size) * font.atlas.size() + std::size_t(uv.x * size)]); };
    EXPECT_GT(at((lo + hi) * 0.5f), 128);
    EXPECT_LT(at(lo + vec2(0.5f / size)), 128) << "the box's corner is outside the ink";
}

TEST(Labels, ALabelWithAMinimumPixelHeightGrowsWithDistanceAndKeepsItsSizeNearby) {
    auto lineHeight = [](float distance, float minPixels) { return labelLineMetres(distance, 0.25f, minPixels); };
    float near = lineHeight(2.0f, 20.0f);  // 0.25 m at 2 m is 62 px: no change
    EXPECT_FLOAT_EQ(near, lineHeight(2.0f, 0.0f));
    EXPECT_FLOAT_EQ(lineHeight(100.0f, 0.0f), near) << "without a minimum, metres are metres";
    // 20 px at 100 m with 500 px per metre at 1 m is a 4 m line: 16 times the 0.25 m one.
    EXPECT_NEAR(lineHeight(100.0f, 20.0f) / near, 16.0f, 0.01f);

    World w;
    Entity a = w.create("a");
    w.add<Avatar>(a, Avatar{.displayName = "Ada"});
    w.updateTransforms();
    std::vector<WorldLabel> tags;
    appendAvatarLabels(w, nullptr, vec3(0.0f, 1.7f, 3.0f), NameTagOptions{}, tags);
    ASSERT_EQ(tags.size(), 1u);
    EXPECT_EQ(tags[0].minPixelHeight, kNameTagMinPixels) << "name tags stay readable across a hall";
}

TEST(Labels, OnlyTheNearestAvatarsGetNameTagsAndFarOnesFadeOut) {
    World w;
    const char* names[] = {"Far", "Near", "Mid", "Nearest", "Farther"};
    const float z[] = {-9.0f, -3.0f, -6.0f, -1.0f, -20.0f};
    for (int i = 0; i < 5; ++i) {
        Entity a = w.create(names[i]);
        w.get<Transform>(a)->position = vec3(0.0f, 0.0f, z[i]);
        w.add<Avatar>(a, Avatar{.displayName = names[i]});
    }
    w.updateTransforms();
    NameTagOptions options;
    options.limit = 2;
    std::vector<WorldLabel> tags;
    appendAvatarLabels(w, nullptr, vec3(0.0f, 2.0f, 0.0f), options, tags);
    std::vector<std::string> shown;
    for (const WorldLabel& l : tags) shown.push_back(l.text);
    std::sort(shown.begin(), shown.end());
    EXPECT_EQ(shown, (std::vector<std::string>{"Near", "Nearest"}));

    options.limit = 32;
    options.fadeStart = 5.0f;
    options.fadeEnd = 15.0f;
    tags.clear();
    appendAvatarLabels(w, nullptr, vec3(0.0f, 2.0f, 0.0f), options, tags);
    ASSERT_EQ(tags.size(), 4u) << "the one 20 m away is past the fade";
    for (const WorldLabel& l : tags) {
        if (l.text == "Nearest") {
            EXPECT_FLOAT_EQ(l.color.a, 1.0f);
        }
        if (l.text == "Far") {
            EXPECT_NEAR(l.color.a, 0.6f, 0.02f) << "9 m is 40% into the fade";
        }
    }
}

TEST(Labels, NameTagsKeepOneSizeOnScreenAtEveryDistance) {
    auto pixels = [](float distance) { return labelLineMetres(distance, 0.01f, kNameTagMinPixels) * 500.0f / distance; };
    EXPECT_NEAR(pixels(3.0f), pixels(40.0f), 0.01f);
}

TEST(Labels, ASeatedAvatarsNameTagSitsLowerThanAStandingOnes) {
    World w;
    Entity standing = w.create("standing"), seated = w.create("seated"), seat = w.create("seat");
    w.get<Transform>(seated)->position = vec3(2.0f, 0.0f, 0.0f);
    w.add<Seat>(seat, Seat{});
    w.add<Avatar>(standing, Avatar{.displayName = "Stan"});
    w.add<Avatar>(seated, Avatar{.displayName = "Sid", .seat = w.stableId(seat)});
    w.updateTransforms();
    CrowdAnimation crowd;
    for (int i = 1; i <= 180; ++i) crowd.update(w, i / 60.0, 1.0f / 60.0f);
    std::vector<WorldLabel> tags;
    appendAvatarLabels(w, &crowd, vec3(0.0f, 2.0f, 5.0f), NameTagOptions{}, tags);
    ASSERT_EQ(tags.size(), 2u);
    float stan = tags[0].text == "Stan" ? tags[0].position.y : tags[1].position.y;
    float sid = tags[0].text == "Sid" ? tags[0].position.y : tags[1].position.y;
    EXPECT_GT(stan, 1.9f);
    EXPECT_LT(stan, 2.4f);
    EXPECT_LT(sid, stan - 0.3f);
}

TEST(Labels, GlyphQuadsFromTheFontAtlasSitCentredOnTheLabelWithinItsHeight) {
    // Camera looking down -z: right is +x, up is +y.
    std::vector<LabelVertex> v;
    buildLabelVertices({WorldLabel{.position = vec3(1.0f, 2.0f, -3.0f), .text = "Hi there", .height = 0.5f}}, mat4(1.0f), testFont(), v);
    ASSERT_EQ(v.size(), 7u * 6u) << "one quad per visible glyph; the space has none";
    vec3 lo(1e9f), hi(-1e9f);
    for (const LabelVertex& x : v) {
        lo = glm::min(lo, x.position);
        hi = glm::max(hi, x.position);
        EXPECT_TRUE(x.uv.x >= 0.0f && x.uv.x <= 1.0f && x.uv.y >= 0.0f && x.uv.y <= 1.0f);
        EXPECT_EQ(x.color, 0xffffffffu);
    }
    // Quads carry the distance field's spread around the ink; the ink stays within the line.
    const text::FontSet& fonts = *testFont().fonts;
    float pad = float(fonts.options().sdfSpread) * 0.5f / (fonts.ascent() - fonts.descent());
    EXPECT_NEAR((lo.x + hi.x) * 0.5f, 1.0f, 0.05f);
    EXPECT_GE(lo.y + pad, 2.0f - 1e-4f);
    EXPECT_LE(hi.y - pad, 2.5f + 1e-4f);
    // Capitals and ascenders fill about half the 0.5 m line (Noto Sans: 0.71 em of 1.4 em).
    EXPECT_GT(hi.y - lo.y - 2.0f * pad, 0.24f);
    EXPECT_FLOAT_EQ(lo.z, -3.0f);
    EXPECT_FLOAT_EQ(hi.z, -3.0f);
}

TEST(Labels, TextInAnyScriptGetsAQuadPerShapedGlyph) {
    auto quads = [](const char* text) {
        std::vector<LabelVertex> v;
        buildLabelVertices({WorldLabel{.text = text}}, mat4(1.0f), testFont(), v);
        return v.size() / 6;
    };
    EXPECT_EQ(quads("\xc3\xa9"), 1u) << "é is one letter";
    EXPECT_EQ(quads("中文"), 2u);
    EXPECT_EQ(quads("سلام"), 3u) << "lam and alef join into one glyph";
    EXPECT_EQ(quads("a\xff"), 2u) << "a bad byte draws as the replacement character";
}

TEST(Labels, LongTextIsCutAtACharacterBoundary) {
    std::string longName;
    while (longName.size() < 300) longName += "中";  // 3 bytes each: 256 falls inside one
    std::vector<LabelVertex> v;
    buildLabelVertices({WorldLabel{.text = longName}}, mat4(1.0f), testFont(), v);
    EXPECT_EQ(v.size() / 6, kMaxLabelBytes / 3) << "whole characters only, no replacement glyph";
}

namespace {

// Mannequins of two presets, each one part with its own draw key; "a" as TableResolver has it.
class MannequinResolver : public TableResolver {
public:
    MannequinResolver() {
        for (std::size_t i = 0; i < kBodyPresets.size(); ++i) {
            bodies_[i].bounds.expand(vec3(-0.5f, 0.0f, -0.5f));
            bodies_[i].bounds.expand(vec3(0.5f, 1.8f, 0.5f));
            bodies_[i].parts = {{std::uint32_t(4 + i), false}};
        }
    }
    const Renderable* resolveMannequin(BodyPreset preset) override { return &bodies_[std::size_t(preset)]; }
    std::uint32_t drawKeyCount() const override { return 4 + std::uint32_t(kBodyPresets.size()); }

private:
    Renderable bodies_[kBodyPresets.size()];
};

}  // namespace

TEST(RenderList, AvatarsOfOneBodyPresetAreOneInstancedDrawWhateverTheirLooks) {
    World w;
    addMesh(w, "a", vec3(0.0f, 0.0f, -5.0f));
    CrowdAnimation crowd;
    std::vector<Entity> avatars;
    for (int i = 0; i < 200; ++i) {
        Entity e = w.create();
        w.get<Transform>(e)->position = vec3(float(i % 20) - 10.0f, 0.0f, -15.0f - float(i / 20));
        w.add<Avatar>(e, Avatar{});
        AvatarLook look;
        look.top = vec3(float(i) / 200.0f, 0.2f, 0.3f);
        look.body = i % 2 ? BodyPreset::Tall : BodyPreset::Average;
        crowd.setLook(w.stableId(e), look);
        avatars.push_back(e);
    }
    Entity behind = w.create();
    w.get<Transform>(behind)->position = vec3(0.0f, 0.0f, 30.0f);
    w.add<Avatar>(behind, Avatar{});
    Entity ownModel = w.create();
    w.get<Transform>(ownModel)->position = vec3(0.0f, 0.0f, -8.0f);
    w.add<Avatar>(ownModel, Avatar{.model = "people/ada.glb"});
    w.updateTransforms();
    crowd.update(w, 0.5, 1.0f / 60.0f);
    MannequinResolver r;
    RenderList list;
    ExtractOptions o;
    o.crowd = &crowd;
    o.shadows = false;
    extract(w, forwardFrustum(), vec3(0.0f), r, o, list);
    ASSERT_EQ(list.opaque.size(), 3u) << "the box, then one batch per body preset";
    EXPECT_EQ(list.opaque[1].drawKey, 4u);
    EXPECT_EQ(list.opaque[1].instanceCount, 100u);
    EXPECT_EQ(list.opaque[2].instanceCount, 100u);
    EXPECT_EQ(list.visible, 201u) << "the one behind the camera is culled, the one with a model is not a mannequin";
    EXPECT_EQ(list.joints.size(), 201u * (kHumanBoneCount + 1)) << "a palette and a look per posed avatar";
    // Each instance points at its own palette, its look right after it.
    const GpuInstance& inst = list.instance(list.opaque[1].firstInstance);
    EXPECT_EQ(inst.ids[2], kHumanBoneCount);
    EXPECT_EQ(inst.ids[3], inst.ids[1] + kHumanBoneCount + 1);
    EXPECT_EQ(list.joints[inst.ids[3] - 1], lookMatrix(*crowd.look(w.stableId(avatars[0]))));
    EXPECT_EQ(list.joints[inst.ids[1] + 1], crowd.skinMatrices(w.stableId(avatars[0]))[1]);
}

TEST(RenderList, AvatarsAreNotDrawnWithoutACrowd) {
    World w;
    Entity e = w.create();
    w.get<Transform>(e)->position = vec3(0.0f, 0.0f, -5.0f);
    w.add<Avatar>(e, Avatar{});
    w.updateTransforms();
    MannequinResolver r;
    RenderList list;
    extract(w, forwardFrustum(), vec3(0.0f), r, {}, list);
    EXPECT_TRUE(list.opaque.empty());
}
