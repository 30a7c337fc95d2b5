#pragma once
// A gamepad as an attendee's controls (GLFW's standard layout): left stick walks (relative to
// the camera, like WASD), right stick orbits the camera, right trigger runs, South (A) jumps,
// West (X) sits or stands, the d-pad zooms (up/down) and plays emotes (left/right: wave, clap),
// North (Y) cheers and the bumpers heart and thumbs-up.
#include "atrium/animation/humanoid_clips.hpp"
#include "atrium/platform/input.hpp"

namespace atrium::player {

struct PadControls {
    vec2 keys{0.0f};  // as walkKeys(): x right, y forward, length <= 1
    bool run = false, jump = false;
    bool sitOrStand = false;  // went down this poll
    vec2 orbit{0.0f};         // radians to turn the camera this frame (yaw, pitch)
    float zoom = 0.0f;        // steps, as a mouse wheel's
    Emote emote = Emote::None;
};

inline constexpr float kStickDeadZone = 0.2f;
inline constexpr float kPadOrbitRadiansPerSecond = 2.5f;

// Sticks inside the dead zone read zero; outside it they are rescaled so that just past it is
// slow, not a jump to 20% speed.
vec2 deadZoned(vec2 stick, float deadZone = kStickDeadZone);
PadControls padControls(const GamepadState& pad, float dt);

}  // namespace atrium::player
