#pragma once
// The snapshot wire format's pieces that its encoder (snapshot.cpp) and decoder
// (snapshot_decoder.cpp) share.
#include <cstddef>
#include <cstdint>

#include "atrium/net/bit_stream.hpp"
#include "atrium/net/snapshot.hpp"

namespace atrium::net::snapshot_format {

// Position changes come in three sizes: tiny (every axis within +-31 mm, 6 bits each),
// small (within +-511 mm, 10 bits each) and full. Rotations are sent as per-component
// deltas (6 bits each) when the dropped component stays the same and the change is small.
// A box sliding or tumbling slowly therefore costs about half its full state.
constexpr int kTinyBits = 6, kSmallBits = 10;

inline int readSigned(BitReader& r, int bits) { return int(r.read(bits)) - (1 << (bits - 1)); }

// Id gaps between consecutive entities (ids ascend): "0" for adjacent ids, "10"+4 bits for
// gaps under 16, "11"+varint beyond (snapshot.cpp's writeGap).
inline std::uint32_t readGap(BitReader& r) {
    if (!r.readBool()) return 0;
    if (!r.readBool()) return r.read(4);
    return r.readVarint();
}

inline std::size_t historySlot(std::uint16_t seq) { return seq % SnapshotEncoder::kHistory; }

}  // namespace atrium::net::snapshot_format
