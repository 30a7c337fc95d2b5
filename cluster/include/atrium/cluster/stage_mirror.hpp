#pragma once
// The stage mirrored into an instance: a read-only netsync link from this instance to the
// stage instance (a client session there, with a token this instance mints with the event's
// secret), whose view of the stage's presenters and hosts becomes avatars here
// (Server::setMirroredAvatars). Nothing is sent back but the session's keep-alives.
// The relay's session is an attendee's on the stage instance: it stands at the spawn point
// there, and its view is what an attendee there would see (within the interest radius).
#include <cstdint>
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

private:
    void connect(double now);

    StageMirrorConfig config_;
    std::string host_;
    std::uint16_t port_ = 0;
    std::unique_ptr<net::Client> link_;
    double retryAt_ = 0.0, connectedAt_ = 0.0;
    std::size_t mirrored_ = 0;
};

}  // namespace atrium::cluster
