#pragma once
// The authoritative venue server: an authenticated, encrypted UDP transport (docs/security.md),
// 60 Hz simulation, per-client snapshots.
//
//   World venue = *loadVenue("hall.venue.json");
//   Server server(venue, {.venueId = "hall", .secret = key, .port = 7777});
//   if (Status s = server.start(); !s) ...;
//   while (running) server.update(secondsSinceStart());   // call often; it ticks at 60 Hz
//
// Bad input never stops it: malformed, oversized, replayed or unauthorised packets are
// dropped and counted per client, a client that keeps sending garbage is cut off, and events
// are rate-limited per client.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/asset_transfer.hpp"
#include "atrium/net/event_relay.hpp"
#include "atrium/net/link_simulator.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/show_protocol.hpp"
#include "atrium/net/voice.hpp"
#include "atrium/scene/rules/rule_event.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::net {

struct ServerConfig {
    std::string venueId = "venue";
    // The key join tokens are sealed with. Empty (a development server): start() refuses any
    // host but a loopback address, since anyone could mint tokens for it.
    std::string secret;
    std::string host = "127.0.0.1";  // numeric IPv4 address to bind; "0.0.0.0" for every interface
    std::uint16_t port = 0;          // 0: any free port (see Server::port())
    double tickRate = 60.0;
    double snapshotRate = 30.0;              // per client
    std::size_t snapshotBudgetBytes = 1100;  // the most one snapshot may carry
    // Everything the server sends one client (snapshots, events, spawns, with the transport's, UDP and IP
    // headers) stays within this on average; snapshots get what the rest leaves (64 kbps at
    // 30 Hz: about 220 B of snapshot). The priority accumulator makes sure everything in view
    // still gets its turn. 0: no cap, snapshotBudgetBytes only.
    double downstreamKbps = 64.0;
    // Interest: each client's view is the entities within this radius (metres, on the ground
    // plane), at most the nearest `maxInterest` of them. Entities leaving it disappear from
    // that client's view; its own avatar is always in it.
    float interestRadius = 40.0f;
    std::size_t maxInterest = 128;
    std::size_t maxClients = 1024;
    // A client connected (its token accepted) that has not joined within this is cut off: a
    // slot is not held by a peer that never joins.
    double joinDeadlineSeconds = 5.0;
    // Tokens expiring later than this from now are refused (tokens are minted per attendee and
    // event; a ten-year token is a mistake or a leak). See docs/security.md.
    std::uint64_t maxTokenLifetimeSeconds = 7 * 24 * 3600;
    std::vector<std::uint64_t> revokedTokens;  // join token ids refused (joinConnectToken(text)->tokenId)
    // Simulated conditions on every datagram the server sends (under the transport's reliable
    // channel: loss, duplication and reordering reach reliable messages too).
    LinkConditions link;
    std::uint64_t seed = 1;
    // Use the physics layer (when built) for a venue with any RigidBody or Collider: dynamic
    // bodies are simulated and, with a floor collider under the spawn point, avatars walk with
    // the character controller (walls stop them, they push light bodies) instead of stepAvatar's
    // flat ground. JoinAccept tells clients which, so those given the venue predict the same.
    // Avatars pass through one another (kAvatarLayer): nobody can block a doorway, and a client's
    // prediction, which has no one else in its copy of the venue, agrees with the server.
    bool physics = true;
    // The folder the venue's relative asset paths resolve against (its file's folder): mesh
    // colliders (ConvexHull, TriangleMesh: stage stairs, ramps) are built from the meshes they
    // name, so avatars climb the stairs the venue shows. "builtin:" meshes need no folder. A
    // mesh that cannot be loaded is logged and its collider skipped.
    std::filesystem::path assetRoot;
    // A client whose connection drops (not one that leaves or is removed) and joins again with
    // the same user id within this many seconds gets its avatar back where it was, in its seat
    // and with its look (under a new NetId); later, it arrives anew at the spawn point.
    double reconnectGraceSeconds = 30.0;
    // The venue file, offered with every file it references (asset_manifest.hpp) to each
    // joining client by path, size and SHA-256, and sent in reliable chunks to those that ask
    // (what their cache lacks, from where a cut-off download stopped); empty: none. start()
    // fails if a file cannot be read, escapes the venue's folder or is over a cap.
    std::filesystem::path venueFile;
    std::uint64_t assetFileMaxBytes = kDefaultAssetFileMaxBytes;
    std::uint64_t venueMaxBytes = kDefaultVenueMaxBytes;  // all the venue's files together
    // Pacing: at most this many bytes of files a tick to each client (60 ticks a second: 32 KiB
    // is 1.9 MiB/s, 15.7 Mbit/s), so a download leaves room for snapshots and chat. The
    // transfer is not charged to the snapshots' downstream budget.
    std::uint32_t assetBytesPerTick = 32 * 1024;
    // And at most this many a tick to all clients together, shared in turn (1 MiB: 60 MiB/s),
    // so a crowd joining at once does not flood the server's uplink.
    std::uint32_t assetBytesPerTickAllClients = 1024 * 1024;
    // Voice (voice.hpp): each listener is sent the nearest `voiceMaxSpeakers` talking avatars
    // within `voiceHearingRadius` (metres, on the ground plane), every presenter or host talking
    // from inside a StageZone, and hosts' announcements. Frames beyond the per-client rate (a
    // burst, then a steady 20 ms frame rate with room for jitter) are dropped and counted.
    float voiceHearingRadius = 20.0f;
    std::size_t voiceMaxSpeakers = 8;
    double voiceFramesPerSecond = 60.0;
    double voiceBurstFrames = 12.0;
    // Listeners are chosen anew this many times a second (people move a few centimetres in a
    // tenth of a second); someone who starts talking in between is routed at the next tick.
    double voiceRoutesPerSecond = 10.0;
    // One instance of a many-instance event (event_relay.hpp): collect chat, hosts' kicks (bans
    // across the event) and mutes, and arrivals and departures for takeEventOutbox(). Off: none
    // is kept, and a kick removes the client from this server only.
    bool eventRelay = false;
};

