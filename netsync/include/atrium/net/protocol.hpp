#pragma once
// The wire protocol: one magic number, a message type, then the message's fields, bit-packed.
// Channel 0 (reliable, ordered) carries join, events, chat, seats, media and edits; channel 1
// (unreliable, sequenced) carries snapshots and inputs; voice (voice.hpp) travels unreliable too,
// with its own message types and sequence numbers. No packet exceeds kMaxPacketBytes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/id.hpp"
#include "atrium/core/math.hpp"
#include "atrium/net/bit_stream.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/snapshot.hpp"

namespace atrium::net {

inline constexpr std::uint16_t kProtocolMagic = 0xA7E1;
inline constexpr std::size_t kMaxPacketBytes = 1200;
inline constexpr std::size_t kMaxChatBytes = 280;
inline constexpr std::size_t kMaxMediaSourceBytes = 1024;  // a screen's source URL or path
inline constexpr std::uint8_t kReliableChannel = 0;
inline constexpr std::uint8_t kUnreliableChannel = 1;
// Raised whenever a message changes meaning; the server refuses a join of another version with
// a reason naming both, so an old app says "update" instead of misreading what it gets.
// 3: shows (Use, Cue, ShowChange, ShowEffect); 4: voice; 5: media state with source, position at a
// tick and volume, MediaControl as actions (play, pause, seek, pages, volume, source)
inline constexpr std::uint32_t kProtocolVersion = 5;

enum class MessageType : std::uint8_t {
    Join = 1,
    JoinAccept,
    JoinReject,
    Input,
    Snapshot,
    Spawn,
    Despawn,
    Chat,
    ChatMessage,
    SeatClaim,
    SeatRelease,
    SeatState,
    MediaControl,
    MediaState,
    Kick,
    Mute,
    Kicked,
    Edit,
    Notice,
    // Several reliable messages in one packet: [count varint] then [length varint][message]...
    Batch,
    // A piece of an editor command's JSON (command_chunks.hpp); reliable channel only.
    CommandChunk,
    // Server to client: your avatar walked into a portal to another venue (its name, as text).
    VenuePortal,
    // People (people.hpp): emotes, avatar looks, the participants list, and a leave that gives
    // up the identity a dropped connection keeps for ServerConfig::reconnectGraceSeconds.
    Emote,
    EmoteEvent,
    Look,
    LookState,
    ParticipantState,
    ParticipantLeft,
    Leave,
    // The venue and its assets (asset_transfer.hpp): a manifest entry by entry at join, a client's
    // request for a file from an offset, the file's chunks.
    AssetEntry,
    AssetRequest,
    AssetChunk,
    // Client to server: the display name the attendee chose (people.hpp's limits); the server
    // tells everyone through ParticipantState.
    Rename,
    // Shows (show_protocol.hpp): a client uses an Interactable, a host calls a cue; the server
    // tells everyone what its show changed in the World, at which tick, and one person (or
    // everyone) what the show asks of the app.
    Use,
    Cue,
    ShowChange,
    ShowEffect,
    // Voice (voice.hpp), unreliable: a client's frame, a frame forwarded to a listener; and,
    // reliable, a client's own mute and a host giving someone a role.
    VoiceSend,
    VoicePacket,
    VoiceMute,
    SetRole,
    // Not a message: one past the last, for the header's range check. New types go above it.
    End,
};

enum class EntityKind : std::uint8_t { Avatar, Body };

// One tick of a client's intent for its own avatar.
struct AvatarInput {
    std::uint16_t sequence = 0;
    vec2 move{0.0f};   // desired horizontal direction (x, z), length <= 1
    float yaw = 0.0f;  // radians
    bool run = false;
    bool jump = false;
};

// Whether `b` starts, stops, turns or jumps against `a` (the facing alone does not count):
// such inputs travel and are applied ahead of the batching that steady walking gets.
inline bool walkChanged(const AvatarInput& a, const AvatarInput& b) { return a.move != b.move || a.run != b.run || a.jump != b.jump; }

// Whether `in` stands a seated avatar up (a firm push of the stick, or a jump) that was not
// already pushing in `before`, the input applied before it: the server and a predicting client
// both keep a seated avatar put until such a push. A fresh push, not a held one: the walk that
// brought someone to a seat is still in flight when the seat is theirs, and must not stand
// them up again.
inline bool standsUp(const AvatarInput& in) { return glm::length(in.move) > 0.5f || in.jump; }
inline bool standsUp(const AvatarInput& in, const AvatarInput& before) { return standsUp(in) && !standsUp(before); }

struct JoinAccept {
    std::uint32_t clientId = 0;
    NetId avatar = 0;
    Aabb bounds;  // the quantiser's bounds
    float snapshotRate = 30.0f;
    Role role = Role::Attendee;
    // The server moves avatars with the physics layer's character controller (walls, steps,
    // slopes) rather than stepAvatar: a client holding the venue predicts with the same.
    bool characterPhysics = false;
};

struct SpawnInfo {
    NetId id = 0;
    EntityKind kind = EntityKind::Body;
    std::uint32_t owner = 0;  // client id, 0 for the server
    StableId stableId;
    std::string name;
};

struct ChatLine {
    std::uint32_t sequence = 0;  // server-assigned, gap-free
    std::uint32_t from = 0;
    std::string name;
    std::string text;
};

struct SeatStateMsg {
    StableId seat;
    std::uint32_t occupant = 0;  // client id, 0 when free
};

// A screen's media as the server holds it: sent reliably to everyone on every change and to a
// late joiner at join. Clients play it at the server's clock: where the media is now is
// `position` moved on by the server time since `tick` while playing (positionAt).
struct MediaStateMsg {
    StableId screen;
    std::uint32_t page = 0;  // slides: the page shown (0-based)
    bool playing = false;
    std::string source;      // what the screen plays; "" : the venue's MediaScreen::source
    double position = 0.0;   // seconds into the media at `tick`
    std::uint32_t tick = 0;  // the server tick `position` was taken at (kMediaTickRate a second)
    float volume = 1.0f;     // 0 to 1

