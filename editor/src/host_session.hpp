#pragma once
// Host mode: the editor runs a netsync server for the venue being edited, so that others join
// (atrium-bots, another client) and see the host's edits live. The server simulates its own
// copy of the World (avatars and physics never touch the document); the editor joins it as a
// client with the Host role and sends every command the document applies (edits, and undo and
// redo as the commands they apply) as JSON, which the server validates, applies and relays to
// everyone else. Consecutive mergeable commands (a gizmo or slider drag) not yet sent go as one.
//
// The server and the host's client run on a thread of their own at the server's tick rate: an
// editor frame on a software GPU can take a quarter of a second, far too long between network
// services for the guests. The editor thread only hands edits over.
//
// Tokens and venue id follow atrium-server and atrium-bots: the secret is ATRIUM_SECRET (or the
// local development secret), the venue id is the venue file's name up to its first dot.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/command.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::editor {

struct HostOptions {
    std::uint16_t port = 7777;  // 0: any free port
    std::string bindAddress = "0.0.0.0";
    std::string venueId = "venue";
    std::string secret;               // empty: ATRIUM_SECRET or the development secret
    std::filesystem::path assetRoot;  // the venue file's folder: mesh colliders' meshes resolve there
};

class HostSession {
public:
    // Starts the server on a copy of `world` and joins it as the host.
    static Result<std::unique_ptr<HostSession>> start(const World& world, const HostOptions& options);
    ~HostSession();
    HostSession(const HostSession&) = delete;
    HostSession& operator=(const HostSession&) = delete;

    // Sends the commands the document applied since the last call, in order (they go out once
    // the host has joined; the server started from the World passed to start()).
    void update(std::vector<Command> applied);

    std::uint16_t port() const { return port_; }
    bool joined() const { return joined_; }             // the host's own client is in
    std::size_t guestCount() const { return guests_; }  // clients other than the host
    std::uint64_t commandsSent() const { return commandsSent_; }
    // The server's copy of an entity's transform (what late joiners get), for tests and tools.
    std::optional<Transform> serverTransform(StableId id) const;
    // A copy of the server's World (avatars included), for tests and tools.
    World serverWorld() const;
    const std::string& venueId() const { return venueId_; }
    // A token for someone to join as `role` (what `atrium-server token` prints).
    std::string mintToken(const std::string& name, net::Role role, std::uint64_t userId) const;

    // Voice, through the host's own client: frames (the audio layer's bytes) go out with the
    // next service, an announcement heard venue-wide; what the server forwards to the host is
    // taken by takeVoice(). Self-mute stops both this client and the server's forwarding of it.
    void sendVoice(std::vector<std::uint8_t> frame, bool announcement);
    void setVoiceMuted(bool muted);
    std::vector<net::VoicePacket> takeVoice();
    // Where an avatar is (its feet, as the host's client sees it), for placing its voice.
    std::optional<vec3> avatarPosition(net::NetId avatar) const;

private:
    HostSession() = default;
    void serviceLoop();

    // Owned by the network thread while it runs (guarded by mutex_ for the editor's reads).
    World world_;  // the server's copy
    std::unique_ptr<net::Server> server_;
    std::unique_ptr<net::Client> client_;
    std::vector<Command> outbox_;
    std::vector<std::pair<std::vector<std::uint8_t>, bool>> voiceOut_;
    std::vector<net::VoicePacket> voiceIn_;
    std::optional<bool> voiceMute_;  // a change not handed to the client yet
    std::map<net::NetId, vec3> avatarPositions_;
    mutable std::mutex mutex_;
    std::thread thread_;
    std::atomic<bool> stop_{false}, joined_{false};
    std::atomic<std::size_t> guests_{0};
    std::uint16_t port_ = 0;

    // The editor thread's.
    std::string venueId_, secret_;
    std::uint64_t commandsSent_ = 0;
};

// The secret tokens are signed with: ATRIUM_SECRET, or the local development secret.
std::string hostSecretFromEnvironment();

}  // namespace atrium::editor
