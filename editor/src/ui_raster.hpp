#pragma once
// A small software rasteriser for Dear ImGui draw data: composes the editor UI over an image
// (the renderer's offscreen picture of the scene) for screenshots and image tests, without a
// window or a GPU swapchain. Supports what ImGui emits with the default font atlas: textured,
// vertex-coloured triangles with clip rectangles, alpha-blended.
#include <cstdint>
#include <vector>

#include <imgui.h>

namespace atrium::editor {

struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // RGBA8, rows top to bottom
};

// Draws `drawData` over `target` (same coordinate system as io.DisplaySize). The font atlas is
// taken from the current context (GetTexDataAsRGBA32).
void rasterizeDrawData(const ImDrawData& drawData, RgbaImage& target);

}  // namespace atrium::editor
