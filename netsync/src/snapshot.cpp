#include "atrium/net/snapshot.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "snapshot_format.hpp"

namespace atrium::net {
using namespace snapshot_format;
namespace {

// Three signed values (each within `bits`, offset to unsigned), the first lowest: what three
// writes of `bits` each would put in the packet, as one field of at most 32 bits.
std::uint32_t packSigned(glm::ivec3 v, int bits) {
    const std::uint32_t mask = (1u << bits) - 1u;
    std::uint32_t packed = 0;
    for (int i = 0; i < 3; ++i) packed |= (std::uint32_t(v[i] + (1 << (bits - 1))) & mask) << (i * bits);
    return packed;
}

bool fits(const glm::uvec3& a, const glm::uvec3& b, int bits) {
    long long limit = 1ll << (bits - 1);
    for (int i = 0; i < 3; ++i) {
        long long d = (long long)a[i] - (long long)b[i];
        if (d <= -limit || d >= limit) return false;
    }
    return true;
}

bool rotationFits(const QuantizedRotation& a, const QuantizedRotation& b) {
    long long limit = 1ll << (kTinyBits - 1);
    auto ok = [&](std::uint32_t x, std::uint32_t y) {
        long long d = (long long)x - (long long)y;
        return d > -limit && d < limit;
    };
    return a.largest == b.largest && ok(a.a, b.a) && ok(a.b, b.b) && ok(a.c, b.c);
}

// Id gaps between consecutive entities (ids ascend): "0" for adjacent ids, "10"+4 bits
// for gaps under 16, "11"+varint beyond. Most gaps in a busy snapshot are small.
// A gap under 16 as the value and bit count of one write (the same bits as the fields one by
// one); `bits` is 0 for a longer gap, which writeGap writes.
struct ShortGap {
    std::uint32_t value;
    int bits;
};
ShortGap shortGap(std::uint32_t gap) {
    if (gap == 0) return {0u, 1};
    if (gap < 16) return {1u | gap << 2, 6};
    return {0u, 0};
}
void writeGap(BitWriter& w, std::uint32_t gap) {
    if (ShortGap g = shortGap(gap); g.bits > 0) return w.write(g.value, g.bits);
    w.write(3u, 2);
    w.writeVarint(gap);
}

// Position: [changed][tier: 0 tiny, 1 small, 2 full (2 bits)][payload]
int positionTier(const EntityState& s, const EntityState* base) {
    if (!base) return 2;
    if (fits(s.position, base->position, kTinyBits)) return 0;
    if (fits(s.position, base->position, kSmallBits)) return 1;
    return 2;
}

using detail::EntityPlan;

EntityPlan planEntity(const EntityState& s, const EntityState* base) {
    EntityPlan p;
    if (!base) return p;
    p.position = base->position != s.position;
    p.tier = p.position ? positionTier(s, base) : 0;
    p.rotation = !(base->rotation == s.rotation);
    p.smallRotation = p.rotation && rotationFits(s.rotation, base->rotation);
    return p;
}

// One entity: [id gap][position: changed, tier, payload][rotation: changed, delta?, payload]
// The gap and the position's flag and tier go as one write, and so do the rotation's flags and
// a small turn: a crowd's snapshot writes a few dozen entities, each of them this.
void writeEntity(BitWriter& w, const PositionQuantizer& q, NetId gap, const EntityState& s, const EntityState* base, const EntityPlan& p) {
    std::uint32_t head = p.position ? 1u | std::uint32_t(p.tier) << 1 : 0u;
    const int headBits = p.position ? 3 : 1;
    if (ShortGap g = shortGap(gap); g.bits > 0) {
        w.write(g.value | head << g.bits, g.bits + headBits);
    } else {
        writeGap(w, gap);
        w.write(head, headBits);
    }
    if (p.position) {
        if (p.tier == 2) {
            q.write(w, s.position);
        } else {
            // The three deltas as one field (the same bits as three writes).
            const int bits = p.tier == 0 ? kTinyBits : kSmallBits;
            w.write(packSigned({int(s.position[0]) - int(base->position[0]), int(s.position[1]) - int(base->position[1]),
                                int(s.position[2]) - int(base->position[2])},
                               bits),
                    3 * bits);
        }
    }
    if (!p.rotation) return w.write(0u, 1);
    if (p.smallRotation) {
        static_assert(2 + 3 * kTinyBits <= 32);
        return w.write(3u | packSigned({int(s.rotation.a) - int(base->rotation.a), int(s.rotation.b) - int(base->rotation.b),
                                        int(s.rotation.c) - int(base->rotation.c)},
                                       kTinyBits)
                                << 2,
                       2 + 3 * kTinyBits);
    }
    w.write(1u, 2);
    writeRotation(w, s.rotation);
}

// An id gap costs 1 bit (adjacent), 6 (under 16), 10 (under 128), 18 (under 16384) or 26:
// each entity is budgeted at the worst. (A tighter bound, 10 bits each plus a reserve of 8 bits
// per 128 of the largest id, packed ~30% more entities into a packet, but benchmark A then
// spent its whole budget on deltas that resting cubes make unnecessary a moment later: 185 ->
// 213 kbps average.)
constexpr std::size_t kGapBitsEach = 26;

// Exact size of an entity's state fields, plus kGapBitsEach for its id gap, so the sum of
// estimates and the gap reserve can never exceed the budget.
std::size_t entityBits(const PositionQuantizer& q, const EntityPlan& p) {
    std::size_t bits = kGapBitsEach + 2;
    if (p.position) bits += 2 + (p.tier == 0 ? 3 * kTinyBits : p.tier == 1 ? 3 * kSmallBits : std::size_t(q.bits(0) + q.bits(1) + q.bits(2)));
    if (p.rotation) bits += 1 + (p.smallRotation ? 3 * kTinyBits : 2 + 3 * kRotationComponentBits);
    return bits;
}

constexpr std::size_t kSmallestEntityBits = kGapBitsEach + 2 + 1 + 3 * kTinyBits;  // a tiny turn: nothing smaller is ever sent

// A float's bits as a signed integer that orders as the floats do (for non-NaN values):
// negative floats, whose bits order backwards, have all but the sign bit flipped.
std::int32_t orderedBits(float f) {
    std::int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits < 0 ? bits ^ 0x7fffffff : bits;
}

// Larger for a higher priority (its orderedBits), then for a lower index.
std::uint64_t rankKey(std::int32_t ordered, std::uint32_t index) { return std::uint64_t(std::uint32_t(ordered) ^ 0x80000000u) << 32 | ~index; }

// Priority buckets: the orderedBits of a priority without its lowest 18 bits (its exponent and
// 5 bits of mantissa: a 32nd of an octave each), at most 256 of them (8 octaves above the
// lowest priority; anything higher shares the top bucket).
constexpr int kBucketShift = 18;
constexpr std::uint32_t kMostBuckets = 256;
// A bucket of more changes than this (many equal priorities: a first snapshot) is sorted, not
// ranked by insertion (whose work grows with the square of a bucket's size).
constexpr std::uint32_t kMostInsertionRanked = 16;

}  // namespace

namespace {
auto lowerBound(const std::vector<SnapshotState::Entry>& v, NetId id) {
    return std::lower_bound(v.begin(), v.end(), id, [](const SnapshotState::Entry& e, NetId k) { return e.first < k; });
}
}  // namespace

const EntityState* SnapshotState::find(NetId id) const {
    auto it = lowerBound(entries_, id);
    return it != entries_.end() && it->first == id ? &it->second : nullptr;
}

const EntityState& SnapshotState::at(NetId id) const {
    const EntityState* s = find(id);
    if (!s) throw std::out_of_range("SnapshotState::at: no entity " + std::to_string(id));
    return *s;
}

EntityState& SnapshotState::operator[](NetId id) {
    auto it = lowerBound(entries_, id);
    if (it != entries_.end() && it->first == id) return entries_[std::size_t(it - entries_.begin())].second;
    return entries_.insert(entries_.begin() + (it - entries_.begin()), {id, EntityState{}})->second;
}

void SnapshotState::erase(NetId id) {
    auto it = lowerBound(entries_, id);
    if (it != entries_.end() && it->first == id) entries_.erase(entries_.begin() + (it - entries_.begin()));
}

bool SnapshotEncoder::withinDeadband(const EntityState& held, const EntityState& now) const {
    if (positionDeadband_ == 0 && rotationDeadband_ == 0) return held == now;  // the server's case
    for (int a = 0; a < 3; ++a) {
        if (std::uint32_t(std::abs(std::int64_t(held.position[a]) - std::int64_t(now.position[a]))) > positionDeadband_) return false;
    }
    if (held.rotation.largest != now.rotation.largest) return held.rotation == now.rotation;
    auto near = [&](std::uint32_t x, std::uint32_t y) {
        return std::uint32_t(std::abs(std::int64_t(x) - std::int64_t(y))) <= rotationDeadband_;
    };
    return near(held.rotation.a, now.rotation.a) && near(held.rotation.b, now.rotation.b) && near(held.rotation.c, now.rotation.c);
}

void SnapshotEncoder::acknowledge(std::uint16_t sequence) {
    const Slot& slot = history_[historySlot(sequence)];
    if (!slot.valid || slot.sequence != sequence) return;  // too old: no longer held
    if (acked_ && !sequenceGreater(sequence, *acked_)) return;
    // Views older than the new baseline can never be one again (acks only move forward): their
    // storage, touched a snapshot or two ago, is what the next views are built in. Built in the
    // storage of the slot each replaces instead, two seconds cold, a thousand clients' views
    // were 200 MB that every snapshot went out to memory for.
    if (acked_) {
        const std::uint16_t gap = std::uint16_t(sequence - *acked_);
        for (std::uint16_t back = std::min<std::uint16_t>(gap, kHistory); back > 0; --back) {
            Slot& old = history_[historySlot(std::uint16_t(sequence - back))];
            if (!old.valid || old.sequence != std::uint16_t(sequence - back)) continue;
            old.valid = false;
            spare_.push_back(std::move(old.state));
            old.state = SnapshotState{};
        }
    }
    acked_ = sequence;
}

const SnapshotState* SnapshotEncoder::baselineState() const {
    if (!acked_) return nullptr;
    const Slot& slot = history_[historySlot(*acked_)];
    return slot.valid && slot.sequence == *acked_ ? &slot.state : nullptr;
}

namespace {
// Snapshot layout: [sequence 16][has baseline 1][baseline 16][server tick 32][last input 16]
// [removed count varint][removed ids as gaps][entity count varint][entities]
constexpr std::size_t kHeaderBits = 16 + 17 + 32 + 16 + 32 + 32;  // both counts at their worst
constexpr std::size_t kMaxGapBits = 2 + 24;                       // "11" + a 16-bit varint

void writeIds(BitWriter& w, std::span<const NetId> ids) {
    w.writeVarint(std::uint32_t(ids.size()));
    for (std::size_t i = 0; i < ids.size(); ++i) writeGap(w, i == 0 ? ids[0] : std::uint32_t(ids[i] - ids[i - 1] - 1));
}
}  // namespace

std::vector<std::uint8_t> SnapshotEncoder::encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates,
                                                  std::size_t budgetBytes) {
    BitWriter w;
    encode(header, candidates, budgetBytes, w);
    return w.release();
}

