#include "atrium/text/glyph_atlas.hpp"

#include <algorithm>

#include "atrium/core/log.hpp"

namespace atrium::text {

namespace {

std::uint64_t keyOf(std::uint16_t face, std::uint32_t glyph) { return std::uint64_t(face) << 32 | glyph; }

}  // namespace

GlyphAtlas::GlyphAtlas(const FontSet& fonts, const GlyphAtlasOptions& options) : fonts_(fonts), options_(options) {
    options_.cell = std::max<std::uint32_t>(options_.cell, 8);
    options_.size = std::max(options_.size, options_.cell);
    std::uint32_t perRow = options_.size / options_.cell;
    // Outside the glyphs the distance is 0: as far outside as the field goes.
    pixels_.assign(std::size_t(options_.size) * options_.size, 0);
    cells_.resize(std::size_t(perRow) * perRow);
    free_.reserve(cells_.size());
    for (std::uint32_t i = std::uint32_t(cells_.size()); i-- > 0;) free_.push_back(i);
}

void GlyphAtlas::beginFrame() { ++frame_; }

const AtlasGlyph* GlyphAtlas::find(std::uint16_t face, std::uint32_t glyph) const {
    auto it = entries_.find(keyOf(face, glyph));
    return it == entries_.end() ? nullptr : &it->second.glyph;
}

std::optional<std::uint32_t> GlyphAtlas::freeCell() {
    if (!free_.empty()) {
        std::uint32_t c = free_.back();
        free_.pop_back();
        return c;
    }
    // Least recently used, never one that this frame's text already points at.
    std::uint32_t best = 0;
    std::uint64_t oldest = frame_;
    for (std::uint32_t i = 0; i < cells_.size(); ++i) {
        if (cells_[i].lastUsed < oldest) {
            oldest = cells_[i].lastUsed;
            best = i;
        }
    }
    if (oldest == frame_) return std::nullopt;
    entries_.erase(cells_[best].key);
    ++stats_.evicted;
    --stats_.resident;
    return best;
}

void GlyphAtlas::draw(const GlyphBitmap& bitmap, std::uint32_t cell, AtlasGlyph& out) {
    std::uint32_t perRow = options_.size / options_.cell;
    std::uint32_t x0 = (cell % perRow) * options_.cell, y0 = (cell / perRow) * options_.cell;
    // A glyph bigger than a cell (rare: tall stacks of marks) is cut to it rather than spilling
    // into a neighbour's cell.
    std::uint32_t w = std::min(bitmap.width, options_.cell), h = std::min(bitmap.height, options_.cell);
    for (std::uint32_t y = 0; y < options_.cell; ++y) {
        std::uint8_t* row = pixels_.data() + std::size_t(y0 + y) * options_.size + x0;
        std::fill(row, row + options_.cell, std::uint8_t(0));
        if (y < h) std::copy_n(bitmap.distance.data() + std::size_t(y) * bitmap.width, w, row);
    }
    out = AtlasGlyph{std::uint16_t(x0), std::uint16_t(y0), std::uint16_t(w), std::uint16_t(h), bitmap.left, bitmap.top};
    Rows rows{y0, y0 + options_.cell};
    if (dirty_) rows = {std::min(dirty_->first, rows.first), std::max(dirty_->end, rows.end)};
    dirty_ = rows;
}

const AtlasGlyph* GlyphAtlas::acquire(std::uint16_t face, std::uint32_t glyph) {
    std::uint64_t key = keyOf(face, glyph);
    if (auto it = entries_.find(key); it != entries_.end()) {
        if (it->second.hasCell) cells_[it->second.cell].lastUsed = frame_;
        return &it->second.glyph;
    }
    if (!fonts_.rasterize(face, glyph, scratch_)) {
        // No ink: remembered without a cell, so spaces cost nothing after the first.
        Entry& e = entries_[key];
        e.glyph = AtlasGlyph{};
        return &e.glyph;
    }
    std::optional<std::uint32_t> cell = freeCell();
    if (!cell) {
        if (stats_.refused++ == 0) logWarn("text", "glyph atlas full with this frame's glyphs; some are left out");
        return nullptr;
    }
    if (scratch_.width > options_.cell || scratch_.height > options_.cell) {
        logWarn("text", "glyph " + std::to_string(glyph) + " of " + fonts_.file(face).path + " is larger than an atlas cell; cut");
    }
    Entry& e = entries_[key];
    e.cell = *cell;
    e.hasCell = true;
    draw(scratch_, *cell, e.glyph);
    cells_[*cell] = Cell{key, frame_, true};
    ++stats_.rasterized;
    ++stats_.resident;
    return &e.glyph;
}

std::optional<GlyphAtlas::Rows> GlyphAtlas::takeDirtyRows() {
    std::optional<Rows> out = dirty_;
    dirty_.reset();
    return out;
}

}  // namespace atrium::text
