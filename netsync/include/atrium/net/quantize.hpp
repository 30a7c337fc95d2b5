#pragma once
// Quantisation for snapshots. Positions become integer millimetres inside the venue's bounds
// (so the bits per axis follow from the venue's size: a 100 m hall needs 17 bits); rotations
// are sent "smallest three": the largest quaternion component is dropped (it follows from the
// other three, which are then each within +-1/sqrt(2)) and its index sent in 2 bits.
#include <cstdint>

#include "atrium/core/math.hpp"
#include "atrium/net/bit_stream.hpp"

namespace atrium::net {

struct PositionQuantizer {
    Aabb bounds;
    float step = 0.001f;  // metres per unit: 1 mm

    explicit PositionQuantizer(Aabb venueBounds, float stepMetres = 0.001f);
    int bits(int axis) const { return bits_[axis]; }
    glm::uvec3 quantize(vec3 p) const;  // clamps to the bounds
    vec3 dequantize(glm::uvec3 q) const;
    // `p` exactly as a snapshot carries it (clamped to the bounds, on the 1 mm grid): where a
    // server keeps what clients replay from, so both start from the same position.
    vec3 snap(vec3 p) const { return dequantize(quantize(p)); }
    void write(BitWriter& w, glm::uvec3 q) const;
    glm::uvec3 read(BitReader& r) const;

private:
    int bits_[3];
    std::uint32_t max_[3];
};

// 9 bits per component keep every rotation within about 0.3 degrees; we use 10 (~0.15 deg)
// because avatars' heads and screens are looked at closely.
inline constexpr int kRotationComponentBits = 10;

// Packed to 8 bytes: a server keeps one per entity in every view of every client's 64-slot
// snapshot history, and copies a view per snapshot.
struct QuantizedRotation {
    std::uint8_t largest = 0;           // index of the dropped component (x, y, z, w)
    std::uint16_t a = 0, b = 0, c = 0;  // kRotationComponentBits each
    friend bool operator==(const QuantizedRotation&, const QuantizedRotation&) = default;
};
static_assert(kRotationComponentBits <= 16);

QuantizedRotation quantizeRotation(quat q);
quat dequantizeRotation(const QuantizedRotation& q);
void writeRotation(BitWriter& w, const QuantizedRotation& q);
QuantizedRotation readRotation(BitReader& r);

}  // namespace atrium::net
