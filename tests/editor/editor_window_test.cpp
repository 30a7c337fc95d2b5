// The interactive editor in a real window (Xvfb in CI, lavapipe, validation on): simulated
// input reaches the editor through the engine's InputState, and the presented frame shows the
// scene in the viewport and the panels (drawn by the renderer's overlay pass) around it.
#include <gtest/gtest.h>

#include <set>

#include "atrium/platform/window.hpp"
#include "atrium/render/renderer.hpp"
#include "editor_window.hpp"
#include "picking.hpp"
#include "ui_raster.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

struct WindowDriver {
    HeadlessImGui imgui{1024, 640};
    Document doc;
    EditorUi ui{doc, std::filesystem::temp_directory_path() / "atrium_editor_window_test"};
    std::unique_ptr<EditorWindow> window;
    InputState input;

    Status open() {
        if (Status s = doc.newFromTemplate("empty"); !s.ok()) return s;
        ui.hierarchy.expandAll(doc.world());
        EditorWindowOptions o;
        o.width = 1024;
        o.height = 640;
        o.validation = true;
        auto w = EditorWindow::create(doc, ui, imgui, o);
        if (!w) return w.error();
        window = std::move(*w);
        window->setSimulatedInput(&input);
        return Ok{};
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ASSERT_TRUE(window->frame()) << window->lastError().error().toString();
    }
    void click(vec2 p) {
        input.mousePosition = p;
        frames(3);
        input.buttons[0] = true;
        frames(1);
        input.buttons[0] = false;
        frames(2);
    }
    void press(Key key, bool ctrl = false) {
        input.keys[std::size_t(Key::LeftControl)] = ctrl;
        input.keys[std::size_t(key)] = true;
        frames(1);
        input.keys[std::size_t(key)] = false;
        input.keys[std::size_t(Key::LeftControl)] = false;
        frames(1);
    }
    ViewRect view() const {
        Rect r = ui.viewport();
        return ViewRect{r.x, r.y, r.w, r.h};
    }
};

}  // namespace

TEST(EditorWindow, ClicksAndShortcutsEditTheVenueAndTheFrameShowsSceneAndPanels) {
    std::uint64_t before = vulkanValidationMessageCount();
    {
        WindowDriver d;
        Status opened = d.open();
        if (!opened.ok()) GTEST_SKIP() << "no window: " << opened.error().toString();
        Command create = makeCreate("Target", {}, {MeshRenderer{.mesh = "builtin:box"}});
        auto& tree = std::get<CreateEntities>(create).tree;
        std::get<Transform>(tree.entities[0].components[0]).position = vec3(0.0f, 1.0f, 0.0f);
        std::get<Transform>(tree.entities[0].components[0]).scale = vec3(2.0f);
        StableId target = tree.entities.front().id;
        ASSERT_TRUE(d.doc.execute(std::move(create)).ok());
        d.doc.selection().clear();
        d.doc.mutableWorld().updateTransforms();
        d.ui.viewportPanel.frameSelection(d.doc);
        d.frames(3);
        EXPECT_EQ(d.window->window().framebufferWidth(), 1024u);
        EXPECT_NE(editorWindowTitle(d.doc).find('*'), std::string::npos) << "the venue has unsaved changes";

        // A click on the box in the viewport selects it.
        auto pixel = d.ui.viewportPanel.camera.project(vec3(0.0f, 1.0f, 0.0f), d.view());
        ASSERT_TRUE(pixel);
        ASSERT_TRUE(d.view().contains(*pixel));
        d.click(*pixel);
        ASSERT_TRUE(d.doc.selection().contains(target));

        // Delete removes it, Ctrl+Z brings it back.
        std::size_t count = d.doc.world().entityCount();
        d.press(Key::Delete);
        EXPECT_EQ(d.doc.world().entityCount(), count - 1);
        EXPECT_FALSE(d.doc.world().find(target));
        d.press(Key::Z, true);
        EXPECT_EQ(d.doc.world().entityCount(), count);
        EXPECT_TRUE(d.doc.world().find(target));

        // The presented frame: the scene in the viewport, the panels as ImGui drew them.
        d.window->renderer().captureNextWindowFrame();
        d.frames(1);
        Result<Image> shot = d.window->renderer().windowCapture();
        ASSERT_TRUE(shot.ok()) << shot.error().toString();
        ASSERT_EQ(shot->width, 1024u);
        ASSERT_EQ(shot->height, 640u);
        Rect v = d.ui.viewport();
        std::set<std::uint32_t> colours;
        for (auto y = std::uint32_t(v.y) + 40; y < std::uint32_t(v.y + v.h); y += 5) {
            for (auto x = std::uint32_t(v.x); x < std::uint32_t(v.x + v.w); x += 5) {
                const std::uint8_t* p = shot->pixel(x, y);
                colours.insert(std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2]);
            }
        }
        EXPECT_GT(colours.size(), 100u) << "the viewport shows a rendered scene";

        // Software-rasterise the same draw data over the window's background colour: the
        // hierarchy panel (left of the viewport) must match what the GPU presented.
        FrameComposition defaults;
        RgbaImage reference;
        reference.width = 1024;
        reference.height = 640;
        reference.pixels.resize(std::size_t(1024) * 640 * 4);
        for (std::size_t i = 0; i < reference.pixels.size(); i += 4) {
            for (int c = 0; c < 3; ++c) reference.pixels[i + std::size_t(c)] = std::uint8_t(defaults.background[c] * 255.0f + 0.5f);
            reference.pixels[i + 3] = 255;
        }
        rasterizeDrawData(*ImGui::GetDrawData(), reference);
        std::size_t compared = 0, differing = 0, text = 0;
        for (auto y = std::uint32_t(v.y) + 4; y + 4 < std::uint32_t(v.y + v.h); ++y) {
            for (std::uint32_t x = 0; x + 2 < std::uint32_t(v.x); ++x) {
                const std::uint8_t* gpu = shot->pixel(x, y);
                const std::uint8_t* cpu = &reference.pixels[(std::size_t(y) * 1024 + x) * 4];
                int delta = 0;
                for (int c = 0; c < 3; ++c) delta = std::max(delta, std::abs(int(gpu[c]) - int(cpu[c])));
                ++compared;
                if (delta > 40) ++differing;
                if (gpu[0] > 150 && gpu[1] > 150 && gpu[2] > 150) ++text;
            }
        }
        EXPECT_LT(double(differing) / double(compared), 0.02) << differing << " of " << compared << " panel pixels differ";
        EXPECT_GT(text, 200u) << "the hierarchy's text is drawn from the font atlas";
        EXPECT_GT(d.window->thumbnails().rendered(), 3u) << "the kit library shows thumbnails, one more each frame";

        // Typed text reaches a text field, and the cursor over it is a text beam.
        ImVec2 field = d.ui.hierarchy.filterRect.center();
        d.click(vec2(field.x, field.y));
        EXPECT_EQ(d.window->window().cursor(), CursorShape::TextInput);
        d.input.characters = {'T', 'a', 'r'};
        d.frames(1);
        d.input.characters.clear();
        d.frames(1);
        EXPECT_EQ(d.ui.hierarchy.filter, "Tar");
        d.press(Key::Escape);
        d.input.mousePosition = vec2(d.view().x + d.view().w * 0.5f, d.view().y + d.view().h * 0.5f);
        d.frames(1);
        EXPECT_EQ(d.window->window().cursor(), CursorShape::Arrow);

        // ImGui's clipboard is the desktop's.
        ImGui::SetClipboardText("atrium clipboard check");
        EXPECT_EQ(d.window->window().clipboardText(), "atrium clipboard check");
        d.window->window().setClipboardText("from the desktop");
        EXPECT_STREQ(ImGui::GetClipboardText(), "from the desktop");

        // A resize lays the panels out again for the new size and the frame follows.
        d.window->window().resize(800, 500);
        for (int i = 0; i < 20 && d.window->window().framebufferWidth() != 800u; ++i) d.frames(1);
        d.frames(2);
        EXPECT_EQ(ImGui::GetIO().DisplaySize.x, 800.0f);
        EXPECT_LE(d.ui.viewport().x + d.ui.viewport().w, 800.0f);
        d.window->renderer().captureNextWindowFrame();
        d.frames(1);
        Result<Image> resized = d.window->renderer().windowCapture();
        ASSERT_TRUE(resized.ok()) << resized.error().toString();
        EXPECT_EQ(resized->width, 800u);
        EXPECT_EQ(resized->height, 500u);

        // Closing the window asks about the unsaved changes first; Discard quits.
        d.window->window().requestClose();
        d.frames(1);
        EXPECT_EQ(d.ui.pending(), EditorUi::Pending::Quit);
        d.ui.resolvePrompt(EditorUi::Answer::Discard);
        EXPECT_FALSE(d.window->frame());
        EXPECT_TRUE(d.ui.quitRequested());
    }
    EXPECT_EQ(vulkanValidationMessageCount(), before);
}

