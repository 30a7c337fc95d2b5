#include "atrium/net/snapshot.hpp"

#include <algorithm>
#include <cstdlib>

namespace atrium::net {
namespace {

// A position delta fits the short form when every axis moved less than 512 mm.
constexpr int kDeltaBits = 10;
constexpr int kDeltaLimit = 1 << (kDeltaBits - 1);

void writeSigned(BitWriter& w, int v, int bits) { w.write(std::uint32_t(v + (1 << (bits - 1))), bits); }
int readSigned(BitReader& r, int bits) { return int(r.read(bits)) - (1 << (bits - 1)); }

bool smallDelta(const glm::uvec3& a, const glm::uvec3& b) {
    for (int i = 0; i < 3; ++i) {
        long long d = (long long)a[i] - (long long)b[i];
        if (d <= -kDeltaLimit || d >= kDeltaLimit) return false;
    }
    return true;
}

// One entity: [id gap varint][pos?][pos short?][pos][rot?][rot]
void writeEntity(BitWriter& w, const PositionQuantizer& q, NetId gap, const EntityState& s, const EntityState* base) {
    w.writeVarint(gap);
    bool posChanged = !base || base->position != s.position;
    bool rotChanged = !base || !(base->rotation == s.rotation);
    w.writeBool(posChanged);
    if (posChanged) {
        bool shortForm = base && smallDelta(s.position, base->position);
        w.writeBool(shortForm);
        if (shortForm) {
            for (int i = 0; i < 3; ++i) writeSigned(w, int(s.position[i]) - int(base->position[i]), kDeltaBits);
        } else {
            q.write(w, s.position);
        }
    }
    w.writeBool(rotChanged);
    if (rotChanged) writeRotation(w, s.rotation);
}

// Exact size of an entity's state fields, plus the largest id-gap varint (3 bytes), so the
// sum of estimates can never exceed the budget.
std::size_t entityBits(const PositionQuantizer& q, const EntityState& s, const EntityState* base) {
    std::size_t bits = 24 + 2;
    if (!base || base->position != s.position) {
        bits += 1 + (base && smallDelta(s.position, base->position) ? 3 * kDeltaBits : std::size_t(q.bits(0) + q.bits(1) + q.bits(2)));
    }
    if (!base || !(base->rotation == s.rotation)) bits += 2 + 3 * kRotationComponentBits;
    return bits;
}

std::size_t historySlot(std::uint16_t seq) { return seq % SnapshotEncoder::kHistory; }

}  // namespace

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
    accumulators_.erase(id);
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
        float& acc = accumulators_[c.id];
        acc += c.priority;
        auto it = base ? base->find(c.id) : SnapshotState::const_iterator{};
        if (base && it != base->end() && it->second == c.state) continue;
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
        auto it = base ? base->find(c->id) : SnapshotState::const_iterator{};
        std::size_t bits = entityBits(quantizer_, c->state, base && it != base->end() ? &it->second : nullptr);
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
        auto it = base ? base->find(c->id) : SnapshotState::const_iterator{};
        const EntityState* b = base && it != base->end() ? &it->second : nullptr;
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
        std::uint32_t gap = r.readVarint();
        std::uint32_t id = i == 0 ? gap : std::uint32_t(previous) + gap + 1;
        if (!r.ok() || id > 0xffff) return std::nullopt;
        auto it = next.find(NetId(id));
        bool known = it != next.end();
        EntityState s = known ? it->second : EntityState{};
        if (r.readBool()) {
            if (r.readBool()) {
                if (!known) return std::nullopt;  // a delta needs something to add to
                for (int a = 0; a < 3; ++a) s.position[a] = std::uint32_t(std::int64_t(s.position[a]) + readSigned(r, kDeltaBits));
            } else {
                s.position = quantizer_.read(r);
            }
        } else if (!known) {
            return std::nullopt;
        }
        if (r.readBool()) s.rotation = readRotation(r);
        else if (!known) return std::nullopt;
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
