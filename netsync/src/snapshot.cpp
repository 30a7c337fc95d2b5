#include "atrium/net/snapshot.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace atrium::net {
namespace {

// Position changes come in three sizes: tiny (every axis within +-31 mm, 6 bits each),
// small (within +-511 mm, 10 bits each) and full. Rotations are sent as per-component
// deltas (6 bits each) when the dropped component stays the same and the change is small.
// A box sliding or tumbling slowly therefore costs about half its full state.
constexpr int kTinyBits = 6, kSmallBits = 10;

void writeSigned(BitWriter& w, int v, int bits) { w.write(std::uint32_t(v + (1 << (bits - 1))), bits); }
int readSigned(BitReader& r, int bits) { return int(r.read(bits)) - (1 << (bits - 1)); }

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
    auto ok = [&](std::uint32_t x, std::uint32_t y) { long long d = (long long)x - (long long)y; return d > -limit && d < limit; };
    return a.largest == b.largest && ok(a.a, b.a) && ok(a.b, b.b) && ok(a.c, b.c);
}

// Id gaps between consecutive entities (ids ascend): "0" for adjacent ids, "10"+4 bits
// for gaps under 16, "11"+varint beyond. Most gaps in a busy snapshot are small.
void writeGap(BitWriter& w, std::uint32_t gap) {
    if (gap == 0) return w.writeBool(false);
    w.writeBool(true);
    if (gap < 16) {
        w.writeBool(false);
        return w.write(gap, 4);
    }
    w.writeBool(true);
    w.writeVarint(gap);
}
std::uint32_t readGap(BitReader& r) {
    if (!r.readBool()) return 0;
    if (!r.readBool()) return r.read(4);
    return r.readVarint();
}

// Position: [changed][tier: 0 tiny, 1 small, 2 full (2 bits)][payload]
int positionTier(const EntityState& s, const EntityState* base) {
    if (!base) return 2;
    if (fits(s.position, base->position, kTinyBits)) return 0;
    if (fits(s.position, base->position, kSmallBits)) return 1;
    return 2;
}

// One entity: [id gap varint][position][rotation: changed, delta?, payload]
void writeEntity(BitWriter& w, const PositionQuantizer& q, NetId gap, const EntityState& s, const EntityState* base) {
    writeGap(w, gap);
    bool posChanged = !base || base->position != s.position;
    bool rotChanged = !base || !(base->rotation == s.rotation);
    w.writeBool(posChanged);
    if (posChanged) {
        int tier = positionTier(s, base);
        w.write(std::uint32_t(tier), 2);
        if (tier == 2) {
            q.write(w, s.position);
        } else {
            int bits = tier == 0 ? kTinyBits : kSmallBits;
            for (int i = 0; i < 3; ++i) writeSigned(w, int(s.position[i]) - int(base->position[i]), bits);
        }
    }
    w.writeBool(rotChanged);
    if (rotChanged) {
        bool small = base && rotationFits(s.rotation, base->rotation);
        w.writeBool(small);
        if (small) {
            writeSigned(w, int(s.rotation.a) - int(base->rotation.a), kTinyBits);
            writeSigned(w, int(s.rotation.b) - int(base->rotation.b), kTinyBits);
            writeSigned(w, int(s.rotation.c) - int(base->rotation.c), kTinyBits);
        } else {
            writeRotation(w, s.rotation);
        }
    }
}

// Exact size of an entity's state fields, plus the largest id-gap code (2 bits + 3 bytes),
// so the sum of estimates can never exceed the budget.
std::size_t entityBits(const PositionQuantizer& q, const EntityState& s, const EntityState* base) {
    std::size_t bits = 26 + 2;
    if (!base || base->position != s.position) {
        int tier = positionTier(s, base);
        bits += 2 + (tier == 0 ? 3 * kTinyBits : tier == 1 ? 3 * kSmallBits : std::size_t(q.bits(0) + q.bits(1) + q.bits(2)));
    }
    if (!base || !(base->rotation == s.rotation)) {
        bits += 1 + (base && rotationFits(s.rotation, base->rotation) ? 3 * kTinyBits : 2 + 3 * kRotationComponentBits);
    }
    return bits;
}

