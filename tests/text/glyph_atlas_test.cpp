// The glyph atlas: signed-distance glyphs added on first use, the least recently used evicted
// when it fills, glyphs of the current frame never.
#include <gtest/gtest.h>

#include "atrium/text/glyph_atlas.hpp"
#include "atrium/text/shaped_text.hpp"
#include "test_fonts.hpp"

using namespace atrium::text;

namespace {

using atrium::test::fonts;

ShapedGlyph glyphOf(const char* utf8) { return shapeText(fonts(), utf8).glyphs.at(0); }

// The pixels of a glyph's box in the atlas, row by row.
std::vector<std::uint8_t> boxPixels(const GlyphAtlas& atlas, const AtlasGlyph& g) {
    std::vector<std::uint8_t> out;
    for (std::uint32_t y = g.y; y < std::uint32_t(g.y + g.height); ++y) {
        const std::uint8_t* row = atlas.pixels().data() + std::size_t(y) * atlas.size();
        out.insert(out.end(), row + g.x, row + g.x + g.width);
    }
    return out;
}

}  // namespace

TEST(FontRaster, GlyphsAreSignedDistancesRisingInsideTheOutline) {
    ShapedGlyph i = glyphOf("I");
    GlyphBitmap bm;
    ASSERT_TRUE(fonts().rasterize(i.face, i.glyph, bm));
    // 'I' is an upright bar: the middle of the bitmap is inside, its corners outside; the
    // spread (8 pixels) leaves room around the ink on every side.
    int spread = fonts().options().sdfSpread;
    EXPECT_GT(bm.distance[(bm.height / 2) * bm.width + bm.width / 2], 128);
    EXPECT_LT(bm.distance[0], 128);
    EXPECT_GE(bm.width, std::uint32_t(2 * spread));
    EXPECT_GT(bm.height, std::uint32_t(fonts().options().pixelsPerEm * 0.7f));
    // Left of the stem's edge the value falls by 128 / spread a pixel.
    std::uint32_t row = bm.height / 2, edge = bm.width / 2;
    auto at = [&](std::uint32_t x) { return int(bm.distance[row * bm.width + x]); };
    while (edge > 0 && at(edge - 1) >= 128) --edge;
    ASSERT_GT(edge, 3u);
    EXPECT_NEAR(at(edge - 3), 128.0 - 2.5 * 128.0 / spread, 12.0);
    ShapedGlyph space = glyphOf(" ");
    EXPECT_FALSE(fonts().rasterize(space.face, space.glyph, bm));
}

TEST(GlyphAtlas, AGlyphIsRasterisedOnFirstUseOnly) {
    GlyphAtlas atlas(fonts(), {256, 64});
    ShapedGlyph g = glyphOf("中");
    const AtlasGlyph* a = atlas.acquire(g.face, g.glyph);
    ASSERT_NE(a, nullptr);
    EXPECT_GT(a->width, 0);
    const AtlasGlyph* b = atlas.acquire(g.face, g.glyph);
    EXPECT_EQ(a, b);
    EXPECT_EQ(atlas.stats().rasterized, 1u);
    auto rows = atlas.takeDirtyRows();
    ASSERT_TRUE(rows);
    EXPECT_LE(rows->first, a->y);
    EXPECT_GE(rows->end, std::uint32_t(a->y + a->height));
    EXPECT_FALSE(atlas.takeDirtyRows());  // nothing new since
}

TEST(GlyphAtlas, SpacesTakeNoCell) {
    GlyphAtlas atlas(fonts(), {128, 64});
    ShapedGlyph s = glyphOf(" ");
    const AtlasGlyph* a = atlas.acquire(s.face, s.glyph);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->width, 0);
    EXPECT_EQ(atlas.stats().resident, 0u);
}

TEST(GlyphAtlas, WhenFullTheLeastRecentlyUsedGlyphIsEvictedAndReAddedIntact) {
    // Four cells. Frame 1 draws 中 文 名 字; frame 2 draws 中 文 and two new glyphs, which take the
    // cells of 名 and 字; frame 3 draws 名 again: it comes back with the same pixels.
    GlyphAtlas atlas(fonts(), {128, 64});
    ASSERT_EQ(atlas.cellCount(), 4u);
    const char* first[] = {"中", "文", "名", "字"};
    std::vector<std::vector<std::uint8_t>> pictures;
    for (const char* c : first) {
        ShapedGlyph g = glyphOf(c);
        pictures.push_back(boxPixels(atlas, *atlas.acquire(g.face, g.glyph)));
    }
    atlas.beginFrame();
    ShapedGlyph zhong = glyphOf("中"), wen = glyphOf("文"), ming = glyphOf("名");
    AtlasGlyph zhongBefore = *atlas.acquire(zhong.face, zhong.glyph);
    atlas.acquire(wen.face, wen.glyph);
    for (const char* c : {"人", "山"}) {
        ShapedGlyph g = glyphOf(c);
        ASSERT_NE(atlas.acquire(g.face, g.glyph), nullptr);
    }
    EXPECT_EQ(atlas.stats().evicted, 2u);
    EXPECT_EQ(atlas.find(ming.face, ming.glyph), nullptr);
    // The glyphs kept were not touched.
    const AtlasGlyph* zhongNow = atlas.find(zhong.face, zhong.glyph);
    ASSERT_NE(zhongNow, nullptr);
    EXPECT_EQ(zhongNow->x, zhongBefore.x);
    EXPECT_EQ(zhongNow->y, zhongBefore.y);
    EXPECT_EQ(boxPixels(atlas, *zhongNow), pictures[0]);
    EXPECT_EQ(boxPixels(atlas, *atlas.find(wen.face, wen.glyph)), pictures[1]);

    atlas.beginFrame();
    const AtlasGlyph* back = atlas.acquire(ming.face, ming.glyph);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(boxPixels(atlas, *back), pictures[2]);
    EXPECT_EQ(atlas.stats().rasterized, 7u);
}

TEST(GlyphAtlas, GlyphsOfTheCurrentFrameAreNeverEvicted) {
    GlyphAtlas atlas(fonts(), {128, 64});
    std::vector<std::pair<const AtlasGlyph*, std::vector<std::uint8_t>>> held;
    for (const char* c : {"中", "文", "名", "字"}) {
        ShapedGlyph g = glyphOf(c);
        const AtlasGlyph* a = atlas.acquire(g.face, g.glyph);
        held.emplace_back(a, boxPixels(atlas, *a));
    }
    ShapedGlyph fifth = glyphOf("人");
    EXPECT_EQ(atlas.acquire(fifth.face, fifth.glyph), nullptr);
    EXPECT_EQ(atlas.stats().refused, 1u);
    EXPECT_EQ(atlas.stats().evicted, 0u);
    for (const auto& [glyph, pixels] : held) EXPECT_EQ(boxPixels(atlas, *glyph), pixels);
    atlas.beginFrame();  // next frame the fifth finds room
    EXPECT_NE(atlas.acquire(fifth.face, fifth.glyph), nullptr);
}