struct SnapshotEncoder::Scratch {
    std::vector<SnapshotCandidate> sorted;  // the candidates by id, when they came unsorted
    std::vector<Change> changed;
    std::vector<std::int32_t> keys;        // each change's priority as an ordered integer
    std::vector<std::uint32_t> bucketEnd;  // where each priority bucket ends
    std::vector<std::uint64_t> rank;       // the changes' rank keys, best first
    std::vector<NetId> removed;
};

SnapshotEncoder::Scratch& SnapshotEncoder::scratch() {
    thread_local Scratch s;
    return s;
}

void SnapshotEncoder::choose(std::size_t n, std::size_t budgetBits, std::size_t used) {
    Scratch& s = scratch();
    if (n == 0) return;
    // Changes are taken best first while the worst-case size still fits. No more than `fit`
    // entities can fit however they fall; the best 2 x fit leave room for smaller entities past
    // bigger ones that do not fit.
    const std::size_t fit = budgetBits / kSmallestEntityBits + 1;
    const std::size_t considered = std::min(n, 2 * fit);

    // Sorting a view's hundred-odd changes by priority (comparisons of unpredictable outcome)
    // was most of the time of encoding a crowd's snapshot. Instead a counting sort puts them
    // in buckets of a 32nd of an octave (branch-free passes), which leaves few to a bucket, and
    // an insertion pass settles the order within buckets of just the best that may be taken.
    // Plain pointers: through the vectors, every store made the compiler reload every vector.
    const std::int32_t* keys = s.keys.data();
    std::int32_t lowest = INT32_MAX, highest = INT32_MIN;
    for (std::size_t i = 0; i < n; ++i) {
        lowest = std::min(lowest, keys[i] >> kBucketShift);
        highest = std::max(highest, keys[i] >> kBucketShift);
    }
    const std::uint32_t span = std::min(std::uint32_t(highest - lowest), kMostBuckets - 1);
    auto bucketOf = [&](std::int32_t key) { return span - std::min(std::uint32_t((key >> kBucketShift) - lowest), span); };  // 0: the best
    s.bucketEnd.assign(span + 2, 0);
    std::uint32_t* end = s.bucketEnd.data();
    for (std::size_t i = 0; i < n; ++i) ++end[bucketOf(keys[i]) + 1];
    std::uint32_t crowded = 0;
    for (std::uint32_t b = 0; b <= span; ++b) {
        crowded = std::max(crowded, end[b + 1]);
        end[b + 1] += end[b];
    }
    // Each change as its rank key (priority above inverted index: one integer compare ranks two).
    s.rank.resize(n);
    std::uint64_t* ranked = s.rank.data();
    for (std::size_t i = 0; i < n; ++i) ranked[end[bucketOf(keys[i])]++] = rankKey(keys[i], std::uint32_t(i));  // ascending ids within each

    // Only the first `considered` need their exact order, with the rest of the bucket the last
    // of them is in (its others may be better).
    const std::size_t settled = end[bucketOf(std::int32_t(ranked[considered - 1] >> 32 ^ 0x80000000u))];
    if (crowded > kMostInsertionRanked) {
        std::sort(ranked, ranked + settled, std::greater<>());
    } else {
        for (std::size_t a = 1; a < settled; ++a) {
            const std::uint64_t key = ranked[a];
            std::size_t to = a;
            for (; to > 0 && ranked[to - 1] < key; --to) ranked[to] = ranked[to - 1];
            ranked[to] = key;
        }
    }

    for (std::size_t a = 0; a < considered && used + kSmallestEntityBits <= budgetBits; ++a) {
        Change& c = s.changed[~std::uint32_t(ranked[a])];
        c.plan = planEntity(c.candidate->state, c.held);
        const std::size_t bits = entityBits(quantizer_, c.plan);
        if (used + bits <= budgetBits) {  // else a smaller (delta) entity may still fit
            used += bits;
            c.chosen = true;
        }
    }
}

