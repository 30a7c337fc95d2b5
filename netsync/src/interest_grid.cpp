#include "atrium/net/interest_grid.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::net {

InterestGrid::InterestGrid(float cellSize) : cellSize_(cellSize > 0.0f ? cellSize : 10.0f) {}

std::int32_t InterestGrid::cellOf(float v) const {
    // Clamped, so a far-away or non-finite position cannot overflow the cell index.
    float c = std::floor(v / cellSize_);
    if (!(c > -1e6f)) c = -1e6f;
    return std::int32_t(std::min(c, 1e6f));
}

// x in the high half and z (offset to unsigned) in the low half: for one x, cells z0..z1 are
// one contiguous range of keys.
std::uint64_t InterestGrid::key(std::int32_t cx, std::int32_t cz) {
    return (std::uint64_t(std::uint32_t(cx) ^ 0x80000000u) << 32) | std::uint64_t(std::uint32_t(cz) ^ 0x80000000u);
}

void InterestGrid::rebuild(std::span<const Item> items) {
    entries_.clear();
    for (const Item& it : items)
        entries_.push_back({key(cellOf(it.position.x), cellOf(it.position.z)), it.id, vec2(it.position.x, it.position.z)});
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.cell != b.cell ? a.cell < b.cell : a.id < b.id; });
}

void InterestGrid::query(vec3 center, float radius, std::vector<Hit>& out) const {
    if (!(radius >= 0.0f)) return;
    std::int32_t x0 = cellOf(center.x - radius), x1 = cellOf(center.x + radius);
    std::int32_t z0 = cellOf(center.z - radius), z1 = cellOf(center.z + radius);
    vec2 c(center.x, center.z);
    float r2 = radius * radius;
    for (std::int32_t x = x0; x <= x1; ++x) {
        std::uint64_t lo = key(x, z0), hi = key(x, z1);
        auto it = std::lower_bound(entries_.begin(), entries_.end(), lo, [](const Entry& e, std::uint64_t k) { return e.cell < k; });
        for (; it != entries_.end() && it->cell <= hi; ++it) {
            vec2 d = it->position - c;
            float d2 = glm::dot(d, d);
            if (d2 <= r2) out.push_back({it->id, d2});
        }
    }
}

}  // namespace atrium::net
