#pragma once
// Room for a character to stand. Where avatars arrive (a spawn point, a respawn) must not be
// inside the venue's geometry: the character controller would push the capsule out of it
// sideways, several metres a step, and fling the avatar across the venue. Spawn points are
// placed by hand in the editor, and kits (a raised balcony's solid rake) fill space below
// them, so arrival checks instead of trusting the venue.
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/scene/components.hpp"
#include "atrium/scene/entity.hpp"

namespace atrium {

class PhysicsWorld;
class World;

// Entities whose colliders in `mask` a standing capsule of `size` with its feet at `feet` would
// overlap. Anything lower than the controller's step height is left out: the floor it stands
// on, and a kerb it would step onto.
std::vector<Entity> standingOverlaps(const PhysicsWorld& physics, vec3 feet, const CharacterController& size = {},
                                     std::uint32_t mask = ~kAvatarLayer);

// How far from a spawn point inside the venue's geometry arrivals look for room (the server
// and the editor's play mode alike).
inline constexpr float kArrivalSearchMeters = 15.0f;

// `feet` when a character fits there; otherwise the nearest spot on rings around it (0.5 m
// apart, out to `searchRadius`) where it fits and stands on ground at most a step below or
// above; nullopt when there is none.
std::optional<vec3> findStandingSpot(const PhysicsWorld& physics, vec3 feet, float searchRadius, const CharacterController& size = {},
                                     std::uint32_t mask = ~kAvatarLayer);

// What standingOverlaps found, for a message a venue builder can act on: the first two by name
// with their parents ("\"Tier L35\" (in \"Balcony\")"), then how many more.
std::string describeOverlaps(const World& world, const std::vector<Entity>& inside);

}  // namespace atrium
