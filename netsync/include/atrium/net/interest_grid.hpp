#pragma once
// Interest management: a uniform grid over the ground plane (x, z), so choosing what a client
// needs is "look at the cells around it", not a scan of every entity for every client.
// Rebuilt once per snapshot tick from every replicated entity's position; its storage is one
// array sorted by cell, so a rebuild allocates nothing once it has grown.
//
//   grid.rebuild(items);                       // every entity, once per tick
//   grid.query(me, 30.0f, nearby);             // per client: entities within 30 m
#include <cstdint>
#include <span>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/net/snapshot.hpp"

namespace atrium::net {

class InterestGrid {
public:
    struct Item {
        NetId id = 0;
        vec3 position{0.0f};
    };

    explicit InterestGrid(float cellSize = 10.0f);

    void rebuild(std::span<const Item> items);
    // Entities within `radius` of `center` on the ground plane, appended to `out` with their
    // squared horizontal distance, in no particular order.
    struct Hit {
        NetId id;
        float distanceSquared;
    };
    void query(vec3 center, float radius, std::vector<Hit>& out) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::uint64_t cell;
        NetId id;
        vec2 position;
    };
    std::int32_t cellOf(float v) const;
    static std::uint64_t key(std::int32_t cx, std::int32_t cz);

    float cellSize_;
    std::vector<Entry> entries_;  // sorted by cell: (x, z) rows are contiguous key ranges
};

}  // namespace atrium::net
