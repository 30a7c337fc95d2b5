#pragma once
// The built-in humanoid's clips, authored in code (no downloaded art): locomotion, sitting,
// jumping and the emotes the attendee app offers. Keyframes come from a few joint curves per
// clip, sampled at a fixed rate, so the clips are plain data like imported ones.
#include <optional>
#include <string_view>

#include "atrium/animation/clip.hpp"

namespace atrium {

enum class Emote : std::uint8_t { None, Wave, Clap, Cheer, Heart, Laugh, ThumbsUp };
inline constexpr Emote kEmotes[] = {Emote::Wave, Emote::Clap, Emote::Cheer, Emote::Heart, Emote::Laugh, Emote::ThumbsUp};
std::string_view toString(Emote emote);
std::optional<Emote> emoteFromString(std::string_view name);

struct HumanoidClips {
    Clip idle, walk, run, sitDown, sitting, standUp, jump;
    Clip emotes[6];  // by Emote, less one (Wave first)
    const Clip& emote(Emote e) const { return emotes[std::size_t(e) - 1]; }
};

const HumanoidClips& humanoidClips();

// The speeds the walk and run clips were authored for (metres a second): a walker at these
// speeds does not slide its feet.
inline constexpr float kWalkClipSpeed = 1.6f;
inline constexpr float kRunClipSpeed = 4.0f;

}  // namespace atrium
