#pragma once
// Sessions over the transport (transport_server.hpp): clients connecting, joining and leaving,
// what they may send (rate limits, malformed packets, cut-off), the reliable outboxes, and the
// handlers of every message a client sends.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "atrium/net/asset_manifest.hpp"
#include "atrium/net/bit_stream.hpp"
#include "atrium/net/command_chunks.hpp"
#include "atrium/net/event_relay.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/people.hpp"
#include "atrium/net/server.hpp"
#include "atrium/net/voice.hpp"
#include "client_replication.hpp"
#include "command_log.hpp"
#include "replicas.hpp"
#include "replication.hpp"
#include "show_log.hpp"
#include "transport_server.hpp"
#include "venue_simulation.hpp"
#include "voice_router.hpp"

namespace atrium::net {

// A client as a speaker (voice.hpp).
struct ClientSession;

struct VoiceTalker {
    RateLimit bucket;
    bool selfMuted = false;
    double lastFrameAt = -1e9;
    bool announcing = false;  // its last frame asked to be heard venue-wide (hosts only)
    bool routed = false;      // its listeners were chosen since it started talking
    bool everyone = false;    // heard venue-wide, non-positional
    bool stage = false;       // ... from a stage zone
    // Chosen at the last routing (positional): sessions, not ids, since a frame is sent to each
    // of them (400,000 a second in a full hall); dropClient takes a leaving one out.
    std::vector<ClientSession*> listeners;
    // As a listener: how many positional talkers it was given to (at most voiceMaxSpeakers).
    std::size_t hearing = 0;
    // Frames from before its first routing (at most a tick's), sent once listeners are chosen.
    std::vector<VoiceSendMsg> waiting;
    std::uint64_t dropped = 0;
};

struct ClientSession {
    std::uint32_t id = 0;   // the transport's id of its session
    bool connected = true;  // false once the transport has let it go (cut off, left)
    bool joined = false;
    double connectedAt = 0.0;  // a client that has not joined by ServerConfig::joinDeadlineSeconds is cut
    JoinClaims claims;         // from its join token, authenticated by the transport
    std::string claimsError;   // why the token's claims could not be read, if they could not
    NetId avatar = 0;
    AvatarWalk walk;
    ClientReplication replication;
    std::vector<std::vector<std::uint8_t>> outbox;  // reliable messages, batched at the end of update()
    RateLimit chatBucket{8, 3, 8}, eventBucket{20, 10, 20};
    // Emotes are a burst of a few then one a second: enough for anyone, not for a strobe.
    RateLimit emoteBucket{5, 1, 5}, lookBucket{4, 0.5, 4};
    // Refusals told back (not your role, slow down, no such seat...): a flood of refused
    // requests must not become a flood of reliable notices back.
    RateLimit noticeBucket{10, 2, 10};
    std::optional<AvatarLookMsg> look;
    bool muted = false;  // by a host: no chat, no voice
    VoiceTalker voice;
    // Frames to hear (indices into Sessions::voiceFrames_), handed to the transport once a tick
    // so that a listener's frames share a datagram.
    std::vector<std::uint32_t> voiceOut;
    bool leaving = false;
    // said Leave: its identity is not kept for a reconnect
    struct AssetSend {
        std::uint32_t index = 0;  // manifest entry
        std::uint32_t offset = 0;
    };
    std::deque<AssetSend> assetQueue;  // files asked for, sent in order at assetBytesPerTick
    std::uint32_t assetRequests = 0;
    CommandAssembler commandChunks;
    // metrics
    std::uint64_t bytesDown = 0, bytesUp = 0, windowDown = 0, windowUp = 0;
    double windowStart = 0.0, kbpsDown = 0.0, kbpsUp = 0.0;
    std::uint64_t malformed = 0, replayed = 0, rateLimited = 0;
};

// What a dropped client leaves behind for ServerConfig::reconnectGraceSeconds.
struct DepartedClient {
    vec3 position{0.0f};
    float yaw = 0.0f;
    StableId seat;
    std::optional<AvatarLookMsg> look;
    std::string displayName;  // as renamed; the token's name otherwise
    double until = 0.0;
};

class Sessions final : public VenueEvents {
public:
    Sessions(World& world, const ServerConfig& config, ServerMetrics& stats, VenueSimulation& simulation, ReplicaRegistry& replicas,
             Replication& replication);
    ~Sessions();

