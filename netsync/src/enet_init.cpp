#include "enet_init.hpp"

#include <enet/enet.h>

#include "atrium/net/protocol.hpp"

#include <cstddef>
#include <cstdlib>
#include <mutex>

namespace atrium::net {
namespace {

// ENet allocates and frees a packet, its data and a command for every datagram in or out. A
// server of 1,000 clients handles a few hundred of them between two frees, more than malloc's
// per-thread cache holds (7 blocks a size), so most went through malloc's slow path (benchmark
// B: 7% of the server's CPU). Instead, ENet's small blocks are kept for reuse in per-thread
// free lists, by power-of-two size class, up to 1 MiB a class; a 16-byte header before each
// block holds its class (keeping malloc's alignment).
constexpr std::size_t kHeader = 16;
constexpr int kClasses = 6;  // 64 B to 2 KiB with the header; larger blocks go to malloc
constexpr std::size_t classBytes(int c) { return std::size_t(64) << c; }
constexpr std::size_t kCacheBytesPerClass = 1 << 20;
constexpr std::uint32_t kLarge = kClasses;

struct FreeBlock {
    FreeBlock* next;
};

// Trivially destructible, so a block freed during this thread's exit, after the drain below,
// still finds `closed` and goes to free() instead of a list nobody will empty.
struct BlockLists {
    FreeBlock* head[kClasses];
    std::size_t count[kClasses];
    bool closed;
};
thread_local BlockLists lists{};

struct DrainAtThreadExit {
    bool armed = false;  // set on use: a thread_local's destructor is registered on first use
    ~DrainAtThreadExit() {
        lists.closed = true;
        for (int c = 0; c < kClasses; ++c) {
            while (FreeBlock* b = lists.head[c]) {
                lists.head[c] = b->next;
                std::free(b);
            }
            lists.count[c] = 0;
        }
    }
};
thread_local DrainAtThreadExit drain;

int classFor(std::size_t size) {
    for (int c = 0; c < kClasses; ++c) {
        if (size + kHeader <= classBytes(c)) return c;
    }
    return kClasses;
}

void* ENET_CALLBACK cachedMalloc(std::size_t size) {
    int c = classFor(size);
    void* block = nullptr;
    if (c < kClasses && lists.head[c]) {
        FreeBlock* b = lists.head[c];
        lists.head[c] = b->next;
        --lists.count[c];
        block = b;
    } else {
        block = std::malloc(c < kClasses ? classBytes(c) : size + kHeader);
        if (!block) return nullptr;
    }
    *static_cast<std::uint32_t*>(block) = std::uint32_t(c);
    return static_cast<std::byte*>(block) + kHeader;
}

void ENET_CALLBACK cachedFree(void* memory) {
    if (!memory) return;
    void* block = static_cast<std::byte*>(memory) - kHeader;
    std::uint32_t c = *static_cast<std::uint32_t*>(block);
    if (c == kLarge || lists.closed || lists.count[c] * classBytes(int(c)) >= kCacheBytesPerClass) return std::free(block);
    drain.armed = true;
    auto* b = static_cast<FreeBlock*>(block);
    b->next = lists.head[c];
    lists.head[c] = b;
    ++lists.count[c];
}

}  // namespace

bool ensureEnetInitialized() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ENetCallbacks callbacks{cachedMalloc, cachedFree, nullptr};
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
}

}  // namespace atrium::net
