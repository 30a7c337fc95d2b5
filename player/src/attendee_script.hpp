#pragma once
// What a headless attendee does (atrium-join --headless --script FILE), one step a line:
//   wait SECONDS              stand still
//   walk X Y SECONDS          keys held (x right, y forward of the camera, each -1..1)
//   walkto X Z                walk to the world point (stops within 0.3 m, gives up after 30 s)
//   turn DEGREES              turn the camera (and so the walking) about +y
//   sit [SEAT NAME]           the nearest free seat within reach, or the one by that name
//   stand                     stand up
//   chat TEXT...              a chat line
//   emote NAME                wave, clap, cheer, heart, laugh or thumbs_up
// Blank lines and lines from '#' are skipped.
#include <string>
#include <string_view>
#include <vector>

#include "atrium/animation/humanoid_clips.hpp"
#include "atrium/core/error.hpp"
#include "atrium/core/math.hpp"

namespace atrium::player {

struct ScriptStep {
    enum class Kind { Wait, Walk, WalkTo, Turn, Sit, Stand, Chat, Emote };
    Kind kind = Kind::Wait;
    vec2 keys{0.0f};       // Walk
    vec2 target{0.0f};     // WalkTo: world x, z
    float seconds = 0.0f;  // Wait, Walk
    float degrees = 0.0f;  // Turn
    std::string text;      // Sit: the seat's name (empty: nearest); Chat: the line
    Emote emote = Emote::None;
    int line = 0;  // in the script, for messages
};

// Errors name the file and line: "walk.txt:3: walk needs X Y SECONDS".
Result<std::vector<ScriptStep>> parseAttendeeScript(std::string_view text, std::string_view fileName);

}  // namespace atrium::player
