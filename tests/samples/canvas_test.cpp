// Screen pixels the samples draw on the CPU.
#include <gtest/gtest.h>

#include "canvas.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {
bool isColor(const Canvas& c, int x, int y, int r, int g, int b) {
    const std::uint8_t* p = &c.rgba[(std::size_t(y) * c.width + std::size_t(x)) * 4];
    return p[0] == r && p[1] == g && p[2] == b && p[3] == 255;
}
}  // namespace

TEST(Canvas, RectIsClippedToTheCanvas) {
    Canvas c(8, 4);
    c.fill(vec3(0.0f));
    c.rect(6, 2, 10, 10, vec3(1.0f, 0.0f, 0.0f));
    EXPECT_TRUE(isColor(c, 7, 3, 255, 0, 0));
    EXPECT_TRUE(isColor(c, 5, 3, 0, 0, 0));
    EXPECT_EQ(c.rgba.size(), 8u * 4u * 4u);
}

TEST(Canvas, TextPutsInkInsideItsWidth) {
    Canvas c(64, 32);
    c.fill(vec3(0.0f));
    int width = c.text(2, 2, "HI", 2, vec3(1.0f));
    EXPECT_EQ(width, Canvas::textWidth("HI", 2));
    int ink = 0, outside = 0;
    for (std::uint32_t y = 0; y < c.height; ++y) {
        for (std::uint32_t x = 0; x < c.width; ++x) {
            if (!isColor(c, int(x), int(y), 255, 255, 255)) continue;
            ++ink;
            outside += int(x) >= 2 + width;
        }
    }
    EXPECT_GT(ink, 20);
    EXPECT_EQ(outside, 0);
}

TEST(Canvas, HueWheelHasPrimariesAtThirds) {
    EXPECT_LT(glm::length(hueColor(0.0f) - vec3(1, 0, 0)), 1e-5f);
    EXPECT_LT(glm::length(hueColor(1.0f / 3.0f) - vec3(0, 1, 0)), 1e-5f);
    EXPECT_LT(glm::length(hueColor(2.0f / 3.0f) - vec3(0, 0, 1)), 1e-5f);
}
