#pragma once
// Snapshots: the server's view of replicated entities, encoded per client.
//
// Each client's packet is delta-encoded against the last snapshot that client acknowledged:
// an entity whose quantised state equals the baseline costs nothing (resting objects are
// free), a small move costs a short per-axis delta, anything else the full state. Entities
// are chosen by a priority accumulator under a byte budget; what was not chosen keeps its
// baseline value on both sides, so the next baseline still matches what the client holds.
// A client with no acknowledged snapshot (a late joiner) gets full states: a baseline.
//
// The candidates of a snapshot are the client's whole view (its interest set): an entity in
// the baseline that is no longer a candidate is removed, by id, in the packet, so entities
// leaving interest disappear on the client through the same acknowledged-delta path as
// everything else, and server and client views never disagree about who is in them.
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

// A complete view: every entity the receiver knows, sorted by net id. A flat array, not a map:
// every snapshot copies its baseline, and a copy must be a memcpy, not a thousand allocations.
class SnapshotState {
public:
    using Entry = std::pair<NetId, EntityState>;
    const EntityState* find(NetId id) const;
    EntityState& operator[](NetId id);  // inserts a default state if absent
    void erase(NetId id);
    void clear() { entries_.clear(); }
    void reserve(std::size_t n) { entries_.reserve(n); }
    // Adds an entity after every entity held: ids must come in ascending order.
    void append(NetId id, const EntityState& s) { entries_.emplace_back(id, s); }
    std::size_t size() const { return entries_.size(); }
    const EntityState& at(NetId id) const;
    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }

private:
    friend class SnapshotEncoder;  // builds the next view from its baseline in place
    std::vector<Entry> entries_;
};

// One entity of a client's view (ids unique within one snapshot).
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

namespace detail {
// How one entity is written against its baseline state (decided once for sizing and writing).
struct EntityPlan {
    bool position = true, rotation = true, smallRotation = false;
    int tier = 2;  // position: 0 tiny delta, 1 small delta, 2 full
};
}  // namespace detail

// Server side, one per client.
class SnapshotEncoder {
public:
    static constexpr std::size_t kHistory = 64;  // snapshots kept for acks (about 2 s at 30 Hz)

    explicit SnapshotEncoder(const PositionQuantizer& quantizer) : quantizer_(quantizer) {}

    // The client says it has `sequence`; later deltas use it (or a newer acked one) as base.
    void acknowledge(std::uint16_t sequence);
    // Builds the packet body for this snapshot, writing at most `budgetBytes`. Entities of the
    // baseline missing from `candidates` are removed from the client's view.
    std::vector<std::uint8_t> encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates, std::size_t budgetBytes);
    // The same body appended to `out` (at a byte boundary; `budgetBytes` counts only the
    // body), so a caller can put its message header first and reuse one writer throughout.
    void encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates, std::size_t budgetBytes, BitWriter& out);
    // Changes smaller than this against what the client holds are not sent: physics jitter
    // at rest (sub-millimetre solver noise on a pile of boxes) must not cost bandwidth. The
    // client's error stays within the deadband because it is measured against its own state.
    void setDeadband(std::uint32_t positionUnits, std::uint32_t rotationUnits) {
        positionDeadband_ = positionUnits;
        rotationDeadband_ = rotationUnits;
    }

    std::size_t lastEntityCount() const { return lastCount_; }
    std::size_t lastRemovedCount() const { return lastRemoved_; }
    std::optional<std::uint16_t> baseline() const { return acked_; }

private:
    struct Slot {
        bool valid = false;
        std::uint16_t sequence = 0;
        SnapshotState state;
    };
    struct Change {
        const SnapshotCandidate* candidate;
        const EntityState* held;
        std::uint32_t accumulator;  // its index in accumulators_
        detail::EntityPlan plan{};
        bool chosen = false;
    };
    const SnapshotState* baselineState() const;
    // Marks which of the first `changes` of the scratch's changes this snapshot takes
    // (Change::chosen), best first within the budget.
    void choose(std::size_t changes, std::size_t budgetBits, std::size_t usedBits);
    bool withinDeadband(const EntityState& held, const EntityState& now) const;

    PositionQuantizer quantizer_;
    // Slots are overwritten in place: at 30 snapshots a second for a thousand clients, a fresh
    // allocation per snapshot would be most of the server's work. The storage of views retired
    // by acks waits in spare_ for the next views, the most recently retired last.
    std::array<Slot, kHistory> history_;
    std::vector<SnapshotState> spare_;
    std::optional<std::uint16_t> acked_;
    // Priority accumulators of the last view, by ascending id, and the next view's.
    using Accumulator = std::pair<NetId, float>;
    std::vector<Accumulator> accumulators_, nextAccumulators_;
    // Working space of encode(), one per thread: a server encodes for a thousand clients in turn,
    // and space of each encoder's own would be out of the cache every time.
    struct Scratch;
    static Scratch& scratch();
    SnapshotState next_;
    std::size_t lastCount_ = 0, lastRemoved_ = 0;
    std::uint32_t positionDeadband_ = 0;
    std::uint32_t rotationDeadband_ = 0;
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

private:
    PositionQuantizer quantizer_;
    std::array<std::optional<std::pair<std::uint16_t, SnapshotState>>, SnapshotEncoder::kHistory> history_;
    std::optional<std::uint16_t> newest_;
};

// True if sequence a is more recent than b in 16-bit wrap-around order.
inline bool sequenceGreater(std::uint16_t a, std::uint16_t b) { return ((a > b) && (a - b <= 32768)) || ((a < b) && (b - a > 32768)); }

}  // namespace atrium::net
