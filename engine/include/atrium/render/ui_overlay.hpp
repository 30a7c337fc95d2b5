#pragma once
// A 2D overlay drawn over a frame: an editor's panels, a HUD. Triangles in overlay pixels,
// textured and vertex-coloured, alpha-blended, clipped per command. The shape matches what
// immediate-mode UI libraries emit (Dear ImGui's ImDrawData converts field for field) while the
// engine stays free of any UI library.
#include <cstdint>
#include <vector>

#include "atrium/core/math.hpp"

namespace atrium {

// A texture the overlay samples, from Renderer::createUiTexture. 0 is "none": plain white.
using UiTexture = std::uint32_t;

struct UiVertex {
    vec2 position{0.0f};  // overlay pixels, origin top-left
    vec2 uv{0.0f};
    std::uint32_t color = 0;  // RGBA8, red in the lowest byte (as written by IM_COL32)
};
static_assert(sizeof(UiVertex) == 20, "UiVertex is uploaded as is");

struct UiDrawCommand {
    vec4 clipRect{0.0f};           // min x, min y, max x, max y in overlay pixels
    std::uint32_t firstIndex = 0;  // into UiOverlay::indices
    std::uint32_t indexCount = 0;
    std::uint32_t vertexOffset = 0;  // added to every index of this command
    UiTexture texture = 0;
};

struct UiOverlay {
    // The overlay's coordinate space; it covers the whole target, so a window whose framebuffer
    // has more pixels than its size in screen units (HiDPI) scales it up.
    vec2 displaySize{0.0f};
    std::vector<UiVertex> vertices;
    std::vector<std::uint32_t> indices;
    std::vector<UiDrawCommand> commands;
};

struct UiRect {
    float x = 0.0f, y = 0.0f, width = 0.0f, height = 0.0f;
};

// How a frame is put together: the 3D scene into a rectangle, the overlay over everything.
struct FrameComposition {
    // Where the scene goes, in overlay units; zero width or height: the whole target.
    UiRect scene;
    const UiOverlay* overlay = nullptr;          // null: no overlay
    vec4 background{0.06f, 0.06f, 0.07f, 1.0f};  // around the scene rectangle (display values)
};

}  // namespace atrium
