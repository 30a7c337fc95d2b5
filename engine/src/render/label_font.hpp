#pragma once
// What labels are drawn with: the venue's font set, its shaped lines and the glyph atlas that
// the label pipeline samples (uploaded by GpuScene::glyphAtlasSet).
#include <memory>

#include "atrium/text/font_set.hpp"
#include "atrium/text/glyph_atlas.hpp"
#include "atrium/text/layout_cache.hpp"

namespace atrium::render {

struct LabelFont {
    std::unique_ptr<text::FontSet> fonts;
    text::LayoutCache layouts;
    text::GlyphAtlas atlas;

    LabelFont(std::unique_ptr<text::FontSet> set, const text::GlyphAtlasOptions& atlasOptions)
        : fonts(std::move(set)), layouts(*fonts), atlas(*fonts, atlasOptions) {}

    // Glyphs and lines used from now on are this frame's: the atlas keeps them until the next.
    void beginFrame() {
        layouts.beginFrame();
        atlas.beginFrame();
    }
};

// The label font of a family (Noto with fallback), or an error naming the missing font.
Result<std::unique_ptr<LabelFont>> createLabelFont(text::FontFamily family, std::uint32_t atlasSize);

}  // namespace atrium::render