    Status listen();
    // Reads ServerConfig::venueFile and what it references, to offer joining clients.
    Status loadVenueAssets();
    bool listening() const { return transport_ && transport_->listening(); }
    std::uint16_t port() const;
    void close();
    // A join token's id (joinConnectToken(text)->tokenId) refused from now on.
    void revoke(std::uint64_t tokenId);
    // Everything the clients sent since the last update.
    void receive(double now);
    // The snapshots due this tick.
    void sendSnapshots();
    // Voice: whom each talking client is heard by, chosen after the tick's movement.
    void routeVoice();
    void routeNewTalker(std::size_t member);
    void forgetListeners(ClientSession& talker);
    // The files clients asked for, each client's share of this tick.
    void sendAssets();
    // At the end of an update: the reliable outboxes, the simulated links, the metrics.
    void flush();

    const std::vector<std::unique_ptr<ClientSession>>& clients() const { return clients_; }
    const ClientSession* client(std::uint32_t id) const;
    std::uint32_t chatCount() const { return chatSequence_; }
    void report(ServerMetrics& metrics) const;

    void seatChanged(StableId seat, std::uint32_t occupant) override;
    void portalToVenue(std::uint32_t clientId, const std::string& venue) override;
    void showChanged(const ShowChangeMsg& change) override;
    void showEffect(const ShowEffectMsg& effect, std::uint32_t onlyTo) override;

    // The screens' media (session_handlers.cpp): each screen with a source gets its state when
    // the server starts (playing if it autoplays); setMedia plays another source from the start.
    // A screen with a playlist plays its first item's source; when the item's duration is known
    // (setMediaDuration) and its position reaches it, advanceMedia (each tick) moves everyone to
    // the next item (the first again when the screen loops), carrying over the time past the end.
    void startMedia();
    Status setMedia(StableId screen, const std::string& source);
    const MediaStateMsg* media(StableId screen) const;
    // session_event.cpp: one instance of a many-instance event (event_relay.hpp)
    EventOutbox takeEventOutbox();
    void relayChat(const std::string& name, const std::string& text);
    void applyModeration(const ModerationAction& action);
    std::vector<PresenceChange> people() const;
    void drain(const std::string& why);
    void setMirroredAvatars(const std::vector<MirroredAvatar>& avatars);
    void relayStageVoice(const VoicePacket& packet);
    void mirrorMedia(MediaStateMsg state, double stageSeconds);
    void mirrorShowChange(const ShowChangeMsg& change, double stageSeconds);
    void setMediaDuration(const std::string& source, double seconds);
    void advanceMedia();

private:
    // sessions.cpp: clients and what they are sent
    std::vector<std::unique_ptr<ClientSession>>::iterator clientSlot(std::uint32_t id);
    ClientSession* findClient(std::uint32_t id);
    void handleEvent(const TransportEvent& event);
    void connect(std::uint32_t id, const CookieContents& session);
    void dropLate();
    void dropClient(std::uint32_t id, const char* why, bool keepIdentity = false);
    void cutOff(ClientSession& c, const std::string& why);
    void malformed(ClientSession& c);
    // A Notice to `c` about its own request, within its notice rate limit.
    void notify(ClientSession& c, const std::string& text);
    void rawSend(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable);
    void send(ClientSession& c, std::vector<std::uint8_t> bytes, bool reliable);
    void transmit(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable);
    void broadcast(const std::vector<std::uint8_t>& bytes, std::uint32_t except = 0);
    void despawn(NetId id, std::uint32_t except = 0);
    void flushOutboxes();
    void updateMetrics();
    // session_handlers.cpp: what clients send
    void handlePacket(ClientSession& c, std::span<const std::uint8_t> packet);
    void handleJoin(ClientSession& c, BitReader& r);
    void welcome(ClientSession& c);
    void handleInputs(ClientSession& c, BitReader& r);
    void handleSeat(ClientSession& c, BitReader& r, bool claim);
    void handleChat(ClientSession& c, BitReader& r);
    void handleMedia(ClientSession& c, BitReader& r);
    void applyMedia(const MediaControlMsg& m);
    void handleModeration(ClientSession& c, BitReader& r, MessageType type);
    void handleEdit(ClientSession& c, BitReader& r);
    void noteEvent(const ClientSession& c, bool present);
    bool bannedFromEvent(const ClientSession& c) const;
    void handleCommandChunk(ClientSession& c, BitReader& r);
    void handleUse(ClientSession& c, BitReader& r);
    void handleCue(ClientSession& c, BitReader& r);
    // The show's changes gathered during a tick (or a use), folded and sent at its end.
    void flushShowChanges();
    void afterWorldEdit();
    // session_voice.cpp: voice frames, self-mute, roles
    void handleVoice(ClientSession& c, BitReader& r);
    void handleVoiceMute(ClientSession& c, BitReader& r);
    void handleSetRole(ClientSession& c, BitReader& r);
    void forwardVoice(ClientSession& c, const VoiceSendMsg& m);
    std::uint32_t poolVoice(const VoicePacket& header, std::span<const std::uint8_t> frame);
    void queueVoice(ClientSession& to, std::uint32_t frame);  // sent at the tick's deliverVoice
    void deliverVoice();
    bool inStageZone(vec3 position) const;
    // session_people.cpp: emotes, looks, the participants list, leaving and coming back
    void handleEmote(ClientSession& c, BitReader& r);
    void handleLook(ClientSession& c, BitReader& r);
    void handleRename(ClientSession& c, BitReader& r);
    void nameAvatar(ClientSession& c);
    void handleLeave(ClientSession& c);
    void introduce(ClientSession& c);
    void keepIdentity(const ClientSession& c);
    void resumeIdentity(ClientSession& c);
    // session_assets.cpp: the venue and its assets
    void offerAssets(ClientSession& c);
    void handleAssetRequest(ClientSession& c, BitReader& r);
    bool sendAssetChunk(ClientSession& c, std::uint32_t& budget);