struct VoiceMetrics {
    std::uint64_t framesReceived = 0;   // well-formed frames from clients
    std::uint64_t framesForwarded = 0;  // copies sent to listeners
    std::uint64_t bytesForwarded = 0;   // of those messages, before the transport's headers
    std::uint64_t malformed = 0;        // truncated or empty (also in droppedPackets)
    std::uint64_t oversized = 0;        // over kMaxVoiceFrameBytes (also in droppedPackets)
    std::uint64_t rateLimited = 0;
    std::uint64_t muted = 0;  // from clients muted by a host or by themselves
    std::size_t talking = 0;  // clients heard at the last tick
    double routeMs = 0.0;     // CPU time choosing listeners, all ticks so far
};

struct ClientMetrics {
    std::uint32_t clientId = 0;
    std::string name;
    Role role = Role::Attendee;
    double kbpsDown = 0.0;  // server to client, last second
    double kbpsUp = 0.0;
    double rttMs = 0.0;  // snapshot sent to acknowledged, smoothed (what the client sees)
    double lossPercent = 0.0;
    double avgSnapshotBytes = 0.0;
    // The client's inputs waiting to be applied, in ms of ticks: how far behind its own
    // screen its avatar is on the server (a jitter buffer, normally a tick or two).
    double inputDelayMs = 0.0;
    std::uint64_t malformedPackets = 0;
    std::uint64_t replayedInputs = 0;
    std::uint64_t rateLimited = 0;
    std::uint64_t voiceDropped = 0;  // malformed, oversized or over the rate
    bool muted = false, selfMuted = false;
};

struct ServerMetrics {
    std::uint64_t ticks = 0;
    double avgTickMs = 0.0;            // simulation + snapshot work per tick (CPU time of the updating thread)
    std::uint64_t droppedPackets = 0;  // malformed, oversized, unauthorised, all clients
    std::uint64_t rejectedJoins = 0;   // joins refused after the handshake (another venue's token...)
    // Connection requests and responses refused or ignored at the handshake (forged, expired,
    // revoked, in use, over the lifetime, server full), and those dropped by the rate limits.
    std::uint64_t tokensRefused = 0, handshakesRateLimited = 0;
    std::uint64_t commandsApplied = 0;    // hosts' editor commands applied and relayed
    std::uint64_t commandsRefused = 0;    // from non-hosts, or invalid for this World
    std::uint64_t datagramsReceived = 0;  // UDP datagrams through the server's socket, all clients
    std::uint64_t datagramsSent = 0;
    std::uint64_t assetBytesSent = 0;        // venue and asset file bytes, all clients
    std::uint64_t assetRequestsRefused = 0;  // for a path not in the manifest, or past a file's end
    // What the kernel holds for the server's socket between two update() calls (it caps this
    // at net.core.rmem_max): a loop may sleep a whole tick only if that tick's datagrams fit,
    // which for hundreds of clients takes kCrowdReceiveBufferBytes.
    std::size_t receiveBufferBytes = 0;
    static constexpr std::size_t kCrowdReceiveBufferBytes = std::size_t(4) << 20;
    VoiceMetrics voice;
    std::vector<ClientMetrics> clients;
};

