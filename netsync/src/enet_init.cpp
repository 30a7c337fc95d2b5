#include "enet_init.hpp"

#include <enet/enet.h>

#include "atrium/net/protocol.hpp"

#include <cstdlib>
#include <mutex>

namespace atrium::net {

bool ensureEnetInitialized() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ok = enet_initialize() == 0;
        if (ok) std::atexit(enet_deinitialize);
    });
    return ok;
}

void sendPacket(ENetPeer* peer, std::span<const std::uint8_t> bytes, bool reliable) {
    ENetPacket* p = enet_packet_create(bytes.data(), bytes.size(), reliable ? ENET_PACKET_FLAG_RELIABLE : 0);
    if (enet_peer_send(peer, reliable ? kReliableChannel : kUnreliableChannel, p) != 0) enet_packet_destroy(p);
}

void configurePeer(ENetPeer* peer) {
    enet_peer_throttle_configure(peer, ENET_PEER_PACKET_THROTTLE_INTERVAL, ENET_PEER_PACKET_THROTTLE_SCALE, 0);
    peer->packetThrottle = ENET_PEER_PACKET_THROTTLE_SCALE;
    enet_peer_timeout(peer, 64, 15000, 60000);
    // ENet pings only keep a quiet link alive (RTT comes from snapshot acks); inputs and
    // snapshots flow 30 times a second anyway, so a ping every 500 ms was 5% of a crowded
    // server's datagrams. A dead peer is still noticed: a ping is in flight within 2 s.
    enet_peer_ping_interval(peer, 2000);
}

}  // namespace atrium::net
