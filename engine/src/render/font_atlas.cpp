#include "render/font_atlas.hpp"

namespace atrium::render {
namespace {
#include "font/font_atlas.inc"
}  // namespace

const BakedGlyph& FontAtlas::glyph(char c) const {
    int i = int(static_cast<unsigned char>(c)) - kFirstChar;
    if (i < 0 || i >= kCharCount) i = '?' - kFirstChar;
    return kGlyphs[i];
}

const FontAtlas& fontAtlas() {
    static const FontAtlas atlas{std::uint32_t(kAtlasWidth), std::uint32_t(kAtlasHeight), kDistance, kAscent, kDescent, kPadding,
                                 kDistancePerPixel};
    return atlas;
}

}  // namespace atrium::render
