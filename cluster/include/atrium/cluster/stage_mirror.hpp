#pragma once
// The stage mirrored into an instance: a read-only netsync link from this instance to the
// stage instance (a client session there, with a token this instance mints with the event's
// secret), whose view of the stage's presenters and hosts becomes avatars here
// (Server::setMirroredAvatars). Nothing is sent back but the session's keep-alives.
// What the stage tells everyone is said here too: presenters' names and looks, the stage voice
// (frames forwarded unchanged, Server::relayStageVoice), the screens' media and the show's
// changes (Server::mirrorMedia, mirrorShowChange).
// The relay's session is an attendee's on the stage instance: it stands at the spawn point
// there, and its view is what an attendee there would see (within the interest radius).
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "atrium/net/client.hpp"

namespace atrium::net {
class Server;
}

namespace atrium::cluster {

struct StageMirrorConfig {
    std::string secret;
    std::string venueId;
    std::string instanceId;  // this instance
};

class StageMirror {
public:
    explicit StageMirror(StageMirrorConfig config);
    ~StageMirror();
    // Where the stage is (from the director); empty host: none, or this instance is the stage.
    void setStage(const std::string& host, std::uint16_t port, double now);
    void update(double now, net::Server& server);
    bool linked() const;
    std::size_t mirrored() const { return mirrored_; }
    // Stage voice frames handed to the server here so far.
    std::uint64_t voiceRelayed() const { return voiceRelayed_; }

private:
    void connect(double now);
    void relay(double now, net::Server& server);

    StageMirrorConfig config_;
    std::string host_;
    std::uint16_t port_ = 0;
    std::unique_ptr<net::Client> link_;
    double retryAt_ = 0.0, connectedAt_ = 0.0;
    std::size_t mirrored_ = 0;
    std::uint64_t voiceRelayed_ = 0;
    std::map<StableId, net::MediaStateMsg> media_;  // the stage's, as last passed on
    std::size_t showSeen_ = 0;                      // link_->showChanges() passed on
};

}  // namespace atrium::cluster