// Long on purpose: this is the server's hot loop (every entity of every client's view, 30 times
// a second), and its walks share a dozen plain pointers and counters (baseline, accumulators,
// changes, keys) that the compiler keeps in registers only within one function; split into
// calls, they would go through memory on every entity (see "Plain pointers" below).
void SnapshotEncoder::encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates, std::size_t budgetBytes, BitWriter& w) {
    Scratch& s = scratch();
    const SnapshotState* base = baselineState();
    if (!base) acked_.reset();
    header.baseline = base ? acked_ : std::nullopt;
    // This client's baseline and accumulators were last touched a client round ago, long out of
    // the cache: their first lines are asked for now, to arrive while the candidates are checked.
    for (std::size_t line = 0; line < 4; ++line) {
        if (base && base->size() > 0) __builtin_prefetch(reinterpret_cast<const char*>(&*base->begin()) + 64 * line);
        if (!accumulators_.empty()) __builtin_prefetch(reinterpret_cast<const char*>(accumulators_.data()) + 64 * line);
    }

    // One walk over candidates and baseline together (both sorted by id): the state each
    // candidate has on the client, and the baseline entities no longer in view. Only entities
    // that differ from the baseline compete for the budget; the rest are free.
    // Room for every candidate changing, written in place (grown, never shrunk).
    if (s.changed.size() < candidates.size()) {
        s.changed.resize(candidates.size());
        s.keys.resize(candidates.size());
    }
    // Plain pointers: this loop runs for every entity of every view, and through the vectors
    // each store made the compiler reload them all.
    const SnapshotState::Entry* held = nullptr;
    const SnapshotState::Entry* const heldEnd = base ? std::to_address(base->end()) : nullptr;
    Change* const changed = s.changed.data();
    std::int32_t* const keys = s.keys.data();
    // The deadband test inline only when one is set (not on the server).
    const bool deadband = positionDeadband_ != 0 || rotationDeadband_ != 0;
    // Accumulators follow the view, sorted by id like the candidates: walked alongside them,
    // they are a few hundred contiguous bytes instead of a scattered read and write per
    // entity across an array of every id. An entity leaving the view forgets its own.
    const Accumulator* const accumulatedEnd = accumulators_.data() + accumulators_.size();
    nextAccumulators_.resize(candidates.size());
    Accumulator* const next = nextAccumulators_.data();
    std::size_t changes = 0, kept = 0;
    // Candidates come sorted by id from a server (its views are): the walk checks as it goes
    // (a separate pass was 3% of encoding), and others are sorted and walked again.
    for (bool ordered = false; !ordered;) {
        ordered = true;
        changes = kept = 0;
        s.removed.clear();
        held = base ? std::to_address(base->begin()) : nullptr;
        const Accumulator* accumulated = accumulators_.data();
        for (const SnapshotCandidate& candidate : candidates) {
            const SnapshotCandidate* c = &candidate;
            if (kept > 0 && c->id <= next[kept - 1].first) {
                if (c->id == next[kept - 1].first) continue;  // a duplicate id would break the id gaps
                ordered = false;
                break;
            }
            while (held != heldEnd && held->first < c->id) s.removed.push_back((held++)->first);
            const EntityState* h = nullptr;
            if (held != heldEnd && held->first == c->id) h = &(held++)->second;
            while (accumulated != accumulatedEnd && accumulated->first < c->id) ++accumulated;
            float priority = c->priority;
            if (accumulated != accumulatedEnd && accumulated->first == c->id) priority += (accumulated++)->second;
            next[kept++] = {c->id, priority};
            if (h && (*h == c->state || (deadband && withinDeadband(*h, c->state)))) continue;
            changed[changes] = {c, h, std::uint32_t(kept - 1), {}, false};
            keys[changes++] = orderedBits(priority);
        }
        if (!ordered) {
            s.sorted.assign(candidates.begin(), candidates.end());
            std::stable_sort(s.sorted.begin(), s.sorted.end(),
                             [](const SnapshotCandidate& x, const SnapshotCandidate& y) { return x.id < y.id; });
            candidates = s.sorted;
        }
    }
    nextAccumulators_.resize(kept);
    std::swap(accumulators_, nextAccumulators_);
    while (held != heldEnd) s.removed.push_back((held++)->first);
    // Removals first (a few bits each, at most half the budget; the rest wait in the view
    // until a later packet), then changes in priority order while the worst-case size still
    // fits; written in id order so id gaps stay small.
    std::size_t budgetBits = budgetBytes * 8;
    std::size_t used = kHeaderBits;
    std::size_t removable = std::min(s.removed.size(), budgetBits > used ? (budgetBits - used) / 2 / kMaxGapBits : 0);
    s.removed.resize(removable);
    used += removable * kMaxGapBits;
    choose(changes, budgetBits, used);
    // The chosen, in id order.
    std::size_t taken = 0;
    for (std::size_t i = 0; i < changes; ++i) {
        changed[taken] = changed[i];  // without a branch: which are chosen is unpredictable
        taken += changed[i].chosen;
    }
    const std::span<const Change> chosen(changed, taken);

    w.align();
    w.reserve(w.byteCount() + budgetBytes);
    w.write(header.sequence, 16);
    w.writeBool(header.baseline.has_value());
    w.write(header.baseline.value_or(0), 16);
    w.write(header.serverTick, 32);
    w.write(header.lastInputSequence, 16);
    writeIds(w, s.removed);
    w.writeVarint(std::uint32_t(chosen.size()));
    NetId previous = 0;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const SnapshotCandidate* c = chosen[i].candidate;
        writeEntity(w, quantizer_, NetId(i == 0 ? c->id : c->id - previous - 1), c->state, chosen[i].held, chosen[i].plan);
        previous = c->id;
        accumulators_[chosen[i].accumulator].second = 0.0f;
    }

    // The view after this packet: the baseline without what was removed, with what was sent,
    // built in the storage of the view an ack retired last (see acknowledge()). Its exact size,
    // rounded up: storage goes round from view to view, so a reservation that tracked each
    // snapshot's size would reallocate (a few KiB, past malloc's fast caches) whenever a view
    // grew by one; rounded, each settles after one or two allocations.
    std::size_t added = 0;
    for (const Change& c : chosen) added += c.held == nullptr;
    std::size_t size = (base ? base->size() : 0) - s.removed.size() + added;
    if (!spare_.empty()) {
        next_ = std::move(spare_.back());
        spare_.pop_back();
    }
    next_.clear();
    next_.reserve((size + 63) / 64 * 64);
    if (base && s.removed.empty() && added == 0) {
        // The usual case between view changes: the same entities, a few dozen of them newer.
        // A copy and a store each instead of a merge of the whole view.
        next_.entries_ = base->entries_;
        const auto* const first = reinterpret_cast<const char*>(base->entries_.data());
        for (const Change& c : chosen) {
            // `held` points into the baseline's entry for this id: its entry's index.
            const auto at = std::size_t(reinterpret_cast<const char*>(c.held) - first) / sizeof(SnapshotState::Entry);
            next_.entries_[at].second = c.candidate->state;
        }
    } else {
        const SnapshotState::Entry* b = base ? std::to_address(base->begin()) : nullptr;
        const SnapshotState::Entry* const bEnd = base ? std::to_address(base->end()) : nullptr;
        const NetId* r = s.removed.data();
        const NetId* const rEnd = r + s.removed.size();
        const Change* ch = chosen.data();
        const Change* const chEnd = ch + chosen.size();
        while (b != bEnd || ch != chEnd) {
            if (ch != chEnd && (b == bEnd || ch->candidate->id <= b->first)) {
                if (b != bEnd && b->first == ch->candidate->id) ++b;
                next_.append(ch->candidate->id, ch->candidate->state);
                ++ch;
            } else {
                if (r != rEnd && *r == b->first) ++r;
                else next_.append(b->first, b->second);
                ++b;
            }
        }
    }
    Slot& slot = history_[historySlot(header.sequence)];
    std::swap(slot.state, next_);
    // The replaced view is cold: its storage is used after every retired one.
    if (next_.entries_.capacity() > 0) spare_.insert(spare_.begin(), std::move(next_));
    next_ = SnapshotState{};
    slot.sequence = header.sequence;
    slot.valid = true;
    lastCount_ = chosen.size();
    lastRemoved_ = s.removed.size();
}

}  // namespace atrium::net
