#pragma once
// A line of text shaped with HarfBuzz: glyphs from the FontSet's faces (per-character
// fallback), positioned left to right in visual order after a simple bidi split.
#include <cstdint>
#include <string_view>
#include <vector>

#include "atrium/text/font_set.hpp"

namespace atrium::text {

struct ShapedGlyph {
    std::uint16_t face = 0;
    std::uint32_t glyph = 0;  // glyph index in that face
    // Pen position of the glyph's origin: pixels at the set's pixelsPerEm from the line's left
    // end, on the baseline, y up.
    float x = 0.0f, y = 0.0f;
    std::uint32_t cluster = 0;  // byte offset of the first character this glyph belongs to
};

struct ShapedText {
    std::vector<ShapedGlyph> glyphs;  // visual order, left to right
    float width = 0.0f;               // advance of the whole line, pixels
    bool rightToLeft = false;         // the paragraph direction (its first strong character)
    std::uint32_t clusterCount() const;
};

// Shapes one line (line breaks are not laid out). Ill-formed UTF-8 shapes as U+FFFD;
// characters no face has draw as the primary face's missing-glyph box.
ShapedText shapeText(const FontSet& fonts, std::string_view utf8);

// Bidi embedding levels for code points, the subset of UAX #9 a label needs: strong letters
// by script, European digits kept left to right inside right-to-left text (W7, I1-I2), neutrals
// between two runs of one direction taking it (N1) and the paragraph's otherwise (N2). No
// explicit embeddings, isolates or mirroring.
std::vector<std::uint8_t> bidiLevels(const std::vector<char32_t>& codepoints, bool& rightToLeft);

}  // namespace atrium::text