    World& world_;
    const ServerConfig& config_;
    ServerMetrics& stats_;
    VenueSimulation& simulation_;
    ReplicaRegistry& replicas_;
    Replication& replication_;
    std::unique_ptr<TransportServer> transport_;
    // Every client by ascending id (ids only grow, so a new one goes at the back): the loops
    // that visit all of them every tick walk an array, and lookups by id bisect it.
    std::vector<std::unique_ptr<ClientSession>> clients_;
    // Their ids, in the same order: a bisection over 4 KB instead of a pointer chase per step
    // (voice looks up a listener for every frame it forwards: 400,000 a second in a full hall).
    std::vector<std::uint32_t> clientIds_;
    // The ids of the clients with reliable messages waiting, so flushing visits only them.
    std::vector<std::uint32_t> outboxPending_;
    double metricsDue_ = 0.0;  // the earliest time a client's bandwidth window closes
    double now_ = 0.0;
    std::uint32_t nextClientId_ = 1;
    std::uint32_t chatSequence_ = 0;
    std::map<StableId, MediaStateMsg> media_;
    std::map<std::string, double> mediaDurations_;   // by source as the venue names it
    std::map<StableId, std::size_t> playlistItems_;  // a playlist screen's item playing
    ShowLog showLog_;                                // for late joiners
    std::vector<ShowChangeMsg> showPending_;         // not yet sent
    CommandLog commandLog_;
    std::map<std::uint64_t, DepartedClient> departed_;  // by user id
    VenueAssets venueAssets_;
    std::map<std::string, std::uint32_t, std::less<>> assetIndex_;  // manifest entry by path
    std::vector<std::unique_ptr<std::ifstream>> assetStreams_;      // by entry, opened when first asked for
    std::size_t assetTurn_ = 0;                                     // the client sendAssets() starts with
    std::vector<NetId> undescribed_;                                // sendSnapshots' scratch
    EventOutbox eventOut_;
    std::set<std::uint64_t> bannedUsers_, mutedUsers_;  // by user id, decided in any instance
    std::string drainingWhy_;                           // non-empty: refusing joins
    struct Mirrored {
        Entity entity;
        NetId id = 0;
        std::string name;
        Role role = Role::Presenter;
        std::optional<AvatarLookMsg> look;
    };
    std::map<std::uint32_t, Mirrored> mirrored_;  // the stage's presenters, by their client id there
    VoiceRouter voiceRouter_;
    std::vector<VoiceMember> voiceMembers_;                 // routeVoice's scratch, by joined client
    std::vector<ClientSession*> voiceSessions_;             // the same clients
    std::vector<ClientSession*> voiceEveryone_;             // talkers heard venue-wide, at the last tick
    std::vector<std::vector<std::uint8_t>> voiceFrames_;    // since the last tick, each encoded once for all its listeners
    std::vector<ClientSession*> voicePending_;              // clients with voiceOut to deliver
    int voiceTicksToRoute_ = 0;                             // ticks until everyone is routed anew
    std::vector<std::pair<float, std::size_t>> voiceNear_;  // routeNewTalker's scratch
};

}  // namespace atrium::net
