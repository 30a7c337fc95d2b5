#include "screenshot.hpp"

#include <algorithm>

#include "atrium/render/renderer.hpp"
#include "ui_raster.hpp"

namespace atrium::editor {

Status captureEditorScreenshot(Renderer& renderer, HeadlessImGui& imgui, EditorUi& ui, Document& doc, const std::filesystem::path& png,
                               int frames) {
    for (int i = 0; i < frames; ++i) {
        imgui.beginFrame();
        ui.frame(0.0, 0.0f);
        imgui.endFrame();
    }
    const ImGuiIO& io = imgui.io();
    RgbaImage composite;
    composite.width = int(io.DisplaySize.x);
    composite.height = int(io.DisplaySize.y);
    composite.pixels.assign(std::size_t(composite.width) * std::size_t(composite.height) * 4, 30);

    Rect v = ui.viewport();
    const EditorCamera& cam = ui.viewportPanel.camera;
    CameraView view;
    view.eye = cam.position();
    view.target = cam.target;
    view.fovYDegrees = cam.fovYDegrees;
    doc.mutableWorld().updateTransforms();
    auto w = std::uint32_t(std::max(v.w, 1.0f)), h = std::uint32_t(std::max(v.h, 1.0f));
    Result<Image> scene = renderer.renderToImage(doc.world(), view, w, h);
    if (!scene.ok()) return scene.error();
    for (std::uint32_t y = 0; y < h; ++y) {
        int dy = int(v.y) + int(y);
        if (dy < 0 || dy >= composite.height) continue;
        for (std::uint32_t x = 0; x < w; ++x) {
            int dx = int(v.x) + int(x);
            if (dx < 0 || dx >= composite.width) continue;
            std::copy_n(scene->pixel(x, y), 4, &composite.pixels[(std::size_t(dy) * std::size_t(composite.width) + std::size_t(dx)) * 4]);
        }
    }
    rasterizeDrawData(*ImGui::GetDrawData(), composite);
    Image out;
    out.width = std::uint32_t(composite.width);
    out.height = std::uint32_t(composite.height);
    out.pixels = std::move(composite.pixels);
    return saveImagePng(out, png);
}

}  // namespace atrium::editor
