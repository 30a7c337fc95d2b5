#include "atrium/cluster/stage_mirror.hpp"

#include <ctime>
#include <functional>

#include "atrium/core/log.hpp"
#include "atrium/net/server.hpp"

namespace atrium::cluster {

StageMirror::StageMirror(StageMirrorConfig config) : config_(std::move(config)) {}
StageMirror::~StageMirror() = default;

void StageMirror::setStage(const std::string& host, std::uint16_t port, double now) {
    if (host == host_ && port == port_) return;
    host_ = host;
    port_ = port;
    link_.reset();
    retryAt_ = now;
}

void StageMirror::connect(double now) {
    // A user id of its own per instance, far from any attendee's.
    const std::uint64_t user = (std::uint64_t(0xA7) << 56) | (std::hash<std::string>{}(config_.instanceId) >> 8);
    net::JoinClaims claims{config_.venueId, user, "stage relay " + config_.instanceId, net::Role::Attendee,
                           std::int64_t(std::time(nullptr)) + 24 * 3600};
    link_ = std::make_unique<net::Client>(net::ClientConfig{.token = net::mintJoinToken(claims, config_.secret), .seed = user});
    if (Status s = link_->connect(host_, port_); !s) {
        logWarn("stage", "instance " + config_.instanceId + ": cannot link to the stage at " + host_ + ":" + std::to_string(port_) + ": " +
                             s.error().message);
        link_.reset();
        retryAt_ = now + 1.0;
        return;
    }
    connectedAt_ = now;
    logInfo("stage", "instance " + config_.instanceId + " mirrors the stage at " + host_ + ":" + std::to_string(port_));
}

bool StageMirror::linked() const { return link_ && link_->joined(); }

void StageMirror::update(double now, net::Server& server) {
    if (host_.empty()) return;
    if (!link_ && now >= retryAt_) connect(now);
    if (!link_) return;
    link_->update(now);
    const bool closed = !link_->connected() && !link_->closeReason().empty();
    if (closed || (!link_->joined() && now > connectedAt_ + 5.0)) {
        logWarn("stage", "instance " + config_.instanceId + ": the link to the stage closed (" +
                             (closed ? link_->closeReason() : std::string("no join within 5 s")) + "); retrying");
        link_.reset();
        retryAt_ = now + 1.0;
        server.setMirroredAvatars({});
        mirrored_ = 0;
        return;
    }
    if (!link_->joined()) return;
    std::vector<net::MirroredAvatar> stage;
    const auto& people = link_->participants();
    for (const net::RemoteEntity& e : link_->view(now)) {
        if (e.kind != net::EntityKind::Avatar || !e.hasState) continue;
        auto who = people.find(e.owner);
        if (who == people.end() || who->second.role == net::Role::Attendee) continue;
        stage.push_back({e.owner, who->second.displayName, e.position, e.rotation});
    }
    mirrored_ = stage.size();
    server.setMirroredAvatars(stage);
}

}  // namespace atrium::cluster
