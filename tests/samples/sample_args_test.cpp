// The options every sample accepts, and what it says about bad ones.
#include <gtest/gtest.h>

#include <vector>

#include "sample.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {
Result<SampleArgs> parse(std::vector<const char*> args) {
    args.insert(args.begin(), "sample");
    return parseSampleArgs(int(args.size()), const_cast<char**>(args.data()));
}
}  // namespace

TEST(SampleArgs, NoOptionsOpensAWindowUntilClosed) {
    auto a = parse({});
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a->headless);
    EXPECT_EQ(a->frames, 0u);
    EXPECT_TRUE(a->screenshot.empty());
}

TEST(SampleArgs, HeadlessRunWithScreenshotAndSize) {
    auto a = parse({"--headless", "--frames", "30", "--screenshot", "out.png", "--size", "320x180", "--validation"});
    ASSERT_TRUE(a.ok()) << a.error().toString();
    EXPECT_TRUE(a->headless);
    EXPECT_EQ(a->frames, 30u);
    EXPECT_EQ(a->screenshot, "out.png");
    EXPECT_EQ(a->width, 320u);
    EXPECT_EQ(a->height, 180u);
    EXPECT_TRUE(a->validation);
}

TEST(SampleArgs, HeadlessWithoutFrameCountStillEnds) {
    auto a = parse({"--headless"});
    ASSERT_TRUE(a.ok());
    EXPECT_GT(a->frames, 0u);
}

TEST(SampleArgs, BadSizeIsNamed) {
    for (const char* bad : {"320", "0x180", "320x", "axb", "320x180x2", "99999x10"}) {
        auto a = parse({"--size", bad});
        ASSERT_FALSE(a.ok()) << bad;
        EXPECT_NE(a.error().toString().find("--size"), std::string::npos) << a.error().toString();
    }
}

TEST(SampleArgs, BadFrameCountIsNamed) {
    auto a = parse({"--frames", "ten"});
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().toString().find("--frames"), std::string::npos);
}

TEST(SampleArgs, UnknownOrIncompleteOptionIsNamed) {
    auto unknown = parse({"--fullscreen"});
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().toString().find("--fullscreen"), std::string::npos);
    auto incomplete = parse({"--screenshot"});
    ASSERT_FALSE(incomplete.ok());
    EXPECT_NE(incomplete.error().toString().find("--screenshot"), std::string::npos);
}
