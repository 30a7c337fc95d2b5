#pragma once
// Fields several messages share, written one way: a stable id as two 32-bit halves, a float as
// its 32 bits (refused on reading unless finite, so no NaN reaches the World).
#include <cmath>
#include <cstdint>
#include <cstring>

#include "atrium/core/id.hpp"
#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

inline void writeId(BitWriter& w, StableId id) {
    w.write(std::uint32_t(id.value), 32);
    w.write(std::uint32_t(id.value >> 32), 32);
}
inline StableId readId(BitReader& r) {
    std::uint64_t lo = r.read(32), hi = r.read(32);
    return StableId{lo | (hi << 32)};
}

inline void writeFloat(BitWriter& w, float f) {
    std::uint32_t u = 0;
    std::memcpy(&u, &f, 4);
    w.write(u, 32);
}
inline float readFloat(BitReader& r) {
    std::uint32_t u = r.read(32);
    float f = 0.0f;
    std::memcpy(&f, &u, 4);
    return std::isfinite(f) ? f : (r.fail(), 0.0f);
}

// A double as its 64 bits (media positions: a float loses milliseconds after a few hours).
inline void writeDouble(BitWriter& w, double d) {
    std::uint64_t u = 0;
    std::memcpy(&u, &d, 8);
    w.write(std::uint32_t(u), 32);
    w.write(std::uint32_t(u >> 32), 32);
}
inline double readDouble(BitReader& r) {
    std::uint64_t lo = r.read(32), hi = r.read(32);
    const std::uint64_t u = lo | (hi << 32);
    double d = 0.0;
    std::memcpy(&d, &u, 8);
    return std::isfinite(d) ? d : (r.fail(), 0.0);
}

}  // namespace atrium::net
