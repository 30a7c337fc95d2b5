// Name tags and signs in every script, drawn on lavapipe with validation on: shaped text from
// the glyph atlas, compared with references (tests/data/reference/, tolerances as render_test)
// and checked on pixels: a Chinese tag is not boxes or '?', Arabic letters join, an atlas that
// evicts glyphs leaves the labels drawn before it intact.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "atrium/render/renderer.hpp"
#include "reference_image.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

using atrium::test::expectMatchesReference;
using atrium::test::kChannelTolerance;

std::unique_ptr<Renderer> makeRenderer(std::uint32_t glyphAtlasSize = 2048) {
    RendererOptions o;
    o.validation = true;
    o.shadows = false;
    o.glyphAtlasSize = glyphAtlasSize;
    auto r = Renderer::create(o);
    EXPECT_TRUE(r) << r.error().toString();
    return r ? std::move(r).value() : nullptr;
}

// A black room and a camera 2 m from the labels, looking at them.
World darkRoom() {
    World w;
    w.settings.sunIntensity = 0.0f;
    w.settings.ambientIntensity = 0.0f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.0f);
    w.updateTransforms();
    return w;
}

CameraView frontCamera() {
    CameraView cam;
    cam.eye = vec3(0.0f, 1.0f, 2.0f);
    cam.target = vec3(0.0f, 1.0f, 0.0f);
    cam.fovYDegrees = 40.0f;
    return cam;
}

Image draw(Renderer& r, const World& w, std::vector<WorldLabel> labels, std::uint32_t width = 320, std::uint32_t height = 128,
           const CameraView& cam = frontCamera()) {
    r.setLabels(std::move(labels));
    auto img = r.renderToImage(w, cam, width, height);
    EXPECT_TRUE(img) << (img ? "" : img.error().toString());
    r.setLabels({});
    return img ? std::move(img).value() : Image{};
}

WorldLabel tag(const char* text, float y = 1.0f) { return WorldLabel{.position = vec3(0.0f, y, 0.0f), .text = text, .height = 0.5f}; }

std::size_t inkPixels(const Image& img) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < img.pixels.size(); i += 4) n += img.pixels[i] > 128;
    return n;
}

// Pixels that differ by more than the tolerance in any channel.
std::size_t differingPixels(const Image& a, const Image& b) {
    auto diff = compareImages(a, b, kChannelTolerance);
    EXPECT_TRUE(diff) << diff.error().toString();
    return diff ? diff->pixelsOverTolerance : 0;
}

class TextRenderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { renderer_ = makeRenderer(); }
    static void TearDownTestSuite() { renderer_.reset(); }
    void SetUp() override {
        ASSERT_TRUE(renderer_);
        ASSERT_TRUE(renderer_->validationEnabled()) << "render tests need VK_LAYER_KHRONOS_validation";
        validationBefore_ = vulkanValidationMessageCount();
    }
    void TearDown() override { EXPECT_EQ(vulkanValidationMessageCount(), validationBefore_) << "validation layer messages (see the log)"; }
    Renderer& r() { return *renderer_; }

    static std::unique_ptr<Renderer> renderer_;
    std::uint64_t validationBefore_ = 0;
};

std::unique_ptr<Renderer> TextRenderTest::renderer_;

}  // namespace

TEST_F(TextRenderTest, NameTagsInEveryScriptMatchTheirReference) {
    // Latin with accents, Chinese, Japanese, Thai, Arabic (right to left, joined) and a mixed
    // line: avatars' name tags, two a row on rising rows (a raked audience), so no one's body
    // hides a tag in front of it.
    World w = darkRoom();
    const char* names[] = {"Zoë Ångström-Núñez", "王小明", "さくら ミク", "สมชาย ใจดี", "محمد علي", "Ana 李娜 سلام 42"};
    for (int i = 0; i < 6; ++i) {
        float row = float(i / 2);
        Entity a = w.create(names[i]);
        w.get<Transform>(a)->position = vec3((i % 2 == 0 ? -1.0f : 1.0f) * (0.9f + 0.45f * row), 0.9f * row, -2.5f * row);
        w.add<Avatar>(a, Avatar{.displayName = names[i]});
    }
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 2.6f, 4.0f);
    cam.target = vec3(0.0f, 2.6f, -2.0f);
    cam.fovYDegrees = 40.0f;
    Image img = draw(r(), w, {}, 384, 216, cam);
    EXPECT_GT(r().stats().labelGlyphs, 40u);
    expectMatchesReference(img, "labels_scripts");
}

