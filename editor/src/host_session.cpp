#include "host_session.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <utility>

#include "atrium/core/log.hpp"
#include "atrium/net/join_token.hpp"

namespace atrium::editor {

std::string hostSecretFromEnvironment() {
    if (const char* s = std::getenv("ATRIUM_SECRET"); s && *s) return s;
    return net::kDevelopmentSecret;
}

Result<std::unique_ptr<HostSession>> HostSession::start(const World& world, const HostOptions& options) {
    std::unique_ptr<HostSession> h(new HostSession());
    h->world_ = world;  // what the server starts from: commands after this go out once joined
    h->venueId_ = options.venueId.empty() ? "venue" : options.venueId;
    h->secret_ = options.secret.empty() ? hostSecretFromEnvironment() : options.secret;
    net::ServerConfig config;
    config.venueId = h->venueId_;
    config.secret = h->secret_;
    config.host = options.bindAddress;
    // Anyone can mint tokens with the development secret: without ATRIUM_SECRET the server
    // serves this machine only (docs/security.md).
    if (h->secret_ == net::kDevelopmentSecret && config.host.rfind("127.", 0) != 0) {
        logInfo("editor", "ATRIUM_SECRET is not set: hosting on 127.0.0.1 only");
        config.host = "127.0.0.1";
    }
    config.port = options.port;
    config.assetRoot = options.assetRoot;
    h->server_ = std::make_unique<net::Server>(h->world_, config);
    if (Status s = h->server_->start(); !s.ok()) {
        return Error{"cannot host on port " + std::to_string(options.port) + ": " + s.error().toString()};
    }
    net::ClientConfig clientConfig;
    clientConfig.token = h->mintToken("Editor host", net::Role::Host, 1);
    h->client_ = std::make_unique<net::Client>(clientConfig);
    if (Status s = h->client_->connect("127.0.0.1", h->server_->port()); !s.ok()) {
        return Error{"the editor cannot join its own server: " + s.error().toString()};
    }
    h->port_ = h->server_->port();
    h->thread_ = std::thread([raw = h.get()] { raw->serviceLoop(); });
    logInfo("editor", "hosting venue \"" + h->venueId_ + "\" on port " + std::to_string(h->port_));
    return h;
}

HostSession::~HostSession() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (client_) client_->disconnect();
    if (server_) server_->stop();
}

void HostSession::serviceLoop() {
    auto start = std::chrono::steady_clock::now();
    while (!stop_) {
        double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        {
            std::lock_guard lock(mutex_);
            server_->update(now);
            client_->update(now);
            if (client_->joined()) {
                for (const Command& c : outbox_) client_->sendCommand(c);
                outbox_.clear();
                if (voiceMute_) client_->setVoiceMuted(*voiceMute_), voiceMute_.reset();
                for (const auto& [frame, announcement] : voiceOut_) client_->sendVoice(frame, announcement);
                std::vector<net::VoicePacket> in = client_->takeVoice();
                // An editor frame on a software GPU can be long: keep about a second at most.
                if (voiceIn_.size() + in.size() > 400) voiceIn_.clear();
                for (net::VoicePacket& p : in) {
                    if (auto e = client_->entity(p.avatar, now)) avatarPositions_[p.avatar] = e->position;
                    voiceIn_.push_back(std::move(p));
                }
            }
            voiceOut_.clear();
            joined_ = client_->joined();
            std::size_t n = server_->clientCount();
            guests_ = joined_ && n > 0 ? n - 1 : n;
        }
        // About four services per 60 Hz tick: latency stays well under a tick.
        std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
}

std::optional<Transform> HostSession::serverTransform(StableId id) const {
    std::lock_guard lock(mutex_);
    const Transform* t = world_.get<Transform>(world_.find(id));
    return t ? std::optional<Transform>(*t) : std::nullopt;
}

std::string HostSession::mintToken(const std::string& name, net::Role role, std::uint64_t userId) const {
    net::JoinClaims claims{venueId_, userId, name, role, std::int64_t(std::time(nullptr)) + 24 * 3600};
    return net::mintJoinToken(claims, secret_);
}

void HostSession::sendVoice(std::vector<std::uint8_t> frame, bool announcement) {
    std::lock_guard lock(mutex_);
    voiceOut_.emplace_back(std::move(frame), announcement);
}

void HostSession::setVoiceMuted(bool muted) {
    std::lock_guard lock(mutex_);
    voiceMute_ = muted;
}

std::vector<net::VoicePacket> HostSession::takeVoice() {
    std::lock_guard lock(mutex_);
    return std::exchange(voiceIn_, {});
}

std::optional<vec3> HostSession::avatarPosition(net::NetId avatar) const {
    std::lock_guard lock(mutex_);
    auto it = avatarPositions_.find(avatar);
    return it != avatarPositions_.end() ? std::optional<vec3>(it->second) : std::nullopt;
}

World HostSession::serverWorld() const {
    std::lock_guard lock(mutex_);
    return world_;
}

void HostSession::update(std::vector<Command> applied) {
    if (applied.empty()) return;
    std::lock_guard lock(mutex_);  // the outbox goes out once the host has joined
    for (Command& c : applied) {
        // A drag applies a merged command every frame: what has not gone out yet goes as one.
        if (!outbox_.empty() && canMerge(outbox_.back(), c)) {
            mergeInto(outbox_.back(), c);
            continue;
        }
        outbox_.push_back(std::move(c));
        ++commandsSent_;
    }
}

}  // namespace atrium::editor
