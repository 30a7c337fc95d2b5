#include "atrium/cluster/stage_mirror.hpp"

#include <ctime>
#include <functional>

#include "atrium/core/log.hpp"
#include "atrium/net/server.hpp"

namespace atrium::cluster {
namespace {
bool sameMedia(const net::MediaStateMsg& a, const net::MediaStateMsg& b) {
    return a.page == b.page && a.playing == b.playing && a.source == b.source && a.position == b.position && a.tick == b.tick &&
           a.volume == b.volume;
}
}  // namespace

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
        media_.clear();
        showSeen_ = 0;
        server.setMirroredAvatars({});
        mirrored_ = 0;
        return;
    }
    if (!link_->joined()) return;
    std::vector<net::MirroredAvatar> stage;
    const auto& people = link_->participants();
    const auto& looks = link_->looks();
    for (const net::RemoteEntity& e : link_->view(now)) {
        if (e.kind != net::EntityKind::Avatar || !e.hasState) continue;
        auto who = people.find(e.owner);
        if (who == people.end() || who->second.role == net::Role::Attendee) continue;
        net::MirroredAvatar a{e.owner, who->second.displayName, e.position, e.rotation, who->second.role, {}};
        if (auto look = looks.find(e.owner); look != looks.end()) a.look = look->second;
        stage.push_back(std::move(a));
    }
    mirrored_ = stage.size();
    server.setMirroredAvatars(stage);
    relay(now, server);
}

// What the stage says to everyone, said here: its stage voice (frames as they came, never
// decoded), its screens' media and its show's changes, on this server's clock.
void StageMirror::relay(double now, net::Server& server) {
    for (const net::VoicePacket& p : link_->takeVoice()) {
        if (p.positional()) continue;  // someone near the relay's spot on the stage instance
        server.relayStageVoice(p);
        ++voiceRelayed_;
    }
    const double stageNow = link_->serverTime(now);
    for (const auto& [screen, state] : link_->media()) {
        auto seen = media_.find(screen);
        if (seen != media_.end() && sameMedia(seen->second, state)) continue;
        media_[screen] = state;
        server.mirrorMedia(state, stageNow);
    }
    const auto& changes = link_->showChanges();
    if (changes.size() < showSeen_) showSeen_ = 0;
    for (; showSeen_ < changes.size(); ++showSeen_) server.mirrorShowChange(changes[showSeen_], stageNow);
}

}  // namespace atrium::cluster