TEST_F(TextRenderTest, AChineseNameTagDrawsItsCharactersNotBoxesOrQuestionMarks) {
    World w = darkRoom();
    Image chinese = draw(r(), w, {tag("王小明")});
    EXPECT_EQ(r().stats().labelGlyphs, 3u);
    EXPECT_GT(inkPixels(chinese), 200u) << "three characters of ink";
    // The ASCII atlas drew these as "???"; no face missing them would draw empty boxes.
    EXPECT_GT(differingPixels(chinese, draw(r(), w, {tag("???")})), 200u);
    EXPECT_GT(differingPixels(chinese, draw(r(), w, {tag("\xF4\x8F\xBF\xBD\xF4\x8F\xBF\xBD\xF4\x8F\xBF\xBD")})), 200u);
    // Different characters look different: the glyphs come from the CJK face, not a stand-in.
    EXPECT_GT(differingPixels(chinese, draw(r(), w, {tag("李小明")})), 50u);
}

TEST_F(TextRenderTest, ArabicLettersJoinAndRunRightToLeft) {
    World w = darkRoom();
    Image joined = draw(r(), w, {tag("محمد")});
    // The same letters kept apart by zero-width non-joiners take their isolated forms.
    Image apart = draw(r(), w, {tag("م\u200Cح\u200Cم\u200Cد")});
    EXPECT_GT(differingPixels(joined, apart), 100u);
    // Right to left: the word's letters typed in reverse order make another picture (were the
    // run drawn left to right, one of the two would show its letters in the other's order).
    Image firstLetterLeft = draw(r(), w, {tag("دمحم")});
    EXPECT_GT(differingPixels(joined, firstLetterLeft), 100u);
    // Ink is where the word is: centred on the label's position.
    std::uint32_t lo = joined.width, hi = 0;
    for (std::uint32_t y = 0; y < joined.height; ++y) {
        for (std::uint32_t x = 0; x < joined.width; ++x) {
            if (joined.pixel(x, y)[0] > 128) lo = std::min(lo, x), hi = std::max(hi, x);
        }
    }
    ASSERT_LT(lo, hi);
    EXPECT_NEAR(double(lo + hi) * 0.5, joined.width * 0.5, 6.0);
}

TEST_F(TextRenderTest, TheSerifVenueFontDrawsDifferentLetters) {
    World w = darkRoom();
    Image sans = draw(r(), w, {tag("Hamburg 汉堡")});
    w.settings.font = VenueFont::Serif;
    Image serif = draw(r(), w, {tag("Hamburg 汉堡")});
    EXPECT_GT(differingPixels(sans, serif), 100u);
    w.settings.font = VenueFont::Sans;
    EXPECT_EQ(differingPixels(sans, draw(r(), w, {tag("Hamburg 汉堡")})), 0u) << "back to sans: as before";
}

TEST(TextRenderAtlas, EvictingGlyphsLeavesLabelsDrawnBeforeIntact) {
    // A 256-pixel atlas has 16 cells. A sign is drawn, then lines with 12 new characters each
    // push its glyphs out, then the sign is drawn again: the same picture, its glyphs re-added.
    std::unique_ptr<Renderer> r = makeRenderer(256);
    ASSERT_TRUE(r);
    std::uint64_t validationBefore = vulkanValidationMessageCount();
    World w = darkRoom();
    Image first = draw(*r, w, {tag("出口 Exit")});
    std::uint64_t rasterized = r->stats().glyphsRasterized;
    EXPECT_EQ(r->stats().labelGlyphs, 6u);
    const char* crowds[] = {"春夏秋冬东南西北上下左右", "一二三四五六七八九十百千", "山川田木林森火水土金石玉"};
    for (const char* line : crowds) {
        Image busy = draw(*r, w, {tag(line)});
        EXPECT_EQ(r->stats().labelGlyphs, 12u);
        EXPECT_GT(inkPixels(busy), 300u);
    }
    EXPECT_GE(r->stats().glyphsEvicted, 20u);
    Image again = draw(*r, w, {tag("出口 Exit")});
    EXPECT_GT(r->stats().glyphsRasterized, rasterized + 36u) << "the sign's glyphs were added again";
    EXPECT_EQ(differingPixels(first, again), 0u);
    // In one frame with the sign and a busy line the sign stays whole next to the new glyphs.
    Image both = draw(*r, w, {tag("出口 Exit", 1.3f), tag("春夏秋冬东南西北", 0.5f)});
    Image alone = draw(*r, w, {tag("出口 Exit", 1.3f)});
    std::size_t differing = 0;
    for (std::uint32_t y = 0; y < 50; ++y) {  // the sign's rows, above the busy line
        for (std::uint32_t x = 0; x < both.width; ++x) {
            const std::uint8_t* a = both.pixel(x, y);
            const std::uint8_t* b = alone.pixel(x, y);
            differing += std::abs(int(a[0]) - int(b[0])) > kChannelTolerance;
        }
    }
    EXPECT_EQ(differing, 0u);
    EXPECT_EQ(vulkanValidationMessageCount(), validationBefore);
}
