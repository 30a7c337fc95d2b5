// Shaping with HarfBuzz: joined Arabic, ligatures, clusters, right-to-left order.
#include <gtest/gtest.h>

#include "atrium/text/layout_cache.hpp"
#include "atrium/text/shaped_text.hpp"
#include "test_fonts.hpp"

using namespace atrium::text;

namespace {

using atrium::test::fonts;

std::vector<std::uint32_t> clusters(const ShapedText& t) {
    std::vector<std::uint32_t> out;
    for (const ShapedGlyph& g : t.glyphs) out.push_back(g.cluster);
    return out;
}

}  // namespace

TEST(Shaping, ArabicLettersTakeTheirJoinedForms) {
    // "سلام": seen alone, seen starts a word (its initial form is a different glyph), and lam
    // with alef becomes one ligature, so four letters draw as three glyphs.
    ShapedText alone = shapeText(fonts(), "س");
    ShapedText word = shapeText(fonts(), "سلام");
    ASSERT_EQ(alone.glyphs.size(), 1u);
    ASSERT_EQ(word.glyphs.size(), 3u);
    EXPECT_TRUE(word.rightToLeft);
    const ShapedGlyph& seen = word.glyphs.back();  // rightmost: the first letter
    EXPECT_EQ(seen.cluster, 0u);
    EXPECT_NE(seen.glyph, alone.glyphs[0].glyph);
    EXPECT_LT(word.glyphs.back().x - word.glyphs.front().x, word.width);
}

TEST(Shaping, LamAlefIsOneGlyphInOneCluster) {
    ShapedText t = shapeText(fonts(), "لا");
    ASSERT_EQ(t.glyphs.size(), 1u);
    EXPECT_EQ(t.clusterCount(), 1u);
}

TEST(Shaping, RightToLeftTextComesOutInVisualOrder) {
    // Glyphs left to right: the last letter's cluster first.
    ShapedText t = shapeText(fonts(), "שלום");
    std::vector<std::uint32_t> c = clusters(t);
    EXPECT_EQ(c, (std::vector<std::uint32_t>{6, 4, 2, 0}));
    for (std::size_t i = 1; i < t.glyphs.size(); ++i) EXPECT_GT(t.glyphs[i].x, t.glyphs[i - 1].x);
}

TEST(Shaping, DigitsInsideRightToLeftTextStayLeftToRight) {
    // "שלום 123!" reads, left to right on screen: "!", "123", space, the Hebrew word reversed.
    ShapedText t = shapeText(fonts(), "שלום 123!");
    std::vector<std::uint32_t> c = clusters(t);
    EXPECT_EQ(c, (std::vector<std::uint32_t>{12, 9, 10, 11, 8, 6, 4, 2, 0}));
}

TEST(Shaping, AnArabicRunInsideLatinTextIsReversedOnItsOwn) {
    ShapedText t = shapeText(fonts(), "Hi سلام");
    EXPECT_FALSE(t.rightToLeft);
    std::vector<std::uint32_t> c = clusters(t);
    ASSERT_EQ(c.size(), 6u);  // H, i, space, then the three glyphs of the word
    EXPECT_EQ((std::vector<std::uint32_t>(c.begin(), c.begin() + 3)), (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ((std::vector<std::uint32_t>(c.begin() + 3, c.end())), (std::vector<std::uint32_t>{9, 5, 3}));
    EXPECT_EQ(t.glyphs[0].face, fonts().faceFor(U'H'));
    EXPECT_EQ(t.glyphs[5].face, fonts().faceFor(U'س'));
}

TEST(Shaping, ThaiVowelsAndToneMarksJoinTheirConsonantsCluster) {
    // สวัสดี: six code points, four clusters (ส, วั, ส, ดี); the marks draw as their own glyphs.
    ShapedText t = shapeText(fonts(), "สวัสดี");
    EXPECT_EQ(t.clusterCount(), 4u);
    EXPECT_EQ(t.glyphs.size(), 6u);
}

TEST(Shaping, DevanagariConjunctsFormOneCluster) {
    // नमस्ते: न, म, स्ते (a conjunct with a vowel sign): three syllables.
    ShapedText t = shapeText(fonts(), "नमस्ते");
    std::vector<std::uint32_t> c = clusters(t);
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    EXPECT_EQ(c.front(), 0u);
    EXPECT_LE(c.size(), 4u);
    EXPECT_LT(t.glyphs.size(), 6u);  // fewer glyphs than its six code points
}

TEST(Shaping, LatinLigaturesJoinLetters) {
    // "office": f and i join (Noto Sans has ffi), so six letters make fewer glyphs.
    ShapedText t = shapeText(fonts(), "office");
    EXPECT_LT(t.glyphs.size(), 6u);
    EXPECT_EQ(t.clusterCount(), t.glyphs.size());
}

TEST(Shaping, AccentedLatinIsOneGlyphPerLetter) {
    ShapedText t = shapeText(fonts(), "Ünïcødé");
    EXPECT_EQ(t.glyphs.size(), 7u);
    for (const ShapedGlyph& g : t.glyphs) EXPECT_NE(g.glyph, 0u);  // none missing
}

TEST(Shaping, CjkCharactersComeFromTheCjkFaceAtOneEmEach) {
    ShapedText t = shapeText(fonts(), "Li 中文");
    ASSERT_EQ(t.glyphs.size(), 5u);
    std::uint16_t cjk = fonts().faceFor(U'中');
    EXPECT_EQ(t.glyphs[3].face, cjk);
    EXPECT_EQ(t.glyphs[4].face, cjk);
    EXPECT_NEAR(t.glyphs[4].x - t.glyphs[3].x, fonts().options().pixelsPerEm, 0.01f);
}

TEST(Shaping, IllFormedBytesShapeAsTheReplacementCharacter) {
    ShapedText bad = shapeText(fonts(), "a\xFF");
    ShapedText good = shapeText(fonts(), "a\xEF\xBF\xBD");
    ASSERT_EQ(bad.glyphs.size(), 2u);
    EXPECT_EQ(bad.glyphs[1].glyph, good.glyphs[1].glyph);
}

TEST(Shaping, EmptyTextHasNoGlyphs) {
    ShapedText t = shapeText(fonts(), "");
    EXPECT_TRUE(t.glyphs.empty());
    EXPECT_EQ(t.width, 0.0f);
}

TEST(LayoutCache, ALineIsShapedOnceAndReusedAcrossFrames) {
    LayoutCache cache(fonts(), 2);
    const ShapedText& a = cache.shape("中文");
    EXPECT_EQ(cache.misses(), 1u);
    cache.beginFrame();
    const ShapedText& b = cache.shape("中文");
    EXPECT_EQ(cache.misses(), 1u);
    EXPECT_EQ(&a, &b);
    EXPECT_EQ(b.glyphs.size(), 2u);
}

TEST(LayoutCache, OverCapacityLinesUnusedLastFrameAreDropped) {
    LayoutCache cache(fonts(), 2);
    cache.shape("a");
    cache.shape("b");
    cache.shape("c");
    cache.beginFrame();  // all three were used in that frame: kept
    EXPECT_EQ(cache.size(), 3u);
    cache.shape("c");
    cache.beginFrame();
    EXPECT_EQ(cache.size(), 1u);
    cache.shape("a");
    EXPECT_EQ(cache.misses(), 4u);
}
