#pragma once
// What the venue rules ask of the space around a person: is there room to stand here, and where
// would someone stepping there stand. Physics answers (PhysicsVenueSpace in atrium::physics); the
// scene layer knows only this interface, so the rules sit below physics in the layers and call
// it as a service. A venue without anything solid answers with OpenVenueSpace.
#include <optional>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/scene/components.hpp"
#include "atrium/scene/entity.hpp"

namespace atrium {

class VenueSpace {
public:
    virtual ~VenueSpace() = default;
    // The entities a person of `size` standing with feet at `feet` would be inside (the floor
    // and a kerb lower than a step are not counted); empty: there is room.
    virtual std::vector<Entity> inside(vec3 feet, const CharacterController& size) const = 0;
    // `feet` if there is room there; else the nearest spot with room and ground within
    // `searchRadius`; nullopt when there is none.
    virtual std::optional<vec3> roomNear(vec3 feet, float searchRadius, const CharacterController& size) const = 0;
    // Where someone stepping to `spot` stands: on the ground under it (from a metre above to two
    // below) when that ground is walkable, at `spot` itself where there is none; nullopt when
    // the ground there is too steep or there is no room.
    virtual std::optional<vec3> placeToStand(vec3 spot, const CharacterController& size) const = 0;
};

// Nothing solid: every spot has room and people stand where they step.
class OpenVenueSpace final : public VenueSpace {
public:
    std::vector<Entity> inside(vec3, const CharacterController&) const override { return {}; }
    std::optional<vec3> roomNear(vec3 feet, float, const CharacterController&) const override { return feet; }
    std::optional<vec3> placeToStand(vec3 spot, const CharacterController&) const override { return spot; }
};

}  // namespace atrium
