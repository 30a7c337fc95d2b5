#pragma once
// The label font: printable ASCII from DejaVu Sans baked at build time (engine/build_tools/font_baker.cpp) into a
// coverage atlas embedded in the library.
#include <cstdint>
#include <span>

namespace atrium::render {

struct BakedGlyph {
    std::uint16_t x0, y0, x1, y1;  // atlas pixels
    float xoff, yoff, xadvance;     // pixels from the pen position on the baseline, y down
};

struct FontAtlas {
    std::uint32_t width, height;
    std::span<const std::uint8_t> coverage;  // width * height, one byte a texel
    float ascent, descent;                   // pixels above (+) and below (-) the baseline
    // The glyph for c; characters outside printable ASCII map to '?'.
    const BakedGlyph& glyph(char c) const;
};

const FontAtlas& fontAtlas();

}  // namespace atrium::render
