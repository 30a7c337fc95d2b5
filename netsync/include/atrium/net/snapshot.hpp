#pragma once
// Snapshots: the server's view of replicated entities, encoded per client.
//
// Each client's packet is delta-encoded against the last snapshot that client acknowledged:
// an entity whose quantised state equals the baseline costs nothing (resting objects are
// free), a small move costs a short per-axis delta, anything else the full state. Entities
// are chosen by a priority accumulator under a byte budget; what was not chosen keeps its
// baseline value on both sides, so the next baseline still matches what the client holds.
// A client with no acknowledged snapshot (a late joiner) gets full states: a baseline.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "atrium/net/bit_stream.hpp"
#include "atrium/net/quantize.hpp"

namespace atrium::net {

using NetId = std::uint16_t;

struct EntityState {
    glm::uvec3 position{0};
    QuantizedRotation rotation;
    friend bool operator==(const EntityState&, const EntityState&) = default;
};

// A complete view: every entity the receiver knows, by net id.
using SnapshotState = std::map<NetId, EntityState>;

struct SnapshotCandidate {
    NetId id = 0;
    EntityState state;
    float priority = 1.0f;  // added to the entity's accumulator every snapshot
};

struct SnapshotHeader {
    std::uint16_t sequence = 0;
    std::optional<std::uint16_t> baseline;
    std::uint32_t serverTick = 0;
    std::uint16_t lastInputSequence = 0;  // the newest input of this client the server applied
};

// Server side, one per client.
class SnapshotEncoder {
public:
    static constexpr std::size_t kHistory = 64;  // snapshots kept for acks (about 2 s at 30 Hz)

    explicit SnapshotEncoder(const PositionQuantizer& quantizer) : quantizer_(quantizer) {}

    // The client says it has `sequence`; later deltas use it (or a newer acked one) as base.
    void acknowledge(std::uint16_t sequence);
    // Builds the packet body for this snapshot, writing at most `budgetBytes`.
    std::vector<std::uint8_t> encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates, std::size_t budgetBytes);
    // Forgets an entity (despawned): it will be sent in full if it ever returns.
    void forget(NetId id);

    std::size_t lastEntityCount() const { return lastCount_; }
    std::optional<std::uint16_t> baseline() const { return acked_; }

private:
    const SnapshotState* baselineState() const;

    PositionQuantizer quantizer_;
    std::array<std::optional<std::pair<std::uint16_t, SnapshotState>>, kHistory> history_;
    std::optional<std::uint16_t> acked_;
    std::map<NetId, float> accumulators_;
    std::size_t lastCount_ = 0;
};

// Client side.
class SnapshotDecoder {
public:
    explicit SnapshotDecoder(const PositionQuantizer& quantizer) : quantizer_(quantizer) {}

    struct Decoded {
        SnapshotHeader header;
        const SnapshotState* state = nullptr;  // the complete view after this snapshot
        std::vector<NetId> changed;            // entities this packet carried
    };
    // Fails (nullopt) for a malformed packet, an old or duplicate sequence, or a baseline the
    // client no longer has; the caller counts and drops it.
    std::optional<Decoded> decode(std::span<const std::uint8_t> body);
    void forget(NetId id);

private:
    PositionQuantizer quantizer_;
    std::array<std::optional<std::pair<std::uint16_t, SnapshotState>>, SnapshotEncoder::kHistory> history_;
    std::optional<std::uint16_t> newest_;
};

// True if sequence a is more recent than b in 16-bit wrap-around order.
inline bool sequenceGreater(std::uint16_t a, std::uint16_t b) {
    return ((a > b) && (a - b <= 32768)) || ((a < b) && (b - a > 32768));
}

}  // namespace atrium::net
