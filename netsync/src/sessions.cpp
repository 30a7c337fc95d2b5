#include "sessions.hpp"

#include <algorithm>
#include <ctime>

#include "atrium/core/log.hpp"
#include "udp_socket.hpp"

namespace atrium::net {
namespace {
constexpr std::uint64_t kMalformedLimit = 50;  // a client past this is cut off
// The largest message a client may send once put back together: every message it sends fits
// kMaxPacketBytes, so anything far beyond is an attack on the server's memory, and cuts it.
constexpr std::size_t kClientMessageCap = 64 * 1024;
}  // namespace

Sessions::Sessions(World& world, const ServerConfig& config, ServerMetrics& stats, VenueSimulation& simulation, ReplicaRegistry& replicas,
                   Replication& replication)
    : world_(world),
      config_(config),
      stats_(stats),
      simulation_(simulation),
      replicas_(replicas),
      replication_(replication),
      voiceRouter_(config.voiceHearingRadius, config.voiceMaxSpeakers) {}

Sessions::~Sessions() { close(); }

Status Sessions::listen() {
    // Without a configured secret anyone can mint tokens: such a server serves this machine only.
    const bool publicSecret = config_.secret.empty() || config_.secret == kDevelopmentSecret;
    if (publicSecret && !isLoopback(config_.host)) {
        return Error{"refusing to listen on " + config_.host +
                     " without a secret of its own (set ATRIUM_SECRET): anyone could mint join tokens for it; without one, "
                     "listen on 127.0.0.1"};
    }
    TransportServerConfig t;
    t.serverKey = deriveServerKey(config_.secret);
    t.maxClients = config_.maxClients;
    t.maxTokenLifetimeSeconds = config_.maxTokenLifetimeSeconds;
    t.revokedTokens.insert(config_.revokedTokens.begin(), config_.revokedTokens.end());
    t.reliable.maxMessageBytes = kClientMessageCap;
    t.reliable.maxQueuedBytes = config_.venueMaxBytes + (std::size_t(16) << 20);  // a venue file waiting to leave
    t.link = config_.link;
    t.seed = config_.seed;
    transport_ = std::make_unique<TransportServer>(std::move(t));
    if (Status s = transport_->listen(config_.host, config_.port); !s) {
        transport_.reset();
        return s;
    }
    const int granted = transport_->socket().receiveBufferBytes();
    stats_.receiveBufferBytes = std::size_t(granted);
    if (std::size_t(granted) < ServerMetrics::kCrowdReceiveBufferBytes) {
        logInfo("server", "the socket receive buffer is " + std::to_string(granted / 1024) +
                              " KiB (net.core.rmem_max caps it); with hundreds of clients packets will be dropped: "
                              "raise it, e.g. sysctl -w net.core.rmem_max=8388608");
    }
    return Ok{};
}

std::uint16_t Sessions::port() const { return transport_ ? transport_->port() : 0; }

void Sessions::close() {
    if (!transport_) return;
    transport_->close();
    transport_.reset();
    clients_.clear();
    clientIds_.clear();
    outboxPending_.clear();
}

void Sessions::revoke(std::uint64_t tokenId) {
    if (transport_) transport_->revoke(tokenId);
}

void Sessions::receive(double now) {
    now_ = now;
    transport_->receive(now, [&](const TransportEvent& event) { handleEvent(event); });
}

void Sessions::flush() {
    flushOutboxes();
    updateMetrics();
    transport_->flush(now_);
    stats_.datagramsReceived = transport_->socket().datagramsReceived();
    stats_.datagramsSent = transport_->socket().datagramsSent();
    const TransportServerStats& t = transport_->stats();
    stats_.tokensRefused = t.requestsInvalid + t.responsesInvalid + t.refusalsSent + t.refusalsSuppressed;
    stats_.handshakesRateLimited = t.requestsRateLimited;
}

std::vector<std::unique_ptr<ClientSession>>::iterator Sessions::clientSlot(std::uint32_t id) {
    return clients_.begin() + (std::lower_bound(clientIds_.begin(), clientIds_.end(), id) - clientIds_.begin());
}

ClientSession* Sessions::findClient(std::uint32_t id) {
    auto it = clientSlot(id);
    return it != clients_.end() && (*it)->id == id ? it->get() : nullptr;
}

const ClientSession* Sessions::client(std::uint32_t id) const { return const_cast<Sessions*>(this)->findClient(id); }

// One of the transport's events: a client connecting, a message from one, or one leaving.
void Sessions::handleEvent(const TransportEvent& event) {
    switch (event.type) {
        case TransportEvent::Type::Connected: return connect(event.client, *event.session);
        case TransportEvent::Type::Message: {
            if (ClientSession* c = findClient(event.client)) handlePacket(*c, event.bytes);
            else ++stats_.droppedPackets;
            break;
        }
        case TransportEvent::Type::Disconnected: {
            if (ClientSession* c = findClient(event.client)) {
                c->connected = false;
                dropClient(c->id, event.reason, !c->leaving);
            }
            break;
        }
    }
}

void Sessions::connect(std::uint32_t id, const CookieContents& session) {
    auto c = std::make_unique<ClientSession>();
    c->id = id;
    c->connectedAt = now_;
    c->windowStart = now_;
    c->voice.bucket = {config_.voiceBurstFrames, config_.voiceFramesPerSecond, config_.voiceBurstFrames, now_};
    if (Result<JoinClaims> claims = decodeJoinClaims(session.userData)) c->claims = *claims;
    else c->claimsError = claims.error().message;
    metricsDue_ = std::min(metricsDue_, now_ + 1.0);
    clients_.push_back(std::move(c));  // the transport's ids only grow too
    clientIds_.push_back(id);
}

// Connected but never joined: a slot held for nothing (the transport's handshake already
// proved a token; this bounds how long one may idle before joining).
void Sessions::dropLate() {
    std::vector<std::uint32_t> late;
    for (const auto& c : clients_) {
        if (!c->joined && now_ - c->connectedAt > config_.joinDeadlineSeconds) late.push_back(c->id);
    }
    for (std::uint32_t id : late) {
        if (ClientSession* c = findClient(id)) cutOff(*c, "did not join within " + std::to_string(int(config_.joinDeadlineSeconds)) + " s");
    }
}

void Sessions::dropClient(std::uint32_t id, const char* why, bool keep) {
    auto it = clientSlot(id);
    if (it == clients_.end() || (*it)->id != id) return;
    ClientSession& c = **it;
    if (c.joined) {
        logInfo("server", "client " + std::to_string(id) + " (" + c.claims.displayName + ") left: " + why);
        if (keep) keepIdentity(c);
        noteEvent(c, false);
        broadcast(encodeParticipantLeft(id), id);
        simulation_.leave(c.walk);
        replicas_.remove(c.avatar, now_);
        despawn(c.avatar, id);
    }
    if (c.connected) transport_->disconnectLater(c.id, now_);
    // Voice holds sessions by address: none may point at this one once it is gone.
    for (auto& other : clients_) std::erase(other->voice.listeners, &c);
    std::erase(voicePending_, &c);
    clientIds_.erase(clientIds_.begin() + (it - clients_.begin()));
    clients_.erase(it);  // nothing above adds or removes a client: `it` still holds c
}

// Only those who were told about a replica gone hear that it is; its state leaves their views
// through the snapshots' removals.
void Sessions::despawn(NetId id, std::uint32_t except) {
    for (auto& other : clients_) {
        if (other->id != except && other->replication.forget(id)) send(*other, encodeDespawn(id), true);
    }
}

void Sessions::cutOff(ClientSession& c, const std::string& why) {
    if (c.connected) {
        for (auto& packet : packBatches(c.outbox)) rawSend(c, packet, true);
        c.outbox.clear();
        rawSend(c, encodeText(MessageType::Kicked, why), true);
    }
    dropClient(c.id, why.c_str());  // the transport closes it once the reason is acknowledged
}

void Sessions::malformed(ClientSession& c) {
    ++c.malformed;
    ++stats_.droppedPackets;
    if (c.malformed > kMalformedLimit) cutOff(c, "too many malformed packets");
}

// ---------------------------------------------------------------- sending

void Sessions::notify(ClientSession& c, const std::string& text) {
    if (!c.noticeBucket.take(now_)) return void(++c.rateLimited);
    send(c, encodeText(MessageType::Notice, text), true);
}

void Sessions::rawSend(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable) {
    if (!c.connected) return;
    transport_->send(c.id, bytes, reliable);
    c.bytesDown += bytes.size();
    c.windowDown += bytes.size();
}

void Sessions::send(ClientSession& c, std::vector<std::uint8_t> bytes, bool reliable) {
    if (reliable) {
        if (c.outbox.empty()) outboxPending_.push_back(c.id);
        return c.outbox.push_back(std::move(bytes));
    }
    transmit(c, bytes, false);
}

// The transport copies the bytes; the link simulator, if any, sits under it, on its datagrams.
void Sessions::transmit(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable) {
    c.replication.charge(double(bytes.size()) + kPacketOverheadBytes);
    rawSend(c, bytes, reliable);
}

// Reliable messages of one update travel together: a late joiner's hundreds of spawns
// become a handful of reliable messages instead of hundreds.
void Sessions::flushOutboxes() {
    for (std::uint32_t id : outboxPending_) {
        ClientSession* c = findClient(id);
        if (!c || c->outbox.empty()) continue;  // gone, or cut off and flushed
        for (const auto& packet : packBatches(c->outbox)) transmit(*c, packet, true);
        c->outbox.clear();
    }
    outboxPending_.clear();
}

void Sessions::broadcast(const std::vector<std::uint8_t>& bytes, std::uint32_t except) {
    for (auto& c : clients_) {
        if (c->joined && c->id != except) send(*c, bytes, true);
    }
}

void Sessions::seatChanged(StableId seat, std::uint32_t occupant) { broadcast(encodeSeatState({seat, occupant})); }

void Sessions::portalToVenue(std::uint32_t clientId, const std::string& venue) {
    if (ClientSession* c = findClient(clientId)) send(*c, encodeText(MessageType::VenuePortal, venue), true);
}

void Sessions::sendSnapshots() {
    flushShowChanges();  // the tick's show changes leave with its snapshots
    bool gathered = false;
    for (auto& c : clients_) {
        if (!c->joined || !c->replication.due(now_)) continue;
        if (!gathered) replication_.gatherStates(simulation_.tick());
        gathered = true;
        undescribed_.clear();
        SnapshotSubject subject{c->avatar, simulation_.position(c->walk), c->walk.lastInput};
        std::span<const std::uint8_t> snapshot = replication_.snapshot(c->replication, subject, now_, undescribed_);
        for (NetId id : undescribed_) send(*c, encodeSpawn(replicas_.spawnInfo(id)), true);
        if (!snapshot.empty()) transmit(*c, snapshot, false);
    }
}

// ---------------------------------------------------------------- metrics

void Sessions::updateMetrics() {
    if (now_ < metricsDue_) return;
    metricsDue_ = now_ + 1.0;
    dropLate();
    for (auto& c : clients_) {
        double span = now_ - c->windowStart;
        if (span < 1.0) {
            metricsDue_ = std::min(metricsDue_, c->windowStart + 1.0);
            continue;
        }
        c->kbpsDown = double(c->windowDown) * 8.0 / 1000.0 / span;
        c->kbpsUp = double(c->windowUp) * 8.0 / 1000.0 / span;
        c->windowDown = c->windowUp = 0;
        c->windowStart = now_;
    }
}

void Sessions::report(ServerMetrics& m) const {
    for (const auto& c : clients_) {
        if (!c->joined) continue;
        ClientMetrics cm;
        cm.clientId = c->id;
        cm.name = c->claims.displayName;
        cm.role = c->claims.role;
        cm.kbpsDown = c->kbpsDown;
        cm.kbpsUp = c->kbpsUp;
        if (const TransportConnection* link = c->connected ? transport_->connection(c->id) : nullptr) {
            // Loss as the transport measures it from acks: what the application's traffic met.
            cm.rttMs = c->replication.rttMs() >= 0.0 ? c->replication.rttMs() : link->endpoint.rttSeconds() * 1000.0;
            cm.lossPercent = 100.0 * link->endpoint.lossFraction();
        }
        cm.avgSnapshotBytes = c->replication.averageSnapshotBytes();
        cm.inputDelayMs = double(c->walk.inputs.size()) * 1000.0 / config_.tickRate;
        cm.malformedPackets = c->malformed;
        cm.replayedInputs = c->replayed;
        cm.rateLimited = c->rateLimited;
        cm.voiceDropped = c->voice.dropped;
        cm.muted = c->muted;
        cm.selfMuted = c->voice.selfMuted;
        m.clients.push_back(cm);
    }
}

}  // namespace atrium::net
