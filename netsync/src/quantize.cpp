#include "atrium/net/quantize.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::net {

PositionQuantizer::PositionQuantizer(Aabb venueBounds, float stepMetres) : bounds(venueBounds), step(stepMetres) {
    for (int a = 0; a < 3; ++a) {
        double range = std::max(0.0, double(bounds.max[a]) - double(bounds.min[a]));
        std::uint64_t steps = std::uint64_t(std::ceil(range / step)) + 1;
        int b = 1;
        while (b < 31 && (std::uint64_t(1) << b) < steps) ++b;
        bits_[a] = b;
        max_[a] = std::uint32_t(steps - 1);  // the far edge of the bounds, not of the bit range
    }
}

glm::uvec3 PositionQuantizer::quantize(vec3 p) const {
    glm::uvec3 q;
    for (int a = 0; a < 3; ++a) {
        double v = (double(p[a]) - double(bounds.min[a])) / step;
        v = std::clamp(std::round(v), 0.0, double(max_[a]));
        q[a] = std::uint32_t(v);
    }
    return q;
}

vec3 PositionQuantizer::dequantize(glm::uvec3 q) const {
    vec3 p;
    for (int a = 0; a < 3; ++a) p[a] = float(double(bounds.min[a]) + double(std::min(q[a], max_[a])) * step);
    return p;
}

void PositionQuantizer::write(BitWriter& w, glm::uvec3 q) const {
    // The same bits as three writes, in two: a snapshot writes hundreds of positions.
    if (bits_[0] + bits_[1] + bits_[2] > 64) {  // a venue hundreds of kilometres across
        for (int a = 0; a < 3; ++a) w.write(q[a], bits_[a]);
        return;
    }
    std::uint64_t packed = 0;
    int bits = 0;
    for (int a = 0; a < 3; ++a) {
        packed |= std::uint64_t(q[a] & ((1u << bits_[a]) - 1u)) << bits;
        bits += bits_[a];
    }
    w.write(std::uint32_t(packed), std::min(bits, 32));
    if (bits > 32) w.write(std::uint32_t(packed >> 32), bits - 32);
}

glm::uvec3 PositionQuantizer::read(BitReader& r) const {
    glm::uvec3 q;
    for (int a = 0; a < 3; ++a) q[a] = r.read(bits_[a]);
    return q;
}

namespace {
constexpr float kComponentRange = 0.70710678f;  // |component| <= 1/sqrt(2) once the largest is dropped
constexpr std::uint32_t kComponentMax = (1u << kRotationComponentBits) - 1;

std::uint32_t packComponent(float v) {
    float t = (std::clamp(v, -kComponentRange, kComponentRange) + kComponentRange) / (2.0f * kComponentRange);
    return std::uint32_t(std::lround(t * float(kComponentMax)));
}
float unpackComponent(std::uint32_t q) {
    return float(std::min(q, kComponentMax)) / float(kComponentMax) * 2.0f * kComponentRange - kComponentRange;
}
}  // namespace

QuantizedRotation quantizeRotation(quat q) {
    float c[4] = {q.x, q.y, q.z, q.w};
    int largest = 0;
    for (int i = 1; i < 4; ++i) {
        if (std::abs(c[i]) > std::abs(c[largest])) largest = i;
    }
    // q and -q are the same rotation: flip so the dropped component is positive.
    float sign = c[largest] < 0.0f ? -1.0f : 1.0f;
    QuantizedRotation out;
    out.largest = std::uint8_t(largest);
    std::uint16_t* slots[3] = {&out.a, &out.b, &out.c};
    int k = 0;
    for (int i = 0; i < 4; ++i) {
        if (i != largest) *slots[k++] = std::uint16_t(packComponent(c[i] * sign));
    }
    return out;
}

quat dequantizeRotation(const QuantizedRotation& q) {
    float small[3] = {unpackComponent(q.a), unpackComponent(q.b), unpackComponent(q.c)};
    float sum = small[0] * small[0] + small[1] * small[1] + small[2] * small[2];
    float c[4];
    int k = 0;
    for (int i = 0; i < 4; ++i) c[i] = int(q.largest & 3u) == i ? std::sqrt(std::max(0.0f, 1.0f - sum)) : small[k++];
    quat r(c[3], c[0], c[1], c[2]);
    return glm::normalize(r);
}

void writeRotation(BitWriter& w, const QuantizedRotation& q) {
    // The same bits as four writes, in one.
    static_assert(2 + 3 * kRotationComponentBits <= 32);
    constexpr std::uint32_t mask = (1u << kRotationComponentBits) - 1u;
    w.write(std::uint32_t(q.largest & 3u) | (q.a & mask) << 2 | (q.b & mask) << (2 + kRotationComponentBits) |
                (q.c & mask) << (2 + 2 * kRotationComponentBits),
            2 + 3 * kRotationComponentBits);
}

QuantizedRotation readRotation(BitReader& r) {
    QuantizedRotation q;
    q.largest = std::uint8_t(r.read(2));
    q.a = std::uint16_t(r.read(kRotationComponentBits));
    q.b = std::uint16_t(r.read(kRotationComponentBits));
    q.c = std::uint16_t(r.read(kRotationComponentBits));
    return q;
}

}  // namespace atrium::net
