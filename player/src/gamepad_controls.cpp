#include "gamepad_controls.hpp"

namespace atrium::player {

vec2 deadZoned(vec2 stick, float deadZone) {
    const float m = glm::length(stick);
    if (m <= deadZone) return vec2(0.0f);
    const float scaled = std::fmin(1.0f, (m - deadZone) / (1.0f - deadZone));
    return stick / m * scaled;
}

PadControls padControls(const GamepadState& pad, float dt) {
    PadControls c;
    if (!pad.connected) return c;
    const vec2 left = deadZoned(pad.leftStick);
    c.keys = {left.x, -left.y};  // stick up (-y) is forward
    c.run = pad.rightTrigger > 0.5f;
    c.jump = pad.down(PadButton::South);
    c.sitOrStand = pad.wentDown(PadButton::West);
    c.orbit = deadZoned(pad.rightStick) * (kPadOrbitRadiansPerSecond * dt);
    if (pad.wentDown(PadButton::DpadUp)) c.zoom += 1.0f;
    if (pad.wentDown(PadButton::DpadDown)) c.zoom -= 1.0f;
    if (pad.wentDown(PadButton::DpadLeft)) c.emote = Emote::Wave;
    else if (pad.wentDown(PadButton::DpadRight)) c.emote = Emote::Clap;
    else if (pad.wentDown(PadButton::North)) c.emote = Emote::Cheer;
    else if (pad.wentDown(PadButton::LeftBumper)) c.emote = Emote::Heart;
    else if (pad.wentDown(PadButton::RightBumper)) c.emote = Emote::ThumbsUp;
    return c;
}

}  // namespace atrium::player
