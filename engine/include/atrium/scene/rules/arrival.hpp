#pragma once
// Where people arrive in a venue: spread over the first spawn point's circle (of the default
// group, "", when there is one) so that a crowd joining together does not start inside one
// another. A spawn point left inside the venue's geometry (under a balcony's rake, in a wall)
// would have the character controller push each arrival out sideways, metres a step: arrivals
// then use the nearest spot with room, and the area carries a warning naming what the spawn
// point is inside, for the server's log, `atrium-venue` and the editor.
#include <cstdint>
#include <string>

#include "atrium/core/id.hpp"
#include "atrium/core/math.hpp"
#include "atrium/scene/rules/venue_space.hpp"

namespace atrium {

class World;

struct ArrivalArea {
    StableId spawnPoint;                      // invalid: the venue has none, people arrive at the origin
    vec3 centre{0.0f};                        // the spawn point, or the nearest spot with room to it
    float radius = 0.5f;                      // of the circle arrivals spread over
    std::string name = "the venue's origin";  // for messages: spawn point "Lobby"
    std::string warning;                      // non-empty: the spawn point is inside geometry (says what, and where people arrive)
};

// How far from a spawn point inside the venue's geometry arrivals look for room.
inline constexpr float kArrivalSearchMeters = 15.0f;

// Uses the World's cached world matrices (call updateTransforms() first).
ArrivalArea arrivalArea(const World& world, const VenueSpace& space);

// The `n`th arrival's spot on the area's circle (a sunflower spiral, so any run of arrivals is
// spread evenly), moved to room if that part of the circle is in a wall or under the seats.
vec3 arrivalSpot(const ArrivalArea& area, std::uint32_t n, const VenueSpace& space);

// What `space.inside()` found, for a message a venue builder can act on: the first two by name
// with their parents ("\"Tier L35\" (in \"Balcony\")"), then how many more.
std::string describeOverlaps(const World& world, const std::vector<Entity>& inside);

}  // namespace atrium
