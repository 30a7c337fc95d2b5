#pragma once
// A venue client: joins with a token, sends its avatar's inputs, predicts its own avatar and
// reconciles it with the server, and shows everyone else interpolated behind an adaptive
// jitter buffer (about two to three snapshot intervals), extrapolating at most 250 ms when
// snapshots stop.
//
//   Client client({.token = token});
//   client.connect("127.0.0.1", port);
//   while (running) { client.setInput(move, run, jump, yaw); client.update(now); draw(client.view(now)); }
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/asset_download.hpp"
#include "atrium/net/link_simulator.hpp"
#include "atrium/net/people.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/show_protocol.hpp"
#include "atrium/net/voice.hpp"
#include "atrium/scene/command.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {
class AssetCache;
}

namespace atrium::net {

struct ClientConfig {
    std::string token;
    LinkConditions link;  // simulated conditions on everything the client sends
    std::uint64_t seed = 1;
    double inputRate = 60.0;  // input samples a second (the server's tick)
    // Packets of inputs a second, each carrying the newest six samples (or all unsent ones),
    // so lost packets cost nothing; batched packets leave as soon as a snapshot has arrived,
    // carrying its ack, and a change of walk (start, stop, turn, run, jump) leaves at once.
    // 30 halves the datagrams a crowded server receives; 60 sends every sample at once.
    double inputSendRate = 30.0;
    // The venue as loaded from its file (before any avatars are added). The Client copies it
    // and builds its physics over the copy when it is made (tens of milliseconds for a hall),
    // not when it joins: update() stays short, which a process serving hundreds of bots from
    // one loop needs. When the server moves avatars with character physics (JoinAccept), the
    // client predicts its own avatar with the same physics over this copy, so walls, steps and
    // furniture do not cause corrections; without it, prediction walks on flat ground and is
    // corrected wherever the server's avatar is stopped (and the copy is dropped). Hosts'
    // commands and live edits that reach the client are applied to the copy too.
    const World* venue = nullptr;
    // Where the venue's relative asset paths resolve (its file's folder), for the mesh
    // colliders prediction walks on; see ServerConfig::assetRoot.
    std::filesystem::path assetRoot;
    // Resolves those meshes instead of a cache of the client's own at assetRoot (this cache's
    // root counts). Clients in one process (bots) share one, so each mesh is loaded once.
    std::shared_ptr<AssetCache> assets;
    // Where the venue and the assets the server sends are kept, by SHA-256 (asset_download.hpp):
    // what is found here is not downloaded again, and a download cut off resumes. Empty: the
    // server's offer is ignored (the app has its venue, as the editor's play mode does).
    std::filesystem::path venueCacheDir;
    std::uint64_t assetFileMaxBytes = kDefaultAssetFileMaxBytes;  // an offer of a larger file is refused
    std::uint64_t venueMaxBytes = kDefaultVenueMaxBytes;          // and of larger files in all
    // What the join says it speaks: another release's app is refused with a reason. Only tests
    // set it, to be that other app.
    std::uint32_t protocolVersion = kProtocolVersion;
};

struct RemoteEntity {
    NetId id = 0;
    EntityKind kind = EntityKind::Body;
    std::uint32_t owner = 0;
    StableId stableId;
    std::string name;
    vec3 position{0.0f};
    quat rotation{1, 0, 0, 0};
    bool hasState = false;
};

struct ClientStats {
    std::uint64_t snapshotsReceived = 0;
    std::uint64_t snapshotsDropped = 0;  // stale, duplicate, malformed or missing baseline
    std::uint64_t malformedPackets = 0;
    double interpolationDelayMs = 0.0;
    double jitterMs = 0.0;
    double correctionMeters = 0.0;  // size of the last prediction correction
    bool characterPhysics = false;  // predicting with the server's character physics
    // Everything that reached this client's socket: UDP payloads with ENet's own headers.
    // Add 28 bytes of IPv4 + UDP header per datagram for what the link carried.
    std::uint64_t wireBytesReceived = 0;
    std::uint64_t datagramsReceived = 0;
    // Voice: frames (and their message bytes) sent and received, and frames not sent because
    // they were empty, over kMaxVoiceFrameBytes, or sent while not joined or muted.
    std::uint64_t voiceFramesSent = 0, voiceBytesSent = 0;
    std::uint64_t voiceFramesReceived = 0, voiceBytesReceived = 0;
    std::uint64_t voiceFramesRefused = 0;
};

// Someone heard lately (within kVoiceSpeakingSeconds): what a nameplate ring shows.
struct VoiceSpeaker {
    std::uint32_t clientId = 0;
    NetId avatar = 0;
    bool stage = false;         // heard venue-wide, from a stage zone
    bool announcement = false;  // a host's announcement
    double lastHeard = 0.0;     // on update()'s clock
};

class Client {
public:
    explicit Client(ClientConfig config);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Status connect(const std::string& host, std::uint16_t port);
    void update(double now);
    // Drops the connection without a goodbye: the server keeps this user's place, seat and look
    // for ServerConfig::reconnectGraceSeconds, as for a lost connection.
    void disconnect();
    // Says goodbye: the server forgets this user's place at once. The connection closes over the
    // next update() calls (connected() turns false).
    void leave();
    // Connects again to the same server with the same token and config, starting afresh (the
    // view, chat and lists are the new session's). Within the server's grace period the avatar
    // comes back where it was; when to try is the app's call (e.g. on closeReason() "connection lost").
    Status reconnect();

    bool connected() const;
    bool joined() const;
    // Why the server refused or removed us ("join token expired ...", "removed by a host").
    const std::string& closeReason() const;
    std::uint32_t clientId() const;
    Role role() const;

