// The main layout as an image: the renderer draws the scene offscreen (lavapipe, validation on)
// into the viewport and the UI is composited over it.
#include <gtest/gtest.h>

#include <set>

#include "atrium/render/renderer.hpp"
#include "screenshot.hpp"

using namespace atrium;
using namespace atrium::editor;

TEST(EditorScreenshot, SceneFillsTheViewportAndPanelsSurroundIt) {
    RendererOptions options;
    options.validation = true;
    auto renderer = Renderer::create(options);
    ASSERT_TRUE(renderer.ok()) << renderer.error().toString();
    HeadlessImGui imgui(1280, 720);
    Document doc;
    EditorUi ui(doc, std::filesystem::temp_directory_path() / "atrium_editor_shot_test");
    ui.requestNew("classroom");
    doc.selection().select(doc.world().stableId(doc.world().findByName("Screen")));
    std::filesystem::path png = std::filesystem::temp_directory_path() / "atrium_editor_shot_test.png";
    Status s = captureEditorScreenshot(**renderer, imgui, ui, doc, png);
    ASSERT_TRUE(s.ok()) << s.error().toString();
    Result<Image> img = loadImagePng(png);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->width, 1280u);
    EXPECT_EQ(img->height, 720u);
    // The viewport shows a rendered scene: many distinct colours, not the flat fill.
    Rect v = ui.viewport();
    std::set<std::uint32_t> colours;
    for (std::uint32_t y = std::uint32_t(v.y) + 40; y < std::uint32_t(v.y + v.h); y += 7) {
        for (std::uint32_t x = std::uint32_t(v.x); x < std::uint32_t(v.x + v.w); x += 7) {
            const std::uint8_t* p = img->pixel(x, y);
            colours.insert(std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2]);
        }
    }
    EXPECT_GT(colours.size(), 200u);
    // The hierarchy panel on the left is ImGui's dark window background, not the scene.
    const std::uint8_t* panel = img->pixel(150, 600);
    EXPECT_LT(panel[0], 60);
    EXPECT_LT(panel[1], 60);
    EXPECT_EQ(vulkanValidationMessageCount(), 0u);
    std::filesystem::remove(png);
}