TEST(EditorWindow, ClicksPickTheSurfaceDrawnUnderTheMouseNotTheBoundsAroundIt) {
    std::uint64_t before = vulkanValidationMessageCount();
    {
        WindowDriver d;
        Status opened = d.open();
        if (!opened.ok()) GTEST_SKIP() << "no window: " << opened.error().toString();
        // An arch with a box seen through its opening: the arch's bounds cover the box.
        Command arch = makeCreate("Arch", {}, {MeshRenderer{.mesh = "builtin:arch"}});
        ASSERT_TRUE(d.doc.execute(std::move(arch)).ok());
        Command box = makeCreate("Behind", {}, {MeshRenderer{.mesh = "builtin:box"}});
        auto& tree = std::get<CreateEntities>(box).tree;
        std::get<Transform>(tree.entities[0].components[0]).position = vec3(0.0f, 1.0f, -3.0f);
        StableId behind = tree.entities.front().id;
        ASSERT_TRUE(d.doc.execute(std::move(box)).ok());
        d.doc.selection().clear();
        d.doc.mutableWorld().updateTransforms();
        EditorCamera& cam = d.ui.viewportPanel.camera;
        cam.target = vec3(0.0f, 1.0f, 0.0f);
        cam.yawDegrees = 0.0f;
        cam.pitchDegrees = 0.0f;
        cam.distance = 6.0f;
        d.ui.kitThumbnail = nullptr;  // no offscreen renders between frames in this test
        d.frames(3);
        auto pixel = cam.project(vec3(0.0f, 1.0f, -3.0f), d.view());
        ASSERT_TRUE(pixel);
        auto archBounds = pickBounds(d.doc.world(), d.doc.world().findByName("Arch"), &d.doc.meshBounds());
        ASSERT_TRUE(archBounds);
        EXPECT_GT(archBounds->second.y, 1.0f) << "the click is inside the arch's bounds";
        d.click(*pixel);
        EXPECT_TRUE(d.doc.selection().contains(behind)) << "the box drawn through the opening is selected";
    }
    EXPECT_EQ(vulkanValidationMessageCount(), before);
}
