// UTF-8 checks and per-character font fallback.
#include <gtest/gtest.h>

#include "atrium/core/utf8.hpp"
#include "atrium/text/font_set.hpp"
#include "test_fonts.hpp"

using namespace atrium;
using namespace atrium::text;

namespace {

using atrium::test::fonts;

}  // namespace

TEST(Utf8, WellFormedTextInEveryScriptPasses) {
    EXPECT_FALSE(findInvalidUtf8("café 中文 سلام สวัสดี 😀"));
    EXPECT_TRUE(checkUtf8("Ünïcødé", "name").ok());
}

TEST(Utf8, IllFormedSequencesAreFoundAtTheirByte) {
    EXPECT_EQ(findInvalidUtf8("ab\xC3"), 2u);                // truncated
    EXPECT_EQ(findInvalidUtf8("a\x80z"), 1u);                // stray continuation byte
    EXPECT_EQ(findInvalidUtf8("\xC0\xAF"), 0u);              // overlong '/'
    EXPECT_EQ(findInvalidUtf8("ok\xED\xA0\x80"), 2u);        // a surrogate
    EXPECT_EQ(findInvalidUtf8("\xF4\x90\x80\x80"), 0u);      // past U+10FFFF
    EXPECT_EQ(findInvalidUtf8("\xE4\xB8\xAD\xE4\xB8"), 3u);  // 中 then half a character
}

TEST(Utf8, TheErrorNamesTheFieldAndTheByte) {
    atrium::Status s = checkUtf8("Bob\xFF", "entities[3].name");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "entities[3].name: invalid UTF-8 at byte 3");
}

TEST(Utf8, ReplacementPutsOneReplacementCharacterPerBadSubpart) {
    EXPECT_EQ(replaceInvalidUtf8("a\xE4\xB8z"), "a\xEF\xBF\xBDz");          // one truncated sequence: one U+FFFD
    EXPECT_EQ(replaceInvalidUtf8("\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // two stray bytes: two
    EXPECT_EQ(replaceInvalidUtf8("中文"), "中文");
    EXPECT_FALSE(findInvalidUtf8(replaceInvalidUtf8("x\xC0\xAF\xED\xA0\x80\xF8y")));
}

TEST(Utf8, DecodingGivesCodePointsAndTheirOffsets) {
    DecodedText d = decodeUtf8("a中😀");
    ASSERT_EQ(d.codepoints.size(), 3u);
    EXPECT_EQ(d.codepoints[1], U'中');
    EXPECT_EQ(d.codepoints[2], U'😀');
    EXPECT_EQ(d.offsets[1], 1u);
    EXPECT_EQ(d.offsets[2], 4u);
    std::string back;
    for (char32_t cp : d.codepoints) appendUtf8(back, cp);
    EXPECT_EQ(back, "a中😀");
}

TEST(FontFallback, LatinGreekAndCyrillicComeFromNotoSans) {
    for (char32_t cp : {U'a', U'é', U'Ω', U'Ж'}) EXPECT_EQ(fonts().familyName(fonts().faceFor(cp)), "Noto Sans");
}

TEST(FontFallback, CjkCharactersPickTheCjkFace) {
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'中')), "Noto Sans CJK SC");
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'こ')), "Noto Sans CJK SC");
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'한')), "Noto Sans CJK SC");
}

TEST(FontFallback, OtherScriptsPickTheirNotoFace) {
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'س')), "Noto Sans Arabic");
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'ש')), "Noto Sans Hebrew");
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'ส')), "Noto Sans Thai");
    EXPECT_EQ(fonts().familyName(fonts().faceFor(U'न')), "Noto Sans Devanagari");
}

TEST(FontFallback, EmojiFallBackToAMonochromeFace) { EXPECT_EQ(fonts().familyName(fonts().faceFor(U'😀')), "DejaVu Sans"); }

TEST(FontFallback, ACharacterNoFaceHasIsReportedAsSuch) {
    EXPECT_EQ(fonts().faceFor(char32_t(0x10FFFD)), kNoFace);  // private use, plane 16
}

TEST(FontFallback, TheRegionPicksTheCjkFaceAndTheFamilyTheFaces) {
    FontSetOptions o;
    o.cjk = CjkRegion::Japanese;
    o.family = FontFamily::Serif;
    auto set = FontSet::create(o);
    ASSERT_TRUE(set.ok()) << set.error().toString();
    EXPECT_EQ((*set)->familyName((*set)->faceFor(U'中')), "Noto Serif CJK JP");
    EXPECT_EQ((*set)->familyName((*set)->faceFor(U'a')), "Noto Serif");
    EXPECT_EQ(parseFontFamily("serif").value(), FontFamily::Serif);
    EXPECT_FALSE(parseFontFamily("comic").ok());
}

TEST(FontFallback, AMissingVenueFontIsAnErrorNamingTheFile) {
    FontSetOptions o;
    o.extraFonts.push_back({"/nonexistent/venue.ttf", 0});
    auto set = FontSet::create(o);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.error().file, "/nonexistent/venue.ttf");
}
