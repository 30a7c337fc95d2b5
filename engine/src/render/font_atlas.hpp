#pragma once
// The label font: printable ASCII from DejaVu Sans baked at build time (engine/build_tools/font_baker.cpp) into a
// signed-distance atlas embedded in the library.
#include <cstdint>
#include <span>

namespace atrium::render {

struct BakedGlyph {
    std::uint16_t x0, y0, x1, y1;  // atlas pixels, padding included (empty for the space)
    float xoff, yoff, xadvance;    // pixels from the pen position on the baseline, y down
};

struct FontAtlas {
    std::uint32_t width, height;
    // width * height bytes: 128 on a glyph's edge, rising inside, falling outside, by
    // distancePerPixel * 255 a pixel, down to 0 at `padding` pixels out.
    std::span<const std::uint8_t> distance;
    float ascent, descent;   // pixels above (+) and below (-) the baseline
    float padding;           // pixels of falloff around each glyph's ink in its atlas box
    float distancePerPixel;  // change of the normalised distance value per atlas pixel
    // The glyph for c; characters outside printable ASCII map to '?'.
    const BakedGlyph& glyph(char c) const;
};

const FontAtlas& fontAtlas();

}  // namespace atrium::render
