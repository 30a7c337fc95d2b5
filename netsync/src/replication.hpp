#pragma once
// Replication, server-wide: every replica's state gathered once per snapshot tick, and from it
// each client's snapshot (its view's entities by priority, encoded against what it acked).
#include <cstdint>
#include <span>
#include <vector>

#include "atrium/net/bit_stream.hpp"
#include "atrium/net/interest_grid.hpp"
#include "client_replication.hpp"
#include "replicas.hpp"

namespace atrium::net {

// Who a snapshot is for: the client's avatar (its own entity goes first, above everything)
// and the last input of it the server applied (for the client's reconciliation).
struct SnapshotSubject {
    NetId avatar = 0;
    vec3 position{0.0f};
    std::uint16_t lastInput = 0;
};

class Replication {
public:
    Replication(World& world, const ServerConfig& config, const ReplicaRegistry& replicas)
        : world_(world), config_(config), replicas_(replicas) {}

    void start(const PositionQuantizer& quantizer) { quantizer_ = &quantizer; }
    void beginClient(ClientReplication& client, std::uint32_t clientId, double now) const { client.begin(*quantizer_, clientId, now); }
    // Every replica's quantised state and position, by net id, and the interest grid: once
    // per tick, before its first snapshot.
    void gatherStates(std::uint32_t tick);
    // The snapshot due to `client` now, or nothing (its bandwidth cap allows none yet). The
    // entities new to its view are appended to `undescribed`: their Spawns go first.
    std::span<const std::uint8_t> snapshot(ClientReplication& client, const SnapshotSubject& subject, double now,
                                           std::vector<NetId>& undescribed);

private:
    void gatherCandidates(ClientReplication& client, const SnapshotSubject& subject, std::vector<NetId>& undescribed);

    World& world_;
    const ServerConfig& config_;
    const ReplicaRegistry& replicas_;
    const PositionQuantizer* quantizer_ = nullptr;
    std::uint32_t tick_ = 0;  // of the states gathered
    // Per snapshot tick: every replica as the snapshots see it, by net id, and the grid over
    // them. One record per id (not an array per field): building a view's candidates reads
    // all of it for a hundred-odd scattered ids, a cache line each instead of five.
    struct Frame {
        EntityState state;
        vec3 position{0.0f};
        float priority = 0.0f;
        std::uint32_t movedAt = 0;  // the tick its quantised state last changed
        bool alive = false;         // a replica has this net id
    };
    std::vector<Frame> frames_;
    std::vector<InterestGrid::Item> items_;
    InterestGrid grid_;
    ViewChooser chooser_;
    std::vector<SnapshotCandidate> candidates_;
    BitWriter packet_;  // each snapshot in turn, header first; ENet copies it out
};

}  // namespace atrium::net
