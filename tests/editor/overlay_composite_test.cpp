// The renderer's overlay pass against the editor's software rasteriser: the same ImGui draw
// data composed over the same scene on the GPU (offscreen, lavapipe, validation on) and on the
// CPU must agree, and the scene must land in the viewport rectangle only.
#include <gtest/gtest.h>

#include <set>

#include "atrium/render/renderer.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "ui_raster.hpp"

using namespace atrium;
using namespace atrium::editor;

TEST(OverlayComposite, GpuOverlayMatchesTheSoftwareRasteriserOverTheSameScene) {
    std::uint64_t before = vulkanValidationMessageCount();
    RendererOptions options;
    options.validation = true;
    options.shadowMapSize = 512;
    auto renderer = Renderer::create(options);
    ASSERT_TRUE(renderer.ok()) << renderer.error().toString();
    Renderer& r = **renderer;
    HeadlessImGui imgui(960, 540);
    unsigned char* pixels = nullptr;
    int aw = 0, ah = 0;
    imgui.io().Fonts->GetTexDataAsRGBA32(&pixels, &aw, &ah);
    auto atlas = r.createUiTexture(std::uint32_t(aw), std::uint32_t(ah), pixels);
    ASSERT_TRUE(atlas.ok()) << atlas.error().toString();
    imgui.io().Fonts->SetTexID(toImTextureId(*atlas));

    Document doc;
    EditorUi ui(doc, std::filesystem::temp_directory_path() / "atrium_overlay_composite_test");
    ui.requestNew("classroom");
    for (int i = 0; i < 3; ++i) {
        imgui.beginFrame();
        ui.frame(0.0, 0.0f);
        imgui.endFrame();
    }
    doc.mutableWorld().updateTransforms();
    UiOverlay overlay;
    overlayFromDrawData(*ImGui::GetDrawData(), overlay);
    ASSERT_GT(overlay.commands.size(), 5u);
    Rect v = ui.viewport();
    CameraView view;
    view.eye = ui.viewportPanel.camera.position();
    view.target = ui.viewportPanel.camera.target;
    view.fovYDegrees = ui.viewportPanel.camera.fovYDegrees;

    FrameComposition sceneOnly;
    sceneOnly.scene = UiRect{v.x, v.y, v.w, v.h};
    FrameComposition full = sceneOnly;
    full.overlay = &overlay;
    Result<Image> plain = r.renderToImage(doc.world(), view, sceneOnly, 960, 540);
    Result<Image> composed = r.renderToImage(doc.world(), view, full, 960, 540);
    ASSERT_TRUE(plain.ok()) << plain.error().toString();
    ASSERT_TRUE(composed.ok()) << composed.error().toString();

    // Without the overlay: the background around the viewport, a scene inside it.
    const std::uint8_t* corner = plain->pixel(5, 535);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(corner[c], int(sceneOnly.background[c] * 255.0f + 0.5f), 1);
    std::set<std::uint32_t> colours;
    for (auto y = std::uint32_t(v.y); y < std::uint32_t(v.y + v.h); y += 4) {
        for (auto x = std::uint32_t(v.x); x < std::uint32_t(v.x + v.w); x += 4) {
            const std::uint8_t* p = plain->pixel(x, y);
            colours.insert(std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2]);
        }
    }
    EXPECT_GT(colours.size(), 100u);

    // The software rasteriser over the GPU's scene-only frame is the reference for the overlay.
    RgbaImage reference{960, 540, plain->pixels};
    rasterizeDrawData(*ImGui::GetDrawData(), reference);
    Image expected{960, 540, reference.pixels};
    Result<ImageDifference> diff = compareImages(*composed, expected, 40);
    ASSERT_TRUE(diff.ok());
    EXPECT_LT(diff->fractionOverTolerance, 0.01) << diff->pixelsOverTolerance << " pixels differ";
    std::printf("overlay: %zu commands; GPU vs software: %zu pixels over 40 levels (%.4f%%), max delta %d\n", overlay.commands.size(),
                diff->pixelsOverTolerance, diff->fractionOverTolerance * 100.0, diff->maxChannelDelta);
    // The dark panels differ from the dark background by a few levels only, the text by more.
    Result<ImageDifference> changed = compareImages(*composed, *plain, 2);
    EXPECT_GT(changed->fractionOverTolerance, 0.4) << "the panels cover a good part of the frame";
    EXPECT_EQ(vulkanValidationMessageCount(), before);
}