class Server {
public:
    Server(World& world, ServerConfig config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    Status start();
    std::uint16_t port() const;
    // Services the network and runs the simulation ticks due by `now` (seconds, monotonic).
    void update(double now);
    // When the next tick is due, on update()'s clock. Inputs wait for a tick and snapshots
    // leave at ticks, so a server loop can sleep until then: calling update() more often only
    // services the network sooner.
    double nextTickDue() const;
    void stop();

    ServerMetrics metrics() const;
    std::size_t clientCount() const;
    World& world();
    // The server's view of an avatar (for tests and tools): nullopt if no such client.
    std::optional<vec3> avatarPosition(std::uint32_t clientId) const;
    std::vector<std::uint32_t> clientIds() const;
    // Who sits on a seat (client id), 0 if free.
    std::uint32_t seatOccupant(StableId seat) const;
    // What the venue rules did during the last update() (seats, portals, triggers), in order.
    const std::vector<RuleEvent>& ruleEvents() const;
    std::uint32_t chatCount() const;
    // The venue's show, run on the server clock (tick() / tickRate seconds): the ticks run so
    // far, counters, running timelines, problems (bindings to deleted entities). After start().
    std::uint32_t tick() const;
    ShowRunner& show();
    // Refuses this join token id from now on (a session it already holds goes on until it ends).
    void revokeToken(std::uint64_t tokenId);
    // Plays `source` (a URL, or a file of the venue) on a screen from its start, for everyone
    // (atrium-server --media SCREEN_ID=URL). An error when the venue has no such screen. After start().
    Status setMedia(StableId screen, const std::string& source);
    // How long a source of the venue plays (seconds), so that a screen's playlist moves everyone
    // on to its next item when one ends (the server never opens media: atrium-server measures the
    // venue's files with atrium::media at start). An item whose duration is unknown plays on.
    void setMediaDuration(const std::string& source, double seconds);
    // A screen's media as the server holds it (nullopt: it has none).
    std::optional<MediaStateMsg> media(StableId screen) const;

    // A many-instance event (ServerConfig::eventRelay, event_relay.hpp). What happened here
    // since the last call, for the other instances:
    EventOutbox takeEventOutbox();
    // A chat line said in another instance, shown to everyone here (from client 0).
    void relayChat(const std::string& name, const std::string& text);
    // A line from the system to everyone here ("event chat lost...").
    void systemNotice(const std::string& text);
    // A ban or mute decided elsewhere: applied to that user's session here and to later joins.
    void applyModeration(const ModerationAction& action);
    // Everyone joined here, as presence.
    std::vector<PresenceChange> people() const;
    // Stop admitting: later joins are refused, and everyone here is told `why` and cut off (the
    // app joins again through the director).
    void drain(const std::string& why);
    // The stage's presenters as the relay from the stage instance last saw them: new ones
    // appear as replicated avatars (owned by no client), known ones move, missing ones go.
    void setMirroredAvatars(const std::vector<MirroredAvatar>& avatars);
    // A stage voice frame (a presenter on a stage zone, or a host's announcement) as the relay
    // received it: forwarded unchanged to everyone here at the next tick, as stage voice (not
    // positional), from speaker kMirroredClientBit | packet.speaker and that mirrored avatar.
    // Positional packets are ignored: only the stage is relayed.
    void relayStageVoice(const VoicePacket& packet);
    // A screen's media as the stage holds it, `stageSeconds` being the stage's clock now (the
    // relay's serverTime()): held here as this server's own state (restamped on this clock) and
    // sent to everyone here, late joiners too. Ignored for a screen this venue does not have.
    void mirrorMedia(const MediaStateMsg& state, double stageSeconds);
    // A change the stage's show made (a presenter's button, a host's cue), restamped on this
    // clock: made in this World by this server's show (ShowRunner::follow) and sent to everyone
    // here and kept for late joiners as its own changes are.
    void mirrorShowChange(const ShowChangeMsg& change, double stageSeconds);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::net
