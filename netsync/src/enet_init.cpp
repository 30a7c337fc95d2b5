#include "enet_init.hpp"

#include <enet/enet.h>

#include "atrium/net/protocol.hpp"

#include <cstddef>
#include <cstdlib>
#include <memory_resource>
#include <mutex>

namespace atrium::net {
namespace {

// ENet allocates for every datagram it receives and every packet sent (the packet, its data and
// the command queuing it), a thousand times and more per tick on a busy server, and frees most
// of them within the tick. Beyond its small per-size caches, malloc then splits and merges
// chunks every time, which was 7% of a crowded server's time. A pool keeps freed blocks by size
// for the next ones. Never destroyed: ENet may free memory during static destruction.
std::pmr::synchronized_pool_resource& enetPool() {
    static auto* pool = new std::pmr::synchronized_pool_resource(std::pmr::pool_options{.max_blocks_per_chunk = 256, .largest_required_pool_block = 4096});
    return *pool;
}

// Each block begins with its size: ENet frees without saying how big a block was.
constexpr std::size_t kBlockHeader = alignof(std::max_align_t);

void* enetAllocate(std::size_t size) {
    std::size_t total = size + kBlockHeader;
    auto* block = static_cast<std::byte*>(enetPool().allocate(total, alignof(std::max_align_t)));
    *reinterpret_cast<std::size_t*>(block) = total;
    return block + kBlockHeader;
}

void enetFree(void* memory) {
    if (!memory) return;
    std::byte* block = static_cast<std::byte*>(memory) - kBlockHeader;
    enetPool().deallocate(block, *reinterpret_cast<std::size_t*>(block), alignof(std::max_align_t));
}

}  // namespace

bool ensureEnetInitialized() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ENetCallbacks callbacks{enetAllocate, enetFree, nullptr};
        ok = enet_initialize_with_callbacks(ENET_VERSION, &callbacks) == 0;
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
