#pragma once
// The show's messages (scene/show/show_runner.hpp run by the server): a client uses a button or
// a host calls a cue; the server sends everyone each World change its show made, stamped with
// the server tick it was made at, so that every client's follower makes it at the same server
// time and samples timelines on the server's clock; and what an action asks of the app
// (announcements, sounds, a seek, a URL for one person) as effects. All on the reliable channel.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/id.hpp"
#include "atrium/net/bit_stream.hpp"
#include "atrium/scene/show/show_runner.hpp"

namespace atrium::net {

inline constexpr std::size_t kMaxCueBytes = 64;
inline constexpr std::size_t kMaxShowTextBytes = 512;  // an announcement, an asset path, a URL

struct ShowChangeMsg {
    std::uint32_t serverTick = 0;  // 60 a second, as snapshots count them
    ShowAction action;
    double serverTime() const { return double(serverTick) / 60.0; }
};

struct ShowEffectMsg {
    std::uint32_t serverTick = 0;
    ShowEffect::Kind kind = ShowEffect::Kind::Announce;
    StableId target;
    float seconds = 0.0f;
    std::string text;
};

std::vector<std::uint8_t> encodeUse(StableId interactable);
std::optional<StableId> readUse(BitReader& r);
std::vector<std::uint8_t> encodeCue(const std::string& name);
std::optional<std::string> readCue(BitReader& r);
std::vector<std::uint8_t> encodeShowChange(const ShowChangeMsg& m);
std::optional<ShowChangeMsg> readShowChange(BitReader& r);
std::vector<std::uint8_t> encodeShowEffect(const ShowEffectMsg& m);
std::optional<ShowEffectMsg> readShowEffect(BitReader& r);

}  // namespace atrium::net