    void setInput(vec2 move, bool run = false, bool jump = false, float yaw = 0.0f);
    void sendChat(const std::string& text);
    void claimSeat(StableId seat);
    void releaseSeat();
    // A presenter's or host's control of a screen (play, pause, seek, pages, volume, source); the
    // server tells everyone the new state through media(). An attendee is refused with a notice.
    void controlMedia(const MediaControlMsg& control);
    void kick(std::uint32_t clientId);
    void mute(std::uint32_t clientId);
    void editTransform(StableId entity, vec3 position, quat rotation);
    // Sends an editor command (as JSON, in chunks) for the server to apply and relay; hosts only
    // (others get a Notice). An applied command's undo data travels too.
    void sendCommand(const Command& command);
    // An emote (the app's atrium::Emote as a number, at most kMaxEmote) for everyone to see;
    // about one a second, more is dropped with a Notice.
    void sendEmote(std::uint8_t emote);
    // This avatar's look, kept by the server and sent to everyone, late joiners too.
    void setLook(const AvatarLookMsg& look);
    // The name everyone sees (participants list, nameplates) instead of the token's; refused
    // with a notice when displayNameProblem() says so. The user id and role stay the token's.
    void setDisplayName(const std::string& name);

    // Shows (show_protocol.hpp). Uses an Interactable (click or E): the server checks the reach,
    // the role and the rate and says why in a notice when it refuses.
    void use(StableId interactable);
    // Calls a cue (the host's control panel); hosts only, others get a notice.
    void cue(const std::string& name);
    // The server tick of the newest snapshot (60 a second), and the server's clock at `now`
    // estimated from the snapshots: what a follower samples the show at.
    std::uint32_t serverTick() const;
    double serverTime(double now) const;
    // What the server's show changed in the World, oldest first (late joiners get the state so
    // far), and what it asks of this app: announcements, sounds, seeks for everyone; a URL
    // only for the person who set it off. Screens' play state arrives in media().
    const std::vector<ShowChangeMsg>& showChanges() const;
    const std::vector<ShowEffectMsg>& showEffects() const;
    // Hands the changes not handed by an earlier call to `follower` (a ShowRunner over this
    // client's copy of the venue, made a follower here); then follower.update(serverTime(now))
    // shows what everyone sees.
    void applyShow(ShowRunner& follower);

    // Voice (voice.hpp). One encoded frame (the audio layer's encodeVoiceFrame bytes) for the
    // server to forward to those who hear this avatar; it leaves with the next update(). Hosts
    // may ask to be heard venue-wide (`announcement`). Frames while self-muted are not sent.
    void sendVoice(std::span<const std::uint8_t> frame, bool announcement = false);
    // Self-mute: nothing is sent, and the server forwards nothing of ours until unmuted.
    void setVoiceMuted(bool muted);
    bool voiceMuted() const;
    // The frames forwarded to us since the last call, oldest first (each names its speaker and
    // whether it is positional): hand them to audio's VoiceChat::receive.
    std::vector<VoicePacket> takeVoice();
    // Who was heard in the last kVoiceSpeakingSeconds, by client id.
    std::vector<VoiceSpeaker> speaking() const;
    bool isSpeaking(std::uint32_t clientId) const;
    // Hosts only: gives `clientId` a role (a presenter, to be heard from a stage zone); others
    // get a Notice. Everyone sees the new role in participants().
    void setRole(std::uint32_t clientId, Role role);

    // Own avatar, predicted ahead of the server.
    vec3 predictedPosition() const;
    // Everything else, as it should be drawn at `now`.
    std::vector<RemoteEntity> view(double now) const;
    std::optional<RemoteEntity> entity(NetId id, double now) const;
    NetId avatarId() const;

    const std::vector<ChatLine>& chat() const;
    const std::vector<std::string>& notices() const;
    // Venues whose portals this client's avatar walked into, oldest first. The server does not
    // move it: switching venues (joining that venue's server) is the app's to decide.
    const std::vector<std::string>& venuePortals() const;
    const std::map<StableId, std::uint32_t>& seats() const;  // occupied seats by client id
    // Every screen's media as the server holds it; play it at positionAt(serverTime(now)).
    const std::map<StableId, MediaStateMsg>& media() const;
    const std::vector<EditMsg>& edits() const;
    // The hosts' commands relayed to us, oldest first (a stream that is malformed or fails
    // validation counts in stats().malformedPackets and is left out).
    const std::vector<Command>& commands() const;
    // Applies the received commands not applied yet by this call to `world` (this client's copy
    // of the venue), in order; stops at the first that fails and returns its error.
    Status applyCommands(World& world);
    const ClientStats& stats() const;

    // Emotes relayed by the server, oldest first, this client's own included.
    const std::vector<EmoteEvent>& emotes() const;
    // The looks set so far, by client id (this client's own included).
    const std::map<std::uint32_t, AvatarLookMsg>& looks() const;
    // Everyone in the venue by client id, this client and bots included, whether in view or not.
    const std::map<std::uint32_t, Participant>& participants() const;
    // The venue and its assets the server offered: the manifest, progress (bytesDone of
    // bytesTotal), and once Ready the venue file to load from the cache; or the reason it
    // failed (also in notices()).
    const AssetTransfer& assetTransfer() const;
    // Where a file of the venue lies in the cache, by its venue-relative path (as the venue
    // file or a glTF names it), once the transfer is Ready; nullopt before, or for a path not
    // in the manifest.
    std::optional<std::filesystem::path> assetPath(std::string_view venuePath) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::net