std::size_t historySlot(std::uint16_t seq) { return seq % SnapshotEncoder::kHistory; }

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
    for (int a = 0; a < 3; ++a) {
        if (std::uint32_t(std::abs(std::int64_t(held.position[a]) - std::int64_t(now.position[a]))) > positionDeadband_) return false;
    }
    if (held.rotation.largest != now.rotation.largest) return held.rotation == now.rotation;
    auto near = [&](std::uint32_t x, std::uint32_t y) { return std::uint32_t(std::abs(std::int64_t(x) - std::int64_t(y))) <= rotationDeadband_; };
    return near(held.rotation.a, now.rotation.a) && near(held.rotation.b, now.rotation.b) && near(held.rotation.c, now.rotation.c);
}

void SnapshotEncoder::acknowledge(std::uint16_t sequence) {
    const auto& slot = history_[historySlot(sequence)];
    if (!slot || slot->first != sequence) return;  // too old: no longer held
    if (!acked_ || sequenceGreater(sequence, *acked_)) acked_ = sequence;
}

const SnapshotState* SnapshotEncoder::baselineState() const {
    if (!acked_) return nullptr;
    const auto& slot = history_[historySlot(*acked_)];
    return slot && slot->first == *acked_ ? &slot->second : nullptr;
}

void SnapshotEncoder::forget(NetId id) {
    if (id < accumulators_.size()) accumulators_[id] = 0.0f;
    for (auto& slot : history_) {
        if (slot) slot->second.erase(id);
    }
}

std::vector<std::uint8_t> SnapshotEncoder::encode(SnapshotHeader header, std::span<const SnapshotCandidate> candidates, std::size_t budgetBytes) {
    const SnapshotState* base = baselineState();
    if (!base) acked_.reset();
    header.baseline = base ? acked_ : std::nullopt;

    // Only entities that differ from the baseline compete for the budget; the rest are free.
    std::vector<const SnapshotCandidate*> changed;
    for (const SnapshotCandidate& c : candidates) {
        if (c.id >= accumulators_.size()) accumulators_.resize(std::size_t(c.id) + 1, 0.0f);
        accumulators_[c.id] += c.priority;
        const EntityState* held = base ? base->find(c.id) : nullptr;
        if (held && withinDeadband(*held, c.state)) continue;
        changed.push_back(&c);
    }
    std::sort(changed.begin(), changed.end(), [&](const SnapshotCandidate* a, const SnapshotCandidate* b) {
        float pa = accumulators_[a->id], pb = accumulators_[b->id];
        return pa != pb ? pa > pb : a->id < b->id;
    });

    // Pick in priority order while the worst-case size still fits, then write in id order so
    // id gaps stay small.
    const std::size_t headerBits = 16 + 17 + 32 + 16 + 32;
    std::size_t budgetBits = budgetBytes * 8;
    std::vector<const SnapshotCandidate*> chosen;
    std::size_t used = headerBits;
    for (const SnapshotCandidate* c : changed) {
        std::size_t bits = entityBits(quantizer_, c->state, base ? base->find(c->id) : nullptr);
        if (used + bits > budgetBits) continue;  // a smaller (delta) entity may still fit
        used += bits;
        chosen.push_back(c);
    }
    std::sort(chosen.begin(), chosen.end(), [](auto* a, auto* b) { return a->id < b->id; });

    BitWriter w;
    w.write(header.sequence, 16);
    w.writeBool(header.baseline.has_value());
    w.write(header.baseline.value_or(0), 16);
    w.write(header.serverTick, 32);
    w.write(header.lastInputSequence, 16);
    w.writeVarint(std::uint32_t(chosen.size()));
    SnapshotState next = base ? *base : SnapshotState{};
    NetId previous = 0;
    bool first = true;
    for (const SnapshotCandidate* c : chosen) {
        const EntityState* b = base ? base->find(c->id) : nullptr;
        writeEntity(w, quantizer_, NetId(first ? c->id : c->id - previous - 1), c->state, b);
        previous = c->id;
        first = false;
        next[c->id] = c->state;
        accumulators_[c->id] = 0.0f;
    }
    history_[historySlot(header.sequence)] = std::make_pair(header.sequence, std::move(next));
    lastCount_ = chosen.size();
    return w.bytes();
}

