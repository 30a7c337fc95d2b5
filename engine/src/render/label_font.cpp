#include "render/label_font.hpp"

namespace atrium::render {

Result<std::unique_ptr<LabelFont>> createLabelFont(text::FontFamily family, std::uint32_t atlasSize) {
    text::FontSetOptions fo;
    fo.family = family;
    auto fonts = text::FontSet::create(fo);
    if (!fonts) return fonts.error();
    text::GlyphAtlasOptions ao;
    ao.size = atlasSize;
    return std::make_unique<LabelFont>(std::move(*fonts), ao);
}

}  // namespace atrium::render
