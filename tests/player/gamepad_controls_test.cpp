// The gamepad's mapping to an attendee's controls: dead zone, forward, run, orbit, edges.
#include <gtest/gtest.h>

#include "gamepad_controls.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {
GamepadState pad() {
    GamepadState p;
    p.connected = true;
    return p;
}
std::array<bool, GamepadState::kButtonCount> only(PadButton b) {
    std::array<bool, GamepadState::kButtonCount> a{};
    a[std::size_t(b)] = true;
    return a;
}
}  // namespace

TEST(GamepadControls, ARestingOrDriftingStickDoesNothingAndAFullOneWalksForward) {
    GamepadState p = pad();
    p.leftStick = {0.1f, -0.12f};  // worn-stick drift
    p.rightStick = {0.15f, 0.0f};
    PadControls c = padControls(p, 0.016f);
    EXPECT_EQ(c.keys, vec2(0.0f));
    EXPECT_EQ(c.orbit, vec2(0.0f));
    p.leftStick = {0.0f, -1.0f};  // pushed up
    c = padControls(p, 0.016f);
    EXPECT_NEAR(c.keys.y, 1.0f, 1e-5f);
    EXPECT_NEAR(c.keys.x, 0.0f, 1e-5f);
    // Just past the dead zone is slow, not a jump to 20%.
    EXPECT_LT(glm::length(deadZoned({0.25f, 0.0f})), 0.1f);
    EXPECT_GT(glm::length(deadZoned({0.25f, 0.0f})), 0.0f);
}

TEST(GamepadControls, TriggerRunsRightStickOrbitsByTimeAndButtonsActOnce) {
    GamepadState p = pad();
    p.rightTrigger = 0.9f;
    p.rightStick = {1.0f, 0.0f};
    PadControls c = padControls(p, 0.5f);
    EXPECT_TRUE(c.run);
    EXPECT_NEAR(c.orbit.x, kPadOrbitRadiansPerSecond * 0.5f, 1e-5f);
    p.set(only(PadButton::West));
    EXPECT_TRUE(padControls(p, 0.016f).sitOrStand);
    p.set(only(PadButton::West));  // still held at the next poll: not again
    EXPECT_FALSE(padControls(p, 0.016f).sitOrStand);
    p.set(only(PadButton::DpadLeft));
    EXPECT_EQ(padControls(p, 0.016f).emote, Emote::Wave);
    p.set(only(PadButton::South));
    EXPECT_TRUE(padControls(p, 0.016f).jump);
    GamepadState none;
    none.leftStick = {1, 1};
    EXPECT_EQ(padControls(none, 0.016f).keys, vec2(0.0f)) << "a disconnected pad is ignored";
}