std::optional<SnapshotDecoder::Decoded> SnapshotDecoder::decode(std::span<const std::uint8_t> body) {
    BitReader r(body);
    Decoded out;
    out.header.sequence = std::uint16_t(r.read(16));
    bool hasBaseline = r.readBool();
    std::uint16_t baseline = std::uint16_t(r.read(16));
    out.header.serverTick = r.read(32);
    out.header.lastInputSequence = std::uint16_t(r.read(16));
    std::uint32_t count = r.readVarint();
    if (!r.ok() || count > 4096) return std::nullopt;
    if (newest_ && !sequenceGreater(out.header.sequence, *newest_)) return std::nullopt;  // stale or replayed

    SnapshotState next;
    if (hasBaseline) {
        const auto& slot = history_[historySlot(baseline)];
        if (!slot || slot->first != baseline) return std::nullopt;
        next = slot->second;
        out.header.baseline = baseline;
    }
    NetId previous = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t gap = readGap(r);
        std::uint32_t id = i == 0 ? gap : std::uint32_t(previous) + gap + 1;
        if (!r.ok() || id > 0xffff) return std::nullopt;
        const EntityState* held = next.find(NetId(id));
        bool known = held != nullptr;
        EntityState s = known ? *held : EntityState{};
        if (r.readBool()) {
            std::uint32_t tier = r.read(2);
            if (tier == 2) {
                s.position = quantizer_.read(r);
            } else if (tier <= 1 && known) {
                int bits = tier == 0 ? kTinyBits : kSmallBits;
                for (int a = 0; a < 3; ++a) s.position[a] = std::uint32_t(std::int64_t(s.position[a]) + readSigned(r, bits));
            } else {
                return std::nullopt;  // a delta needs something to add to; tier 3 does not exist
            }
        } else if (!known) {
            return std::nullopt;
        }
        if (r.readBool()) {
            if (r.readBool()) {
                if (!known) return std::nullopt;
                s.rotation.a = std::uint32_t(std::int64_t(s.rotation.a) + readSigned(r, kTinyBits)) & ((1u << kRotationComponentBits) - 1);
                s.rotation.b = std::uint32_t(std::int64_t(s.rotation.b) + readSigned(r, kTinyBits)) & ((1u << kRotationComponentBits) - 1);
                s.rotation.c = std::uint32_t(std::int64_t(s.rotation.c) + readSigned(r, kTinyBits)) & ((1u << kRotationComponentBits) - 1);
            } else {
                s.rotation = readRotation(r);
            }
        } else if (!known) {
            return std::nullopt;
        }
        if (!r.ok()) return std::nullopt;
        next[NetId(id)] = s;
        out.changed.push_back(NetId(id));
        previous = NetId(id);
    }
    if (!r.ok()) return std::nullopt;
    newest_ = out.header.sequence;
    auto& slot = history_[historySlot(out.header.sequence)];
    slot = std::make_pair(out.header.sequence, std::move(next));
    out.state = &slot->second;
    return out;
}

void SnapshotDecoder::forget(NetId id) {
    for (auto& slot : history_) {
        if (slot) slot->second.erase(id);
    }
}

}  // namespace atrium::net