    // Seconds into the media at server time `serverSeconds` (the client's serverTime()).
    double positionAt(double serverSeconds) const;
};

// The server clock the media positions are stamped on: its ticks, 60 a second (the clients'
// serverTime() counts them so).
inline constexpr double kMediaTickRate = 60.0;

// What a presenter or host asks of a screen (MediaControl); an attendee's request is refused
// with a notice.
enum class MediaAction : std::uint8_t { Play, Pause, Seek, NextPage, PreviousPage, SetPage, SetVolume, SetSource };
struct MediaControlMsg {
    StableId screen;
    MediaAction action = MediaAction::Play;
    double seconds = 0.0;    // Seek
    std::uint32_t page = 0;  // SetPage
    float volume = 1.0f;     // SetVolume
    std::string source;      // SetSource: a URL or the venue's file ("" : back to the venue's)
};

struct EditMsg {
    StableId entity;
    vec3 position{0.0f};
    quat rotation{1, 0, 0, 0};
};

// Writing: returns the finished packet bytes.
// The token, then the protocol version (a join from before versions reads as version 1).
std::vector<std::uint8_t> encodeJoin(const std::string& token, std::uint32_t version = kProtocolVersion);
struct JoinRequest {
    std::string token;
    std::uint32_t version = 1;
};
std::optional<JoinRequest> readJoin(BitReader& r);
std::vector<std::uint8_t> encodeJoinAccept(const JoinAccept& m);
std::vector<std::uint8_t> encodeText(MessageType type, const std::string& text);  // JoinReject, Chat, Kicked, Notice
std::vector<std::uint8_t> encodeInputs(std::uint16_t ackedSnapshot, bool hasAck, const std::vector<AvatarInput>& newestFirst);
// `in` as a server reads it back from encodeInputs (moves to 8 bits with a dead zone, yaw to
// 10): a client predicts with exactly this, or along a wall its replays slide elsewhere.
AvatarInput asReceived(const AvatarInput& in);
// The header every message starts with, for a message written into a caller's BitWriter
// (the server writes each snapshot straight after it, into one writer reused for all).
void writeMessageHeader(BitWriter& w, MessageType type);
// A writer holding just the header, for a message's fields to follow.
BitWriter beginMessage(MessageType type);
std::vector<std::uint8_t> encodeSpawn(const SpawnInfo& m);
std::vector<std::uint8_t> encodeDespawn(NetId id);
std::vector<std::uint8_t> encodeChatLine(const ChatLine& m);
std::vector<std::uint8_t> encodeSeat(MessageType type, StableId seat);  // SeatClaim, SeatRelease
std::vector<std::uint8_t> encodeSeatState(const SeatStateMsg& m);
std::vector<std::uint8_t> encodeMedia(const MediaStateMsg& m);  // MediaState
std::vector<std::uint8_t> encodeMediaControl(const MediaControlMsg& m);
std::vector<std::uint8_t> encodeClientAction(MessageType type, std::uint32_t clientId);  // Kick, Mute
std::vector<std::uint8_t> encodeEdit(const EditMsg& m);

// Packs whole messages into as few packets (each at most kMaxPacketBytes) as possible.
std::vector<std::vector<std::uint8_t>> packBatches(const std::vector<std::vector<std::uint8_t>>& messages);
std::vector<std::vector<std::uint8_t>> packBatches(std::span<const std::span<const std::uint8_t>> messages);
// The messages inside a Batch body (after its header); nullopt if malformed.
std::optional<std::vector<std::vector<std::uint8_t>>> readBatch(BitReader& r);

// Reading: the header first, then the body for that type. Every reader returns nullopt for a
// truncated or malformed body (the BitReader fails instead of overrunning).
std::optional<MessageType> readHeader(BitReader& r);
std::optional<std::string> readText(BitReader& r, std::size_t maxBytes);
std::optional<JoinAccept> readJoinAccept(BitReader& r);
struct InputPacket {
    bool hasAck = false;
    std::uint16_t ackedSnapshot = 0;
    std::vector<AvatarInput> newestFirst;
};
std::optional<InputPacket> readInputs(BitReader& r);
std::optional<SpawnInfo> readSpawn(BitReader& r);
std::optional<NetId> readDespawn(BitReader& r);
std::optional<ChatLine> readChatLine(BitReader& r);
std::optional<StableId> readSeat(BitReader& r);
std::optional<SeatStateMsg> readSeatState(BitReader& r);
std::optional<MediaStateMsg> readMedia(BitReader& r);
std::optional<MediaControlMsg> readMediaControl(BitReader& r);
std::optional<std::uint32_t> readClientAction(BitReader& r);
std::optional<EditMsg> readEdit(BitReader& r);

// The avatar motion model both the server and the predicting client run, so a client's
// prediction matches the server exactly when no one else interferes.
struct AvatarMotion {
    vec3 position{0.0f};
    float yaw = 0.0f;
    float verticalSpeed = 0.0f;
};
void stepAvatar(AvatarMotion& m, const AvatarInput& input, float dt, float groundY, const Aabb& bounds);

}  // namespace atrium::net
