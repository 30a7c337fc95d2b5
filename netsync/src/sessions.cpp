#include "sessions.hpp"

#include <enet/enet.h>
#include <sys/socket.h>

#include <algorithm>

#include "atrium/core/log.hpp"
#include "enet_init.hpp"

namespace atrium::net {
namespace {
constexpr std::uint64_t kMalformedLimit = 50;  // a client past this is cut off
}  // namespace

Sessions::Sessions(World& world, const ServerConfig& config, ServerMetrics& stats, VenueSimulation& simulation, ReplicaRegistry& replicas,
                   Replication& replication)
    : world_(world), config_(config), stats_(stats), simulation_(simulation), replicas_(replicas), replication_(replication) {}

Sessions::~Sessions() { close(); }

Status Sessions::listen() {
    if (!ensureEnetInitialized()) return Error{"could not initialise ENet"};
    ENetAddress address{};
    if (enet_address_set_host_ip(&address, config_.host.c_str()) != 0) return Error{"bad host address \"" + config_.host + "\""};
    address.port = config_.port;
    host_ = enet_host_create(&address, config_.maxClients, 2, 0, 0);
    if (!host_) return Error{"cannot listen on " + config_.host + ":" + std::to_string(config_.port) + " (port in use?)"};
    // ENet's 256 KiB socket buffers hold only a few hundred small datagrams (the kernel counts
    // each at its allocation size, about 1 KiB); a thousand clients' inputs between two polls
    // overflow them, and the kernel then drops connection requests with the rest. The kernel
    // caps this at net.core.rmem_max / wmem_max.
    enet_socket_set_option(host_->socket, ENET_SOCKOPT_RCVBUF, 8 << 20);
    enet_socket_set_option(host_->socket, ENET_SOCKOPT_SNDBUF, 8 << 20);
    int granted = 0;
    socklen_t size = sizeof granted;
    if (getsockopt(host_->socket, SOL_SOCKET, SO_RCVBUF, &granted, &size) == 0) stats_.receiveBufferBytes = std::size_t(granted);
    if (std::size_t(granted) < ServerMetrics::kCrowdReceiveBufferBytes) {
        logInfo("server", "the socket receive buffer is " + std::to_string(granted / 1024) +
                              " KiB (net.core.rmem_max caps it); with hundreds of clients packets will be dropped: "
                              "raise it, e.g. sysctl -w net.core.rmem_max=8388608");
    }
    return Ok{};
}

std::uint16_t Sessions::port() const { return host_ ? host_->address.port : 0; }

void Sessions::close() {
    if (!host_) return;
    for (auto& c : clients_) {
        if (!c->peer) continue;
        c->peer->data = nullptr;
        enet_peer_disconnect_now(c->peer, 0);
    }
    clients_.clear();
    outboxPending_.clear();
    enet_host_destroy(host_);
    host_ = nullptr;
}

void Sessions::receive(double now) {
    now_ = now;
    receiveAll(host_, [&](const ENetEvent& event) { handleEvent(event); });
}

void Sessions::flush() {
    flushOutboxes();
    flushLinks();
    updateMetrics();
    enet_host_flush(host_);
    // ENet's counters are 32-bit and meant to be reset by the user: fold them into ours.
    stats_.datagramsReceived += host_->totalReceivedPackets;
    stats_.datagramsSent += host_->totalSentPackets;
    host_->totalReceivedPackets = host_->totalSentPackets = 0;
}

std::vector<std::unique_ptr<ClientSession>>::iterator Sessions::clientSlot(std::uint32_t id) {
    return std::lower_bound(clients_.begin(), clients_.end(), id, [](const auto& c, std::uint32_t key) { return c->id < key; });
}

ClientSession* Sessions::findClient(std::uint32_t id) {
    auto it = clientSlot(id);
    return it != clients_.end() && (*it)->id == id ? it->get() : nullptr;
}

const ClientSession* Sessions::client(std::uint32_t id) const { return const_cast<Sessions*>(this)->findClient(id); }

// One of ENet's events: a client connecting, a packet from one, or one leaving.
void Sessions::handleEvent(const ENetEvent& event) {
    switch (event.type) {
        case ENET_EVENT_TYPE_CONNECT: return connect(event.peer);
        case ENET_EVENT_TYPE_RECEIVE: {
            if (auto* c = static_cast<ClientSession*>(event.peer->data)) handlePacket(*c, event.packet);
            else ++stats_.droppedPackets;
            enet_packet_destroy(event.packet);
            break;
        }
        case ENET_EVENT_TYPE_DISCONNECT: {
            if (auto* c = static_cast<ClientSession*>(event.peer->data)) {
                event.peer->data = nullptr;
                c->peer = nullptr;
                dropClient(c->id, "disconnected", !c->leaving);
            }
            break;
        }
        default: break;
    }
}

void Sessions::connect(ENetPeer* peer) {
    auto c = std::make_unique<ClientSession>();
    c->id = nextClientId_++;
    c->peer = peer;
    configurePeer(peer);
    c->windowStart = now_;
    c->reliableLink = LinkSimulator(config_.link, config_.seed * 7919 + c->id);
    c->unreliableLink = LinkSimulator(config_.link, config_.seed * 104729 + c->id);
    // Each packet finds its client through the peer (a thousand a tick: no lookups).
    peer->data = c.get();
    metricsDue_ = std::min(metricsDue_, now_ + 1.0);
    clients_.push_back(std::move(c));
}

void Sessions::dropClient(std::uint32_t id, const char* why, bool keep) {
    auto it = clientSlot(id);
    if (it == clients_.end() || (*it)->id != id) return;
    ClientSession& c = **it;
    if (c.joined) {
        logInfo("server", "client " + std::to_string(id) + " (" + c.claims.displayName + ") left: " + why);
        if (keep) keepIdentity(c);
        broadcast(encodeParticipantLeft(id), id);
        simulation_.leave(c.walk);
        replicas_.remove(c.avatar, now_);
        despawn(c.avatar, id);
    }
    if (c.peer) c.peer->data = nullptr;
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
    if (c.peer) {
        for (auto& packet : packBatches(c.outbox)) rawSend(c, packet, true);
        c.outbox.clear();
        rawSend(c, encodeText(MessageType::Kicked, why), true);
        enet_peer_disconnect_later(c.peer, 0);
        c.peer->data = nullptr;
        c.peer = nullptr;
    }
    dropClient(c.id, why.c_str());
}

void Sessions::malformed(ClientSession& c) {
    ++c.malformed;
    ++stats_.droppedPackets;
    if (c.malformed > kMalformedLimit) cutOff(c, "too many malformed packets");
}

// ---------------------------------------------------------------- sending

void Sessions::rawSend(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable) {
    if (!c.peer) return;
    sendPacket(c.peer, bytes, reliable);
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

// ENet copies the bytes into its own packet; only the link simulator keeps them.
void Sessions::transmit(ClientSession& c, std::span<const std::uint8_t> bytes, bool reliable) {
    c.replication.charge(double(bytes.size()) + kPacketOverheadBytes);
    if (!config_.link.active()) return rawSend(c, bytes, reliable);
    (reliable ? c.reliableLink : c.unreliableLink).send(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), now_, reliable);
}

// Reliable messages of one update travel together: a late joiner's hundreds of spawns
// become a handful of packets instead of hundreds of ENet reliable commands.
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

void Sessions::flushLinks() {
    if (!config_.link.active()) return;
    for (auto& c : clients_) {
        for (auto& b : c->reliableLink.receive(now_)) rawSend(*c, b, true);
        for (auto& b : c->unreliableLink.receive(now_)) rawSend(*c, b, false);
    }
}

void Sessions::seatChanged(StableId seat, std::uint32_t occupant) { broadcast(encodeSeatState({seat, occupant})); }

void Sessions::portalToVenue(std::uint32_t clientId, const std::string& venue) {
    if (ClientSession* c = findClient(clientId)) send(*c, encodeText(MessageType::VenuePortal, venue), true);
}

void Sessions::sendSnapshots() {
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
        if (c->peer) {
            cm.rttMs = c->replication.rttMs() >= 0.0 ? c->replication.rttMs() : double(c->peer->roundTripTime);
            cm.lossPercent = 100.0 * double(c->peer->packetLoss) / double(ENET_PEER_PACKET_LOSS_SCALE);
        }
        cm.avgSnapshotBytes = c->replication.averageSnapshotBytes();
        cm.inputDelayMs = double(c->walk.inputs.size()) * 1000.0 / config_.tickRate;
        cm.malformedPackets = c->malformed;
        cm.replayedInputs = c->replayed;
        cm.rateLimited = c->rateLimited;
        m.clients.push_back(cm);
    }
}

}  // namespace atrium::net
