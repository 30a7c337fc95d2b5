#include <gtest/gtest.h>

#include "atrium/media/media_clock.hpp"

using namespace atrium::media;

TEST(MediaClock, APausedClockStays) {
    MediaClock c{5.0, 1.0, false};
    advance(c, 1.0);
    EXPECT_DOUBLE_EQ(c.position, 5.0);
}

TEST(MediaClock, FarOffJumpsToTheTarget) {
    MediaClock c{1.0, 1.0, true};
    EXPECT_TRUE(follow(c, 2.0, 0.016, 1.0 / 30));
    EXPECT_NEAR(c.position, 2.016, 1e-9);
    EXPECT_DOUBLE_EQ(c.rate, 1.0);
}

TEST(MediaClock, WithinAFrameNudgesTheRateAndConverges) {
    MediaClock c{1.0, 1.0, true};
    double target = 1.02;  // 20 ms behind: under one 30 fps frame
    bool jumped = false;
    for (int i = 0; i < 240; ++i) {
        jumped |= follow(c, target, 1.0 / 60, 1.0 / 30);
        target += 1.0 / 60;
        if (i == 0) {
            EXPECT_GT(c.rate, 1.0);
            EXPECT_LE(c.rate, 1.0 + kMaxRateNudge);
        }
    }
    EXPECT_FALSE(jumped);
    EXPECT_NEAR(c.position, target, 0.003);
}
