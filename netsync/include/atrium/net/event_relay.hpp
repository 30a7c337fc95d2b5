#pragma once
// What one instance of a many-instance event exchanges with the others. netsync knows nothing
// of how it travels (the cluster layer carries it through Redis): a server with
// ServerConfig::eventRelay on collects what happened here (chat said, hosts' bans and mutes,
// people arriving and leaving) for Server::takeEventOutbox(), and applies what the other
// instances said through Server::relayChat() and Server::applyModeration().
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/people.hpp"

namespace atrium::net {

struct EventChat {
    std::uint64_t userId = 0;
    std::string name;
    std::string text;
};

// A host's kick in an event is a ban: the user is cut off and refused in every instance.
enum class ModerationKind : std::uint8_t { Ban, Mute, Unmute };
struct ModerationAction {
    ModerationKind kind = ModerationKind::Ban;
    std::uint64_t userId = 0;
};

struct PresenceChange {
    bool present = true;  // false: left
    std::uint64_t userId = 0;
    std::string name;
    Role role = Role::Attendee;
};

struct EventOutbox {
    std::vector<EventChat> chat;
    std::vector<ModerationAction> moderation;
    std::vector<PresenceChange> presence;
    bool empty() const { return chat.empty() && moderation.empty() && presence.empty(); }
};

// A presenter on the stage instance, shown in this one (the stage mirrored): an avatar with no
// client of ours, moved only by the relay. `key` is the presenter's client id on the stage.
// Here it is a participant with the client id `kMirroredClientBit | key` (its name, role and
// look in everyone's participants() and looks(), its voice's VoicePacket::speaker).
struct MirroredAvatar {
    std::uint32_t key = 0;
    std::string name;
    vec3 position{0.0f};
    quat rotation{1, 0, 0, 0};
    Role role = Role::Presenter;
    std::optional<AvatarLookMsg> look;
};
// Local client ids count up from 1 and never reach it.
inline constexpr std::uint32_t kMirroredClientBit = 0x80000000u;

const char* toString(ModerationKind kind);
bool parseModerationKind(const std::string& text, ModerationKind& out);

}  // namespace atrium::net
