#pragma once
// Reference-image checks shared by the render tests: `actual` against
// tests/data/reference/NAME.png, within a per-channel tolerance for the small differences
// between Vulkan drivers. ATRIUM_UPDATE_REFERENCES=1 writes the reference instead; a mismatch
// leaves NAME.actual.png and NAME.diff.png in <build>/render-diffs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "atrium/render/image.hpp"

namespace atrium::test {

inline constexpr int kChannelTolerance = 12;
inline constexpr double kMaxDifferingFraction = 0.005;

inline void expectMatchesReference(const Image& actual, const std::string& name) {
    namespace fs = std::filesystem;
    fs::path ref = fs::path(ATRIUM_TEST_DATA) / "reference" / (name + ".png");
    const char* update = std::getenv("ATRIUM_UPDATE_REFERENCES");
    if (update && std::string(update) == "1") {
        ASSERT_TRUE(saveImagePng(actual, ref));
        return;
    }
    auto expected = loadImagePng(ref);
    ASSERT_TRUE(expected) << expected.error().toString() << " (run with ATRIUM_UPDATE_REFERENCES=1 to create it)";
    auto diff = compareImages(actual, *expected, kChannelTolerance);
    ASSERT_TRUE(diff) << diff.error().toString();
    if (diff->fractionOverTolerance > kMaxDifferingFraction) {
        fs::path out = fs::path(ATRIUM_BIN_DIR).parent_path() / "render-diffs";
        (void)saveImagePng(actual, out / (name + ".actual.png"));
        (void)saveImagePng(diff->diff, out / (name + ".diff.png"));
        ADD_FAILURE() << name << ": " << diff->pixelsOverTolerance << " pixels (" << diff->fractionOverTolerance * 100.0
                      << "%) differ by more than " << kChannelTolerance << "/255; max delta " << diff->maxChannelDelta << "; see "
                      << out.string();
    }
}

}  // namespace atrium::test
