#include "enet_init.hpp"

#include <enet/enet.h>

#include "atrium/net/protocol.hpp"

#include <array>
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace atrium::net {
namespace {

// ENet allocates for every datagram it receives and every packet sent (the packet, its data and
// the command queuing it), a thousand times and more per tick on a busy server, and frees most
// of them within the tick. Beyond its small per-size caches, malloc then splits and merges
// chunks every time (7% of a crowded server's time), and a std::pmr::synchronized_pool_resource
// took a lock on every call (3.5%). So each thread keeps the blocks it frees, by size, for its
// next allocations: any thread may free any block (all come from malloc), and a thread's lists
// are bounded and go back to malloc when it ends.
constexpr std::size_t kClassBytes = 64;                     // blocks come in multiples of this
constexpr std::size_t kClasses = 32;                        // up to 2 KiB; bigger ones are malloc's alone
constexpr std::size_t kMostKeptPerClass = 4096;             // a tick's worth for a thousand clients
constexpr std::size_t kHeader = alignof(std::max_align_t);  // a block's size class, before its memory

struct FreeLists {
    std::array<std::vector<void*>, kClasses> blocks;  // by size class - 1
};
thread_local FreeLists* freeLists = nullptr;
thread_local bool freeListsGone = false;  // this thread's were emptied as it ended: malloc only
// Trivially destructible state above stays readable to the end; this ends the lists with the
// thread. (ENet may still free memory afterwards, at exit, from static destructors.)
struct FreeListsOwner {
    ~FreeListsOwner() {
        if (freeLists) {
            for (auto& list : freeLists->blocks) {
                for (void* block : list) std::free(block);
            }
            delete freeLists;
            freeLists = nullptr;
        }
        freeListsGone = true;
    }
};
thread_local FreeListsOwner freeListsOwner;

FreeLists* threadFreeLists() {
    if (freeLists || freeListsGone) return freeLists;
    [[maybe_unused]] FreeListsOwner* owner = &freeListsOwner;  // constructed now, so destroyed with the thread
    freeLists = new (std::nothrow) FreeLists;
    return freeLists;
}

void* enetAllocate(std::size_t size) {
    const std::size_t sizeClass = (size + kHeader + kClassBytes - 1) / kClassBytes;
    void* block = nullptr;
    FreeLists* lists = sizeClass <= kClasses ? threadFreeLists() : nullptr;
    if (lists && !lists->blocks[sizeClass - 1].empty()) {
        block = lists->blocks[sizeClass - 1].back();
        lists->blocks[sizeClass - 1].pop_back();
    } else {
        block = std::malloc(sizeClass <= kClasses ? sizeClass * kClassBytes : size + kHeader);
        if (!block) return nullptr;
    }
    *static_cast<std::size_t*>(block) = sizeClass;
    return static_cast<std::byte*>(block) + kHeader;
}

void enetFree(void* memory) {
    if (!memory) return;
    void* block = static_cast<std::byte*>(memory) - kHeader;
    const std::size_t sizeClass = *static_cast<std::size_t*>(block);
    FreeLists* lists = sizeClass <= kClasses ? threadFreeLists() : nullptr;
    if (lists && lists->blocks[sizeClass - 1].size() < kMostKeptPerClass) {
        try {  // ENet is C: nothing may be thrown through it
            return lists->blocks[sizeClass - 1].push_back(block);
        } catch (const std::bad_alloc&) {
        }
    }
    std::free(block);
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

void receiveAll(ENetHost* host, const std::function<void(const ENetEvent&)>& handle) {
    constexpr enet_uint32 kDatagramsPerService = 256;  // the most one service call receives (ENet's protocol.c)
    ENetEvent event;
    for (;;) {
        const enet_uint32 received = host->totalReceivedPackets;
        if (enet_host_service(host, &event, 0) <= 0) return;
        // A connection or disconnection ends a round of receiving early.
        const bool roundCut = event.type != ENET_EVENT_TYPE_RECEIVE;
        do {
            handle(event);
        } while (enet_host_check_events(host, &event) > 0);
        if (!roundCut && host->totalReceivedPackets - received < kDatagramsPerService) return;  // the socket is drained
    }
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
