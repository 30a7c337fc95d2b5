#pragma once
// CPU pixels for media screens (Renderer::setMediaScreenPixels): RGBA8, rows top to bottom,
// with the few drawing operations slides need: fills, gradients, rectangles and text.
#include <cstdint>
#include <string_view>
#include <vector>

#include "atrium/core/math.hpp"

namespace atrium::samples {

struct Canvas {
    std::uint32_t width = 0, height = 0;
    std::vector<std::uint8_t> rgba;

    Canvas(std::uint32_t w, std::uint32_t h) : width(w), height(h), rgba(std::size_t(w) * h * 4, 255) {}

    void set(int x, int y, vec3 color);
    void fill(vec3 color);
    // Top colour to bottom colour.
    void verticalGradient(vec3 top, vec3 bottom);
    void rect(int x, int y, int w, int h, vec3 color);
    // stb_easy_font glyphs scaled by `scale` (a glyph is about 7 x 12 units); (x, y) is the
    // top left of the first line. Returns the text's width in pixels.
    int text(int x, int y, std::string_view text, int scale, vec3 color);
    static int textWidth(std::string_view text, int scale);
};

// A hue in 0..1 as a saturated colour (for cycling stage lights and patterns).
vec3 hueColor(float hue);

}  // namespace atrium::samples
