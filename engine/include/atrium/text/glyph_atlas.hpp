#pragma once
// The glyph atlas on the CPU side: signed-distance glyphs rasterised on first use into cells of
// one square single-channel picture, the least recently used evicted when it is full. The
// renderer uploads the rows that changed (dirtyRows) before drawing.
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "atrium/text/font_set.hpp"

namespace atrium::text {

struct AtlasGlyph {
    std::uint16_t x = 0, y = 0, width = 0, height = 0;  // atlas pixels; width 0: no ink (a space)
    float left = 0.0f, top = 0.0f;                      // from the pen position, pixels, y up
};

struct GlyphAtlasOptions {
    std::uint32_t size = 2048;  // pixels on a side
    std::uint32_t cell = 64;    // pixels on a side of the cell a glyph gets
};

struct GlyphAtlasStats {
    std::uint64_t rasterized = 0;  // glyphs drawn into the atlas, re-adds included
    std::uint64_t evicted = 0;
    std::uint64_t refused = 0;  // wanted while every cell held a glyph of the current frame
    std::uint32_t resident = 0;
};

class GlyphAtlas {
public:
    GlyphAtlas(const FontSet& fonts, const GlyphAtlasOptions& options = {});

    // Starts a frame: glyphs acquired from now on are kept until the next beginFrame.
    void beginFrame();

    // Where the glyph is, rasterising it on first use. When every cell is taken the least
    // recently used glyph of an earlier frame gives up its cell. Null when all cells hold
    // glyphs of this frame (the glyph is left out of this frame, and counted as refused).
    const AtlasGlyph* acquire(std::uint16_t face, std::uint32_t glyph);
    // Without adding or touching it; null when not resident.
    const AtlasGlyph* find(std::uint16_t face, std::uint32_t glyph) const;

    std::uint32_t size() const { return options_.size; }
    std::uint32_t cellCount() const { return std::uint32_t(cells_.size()); }
    std::span<const std::uint8_t> pixels() const { return pixels_; }  // size * size bytes, rows top down

    struct Rows {
        std::uint32_t first = 0, end = 0;
    };
    // Rows written since the last call, then forgets them.
    std::optional<Rows> takeDirtyRows();

    const GlyphAtlasStats& stats() const { return stats_; }

private:
    struct Cell {
        std::uint64_t key = 0;
        std::uint64_t lastUsed = 0;
        bool used = false;
    };
    struct Entry {
        AtlasGlyph glyph;
        std::uint32_t cell = 0;
        bool hasCell = false;
    };
    std::optional<std::uint32_t> freeCell();
    void draw(const GlyphBitmap& bitmap, std::uint32_t cell, AtlasGlyph& out);

    const FontSet& fonts_;
    GlyphAtlasOptions options_;
    std::vector<std::uint8_t> pixels_;
    std::vector<Cell> cells_;
    std::vector<std::uint32_t> free_;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::uint64_t frame_ = 1;
    std::optional<Rows> dirty_;
    GlyphAtlasStats stats_;
    GlyphBitmap scratch_;
};

}  // namespace atrium::text
