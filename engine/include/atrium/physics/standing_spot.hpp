#pragma once
// Room for a character to stand. Where avatars arrive (a spawn point, a respawn) must not be
// inside the venue's geometry: the character controller would push the capsule out of it
// sideways, several metres a step, and fling the avatar across the venue. Spawn points are
// placed by hand in the editor, and kits (a raised balcony's solid rake) fill space below
// them, so arrival checks instead of trusting the venue.
//
// PhysicsVenueSpace answers the venue rules' questions (scene/rules/venue_space.hpp) with these.
#include <optional>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/scene/components.hpp"
#include "atrium/scene/entity.hpp"
#include "atrium/scene/rules/venue_space.hpp"

namespace atrium {

class PhysicsWorld;

// Entities whose colliders in `mask` a standing capsule of `size` with its feet at `feet` would
// overlap. Anything lower than the controller's step height is left out: the floor it stands
// on, and a kerb it would step onto.
std::vector<Entity> standingOverlaps(const PhysicsWorld& physics, vec3 feet, const CharacterController& size = {},
                                     std::uint32_t mask = ~kAvatarLayer);

// `feet` when a character fits there; otherwise the nearest spot on rings around it (0.5 m
// apart, out to `searchRadius`) where it fits and stands on ground at most a step below or
// above; nullopt when there is none.
std::optional<vec3> findStandingSpot(const PhysicsWorld& physics, vec3 feet, float searchRadius, const CharacterController& size = {},
                                     std::uint32_t mask = ~kAvatarLayer);

// The venue rules' view of the space, through physics queries against everything but avatars
// (people pass through one another). Queries read Bullet as of the last sync() or step.
class PhysicsVenueSpace final : public VenueSpace {
public:
    explicit PhysicsVenueSpace(const PhysicsWorld& physics) : physics_(physics) {}
    std::vector<Entity> inside(vec3 feet, const CharacterController& size) const override;
    std::optional<vec3> roomNear(vec3 feet, float searchRadius, const CharacterController& size) const override;
    std::optional<vec3> placeToStand(vec3 spot, const CharacterController& size) const override;

private:
    const PhysicsWorld& physics_;
};

}  // namespace atrium
