// The client side of snapshots: each decoded against the baseline it names, into the view it
// keeps for the next one.
#include <utility>
#include <vector>

#include "atrium/net/snapshot.hpp"
#include "snapshot_format.hpp"

namespace atrium::net {
using namespace snapshot_format;

namespace {
// A snapshot's removed ids (ascending, gap-coded); false if malformed.
bool readRemoved(BitReader& r, std::vector<NetId>& removed) {
    std::uint32_t removedCount = r.readVarint();
    if (!r.ok() || removedCount > 4096) return false;
    removed.reserve(removedCount);
    for (std::uint32_t i = 0; i < removedCount; ++i) {
        std::uint32_t gap = readGap(r);
        std::uint32_t id = i == 0 ? gap : std::uint32_t(removed.back()) + gap + 1;
        if (!r.ok() || id > 0xffff) return false;
        removed.push_back(NetId(id));
    }
    return true;
}

// One changed entity's position and rotation, each whole or as a delta on `s` (what the client
// holds, if `known`); false if malformed.
bool readEntity(BitReader& r, const PositionQuantizer& quantizer, bool known, EntityState& s) {
    if (r.readBool()) {
        std::uint32_t tier = r.read(2);
        if (tier == 2) {
            s.position = quantizer.read(r);
        } else if (tier <= 1 && known) {
            int bits = tier == 0 ? kTinyBits : kSmallBits;
            for (int a = 0; a < 3; ++a) s.position[a] = std::uint32_t(std::int64_t(s.position[a]) + readSigned(r, bits));
        } else {
            return false;  // a delta needs something to add to; tier 3 does not exist
        }
    } else if (!known) {
        return false;
    }
    if (r.readBool()) {
        if (r.readBool()) {
            if (!known) return false;
            s.rotation.a = std::uint16_t(std::uint32_t(std::int64_t(s.rotation.a) + readSigned(r, kTinyBits)) &
                                         ((1u << kRotationComponentBits) - 1));
            s.rotation.b = std::uint16_t(std::uint32_t(std::int64_t(s.rotation.b) + readSigned(r, kTinyBits)) &
                                         ((1u << kRotationComponentBits) - 1));
            s.rotation.c = std::uint16_t(std::uint32_t(std::int64_t(s.rotation.c) + readSigned(r, kTinyBits)) &
                                         ((1u << kRotationComponentBits) - 1));
        } else {
            s.rotation = readRotation(r);
        }
    } else if (!known) {
        return false;
    }
    return true;
}
}  // namespace

std::optional<SnapshotDecoder::Decoded> SnapshotDecoder::decode(std::span<const std::uint8_t> body) {
    BitReader r(body);
    Decoded out;
    out.header.sequence = std::uint16_t(r.read(16));
    bool hasBaseline = r.readBool();
    std::uint16_t baseline = std::uint16_t(r.read(16));
    out.header.serverTick = r.read(32);
    out.header.lastInputSequence = std::uint16_t(r.read(16));
    if (!r.ok()) return std::nullopt;
    if (newest_ && !sequenceGreater(out.header.sequence, *newest_)) return std::nullopt;  // stale or replayed

    const SnapshotState* base = nullptr;
    if (hasBaseline) {
        const auto& slot = history_[historySlot(baseline)];
        if (!slot || slot->first != baseline) return std::nullopt;
        base = &slot->second;
        out.header.baseline = baseline;
    }
    std::vector<NetId> removed;
    if (!readRemoved(r, removed)) return std::nullopt;
    SnapshotState next;
    if (base) {
        auto rm = removed.begin();
        for (const auto& [id, s] : *base) {
            while (rm != removed.end() && *rm < id) ++rm;
            if (rm != removed.end() && *rm == id) continue;
            next.append(id, s);
        }
    }
    std::uint32_t count = r.readVarint();
    if (!r.ok() || count > 4096) return std::nullopt;
    NetId previous = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t gap = readGap(r);
        std::uint32_t id = i == 0 ? gap : std::uint32_t(previous) + gap + 1;
        if (!r.ok() || id > 0xffff) return std::nullopt;
        const EntityState* held = next.find(NetId(id));
        bool known = held != nullptr;
        EntityState s = known ? *held : EntityState{};
        if (!readEntity(r, quantizer_, known, s)) return std::nullopt;
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

}  // namespace atrium::net
