#pragma once
// Messages about the people in a venue rather than its entities: emotes, avatar looks and the
// participants list. All travel on the reliable channel; none is in a snapshot.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/id.hpp"
#include "atrium/net/bit_stream.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/snapshot.hpp"

namespace atrium::net {

// Emotes are small integers the app maps to its animations (atrium::Emote): netsync knows only
// how many there are, so it can refuse one no app defines.
inline constexpr std::uint8_t kMaxEmote = 31;
inline constexpr std::uint8_t kBodyPresets = 5;

struct EmoteEvent {
    std::uint32_t clientId = 0;
    NetId avatar = 0;
    std::uint8_t emote = 0;
    std::uint32_t serverTick = 0;  // the server's tick when it relayed it (60 a second)
    double serverTime() const { return double(serverTick) / 60.0; }
};

using Srgb = std::array<std::uint8_t, 3>;
struct AvatarLookMsg {
    std::uint8_t bodyPreset = 0;  // < kBodyPresets
    Srgb skin{}, top{}, bottom{}, shoes{};
    // A custom avatar: its file's path relative to the venue (one of the venue's "avatars"),
    // empty for the mannequin. Decoding refuses a path that is not a safe venue-relative one
    // (venuePathProblem) or is longer than kMaxVenuePathLength; the colours stay the fallback.
    std::string model;
    bool operator==(const AvatarLookMsg&) const = default;
};

struct Participant {
    std::uint32_t clientId = 0;
    std::string displayName;
    Role role = Role::Attendee;
    NetId avatar = 0;
};

std::vector<std::uint8_t> encodeEmote(std::uint8_t emote);
std::optional<std::uint8_t> readEmote(BitReader& r);
std::vector<std::uint8_t> encodeEmoteEvent(const EmoteEvent& m);
std::optional<EmoteEvent> readEmoteEvent(BitReader& r);
std::vector<std::uint8_t> encodeLook(const AvatarLookMsg& m);  // client to server
std::optional<AvatarLookMsg> readLook(BitReader& r);
std::vector<std::uint8_t> encodeLookState(std::uint32_t clientId, const AvatarLookMsg& m);
std::optional<std::pair<std::uint32_t, AvatarLookMsg>> readLookState(BitReader& r);
std::vector<std::uint8_t> encodeParticipant(const Participant& m);
std::optional<Participant> readParticipant(BitReader& r);
std::vector<std::uint8_t> encodeParticipantLeft(std::uint32_t clientId);
std::optional<std::uint32_t> readParticipantLeft(BitReader& r);
std::vector<std::uint8_t> encodeLeave();

// A display name an attendee chooses: 1 to kMaxDisplayNameBytes bytes of UTF-8 with no control
// characters and not only spaces. Empty when `name` is fine, else why not.
inline constexpr std::size_t kMaxDisplayNameBytes = 48;
std::string displayNameProblem(std::string_view name);
std::vector<std::uint8_t> encodeRename(const std::string& name);  // client to server
std::optional<std::string> readDisplayName(BitReader& r);

}  // namespace atrium::net
