#pragma once
// A client's view: the replicated entities its snapshots carry, chosen from the interest grid
// by distance (the nearest maxInterest within the interest radius, with hysteresis).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "atrium/net/interest_grid.hpp"

namespace atrium::net {

// Per client, by net id.
constexpr std::uint8_t kDescribed = 1;  // its Spawn (name, kind, owner) was sent
constexpr std::uint8_t kInView = 2;     // in the last snapshot's view
constexpr std::uint8_t kChosen = 4;     // in the view being chosen (only while choosing it)
// An entity already in a client's view stays until it is this much (metres) beyond the
// interest radius or the nearest-N cut, so walkers on the border do not flicker in and out.
constexpr float kInterestHysteresis = 3.0f;

struct ClientView {
    std::vector<std::uint8_t> known;  // kDescribed | kInView, by net id
    std::vector<NetId> ids;           // the current view, ascending ids
    int age = 0;                      // snapshots since the view was chosen
    float reach = 0.0f;               // distance of the farthest entity in a full view, else 0

    // Forgets a destroyed entity; true if the client had been told about it (and must hear
    // that it is gone). Its state leaves the view through the snapshots' removals.
    bool forget(NetId id) {
        if (id >= known.size() || !(known[id] & kDescribed)) return false;
        known[id] = 0;
        return true;
    }
};

struct ViewQuery {
    vec3 me{0.0f};           // where the client's avatar is
    NetId self = 0;          // its avatar
    bool selfAlive = false;  // its avatar has a replica this tick
    float radius = 0.0f;     // the interest radius
    std::size_t maxInterest = 0;
};

// Chooses clients' views, one after another, reusing its scratch.
class ViewChooser {
public:
    // The client's view: its own avatar, then the nearest entities within the interest radius
    // (with hysteresis for those already in view). Entities new to the client are appended to
    // `undescribed` in view order and marked described: the caller sends their Spawns.
    void choose(const InterestGrid& grid, const ViewQuery& query, ClientView& view, std::vector<NetId>& undescribed);

private:
    void findNearby(const InterestGrid& grid, const ViewQuery& query, std::size_t keep, const ClientView& view);
    void keepNearest(std::size_t keep);
    void mergeIntoView(ClientView& view);

    std::vector<InterestGrid::Hit> hits_;
    std::vector<std::pair<float, NetId>> nearest_, cutBucket_;
    std::vector<NetId> added_, kept_;
};

}  // namespace atrium::net
