#include "atrium/physics/standing_spot.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/physics/physics_world.hpp"

namespace atrium {

namespace {
constexpr float kPi = glm::pi<float>();
}  // namespace

std::vector<Entity> standingOverlaps(const PhysicsWorld& physics, vec3 feet, const CharacterController& size, std::uint32_t mask) {
    float bottom = std::min(size.stepHeight, size.height * 0.5f);
    float half = (size.height - bottom) * 0.5f;
    return physics.overlapBox(feet + vec3(0.0f, bottom + half, 0.0f), vec3(size.radius, half, size.radius), quat(1, 0, 0, 0), mask);
}

std::optional<vec3> findStandingSpot(const PhysicsWorld& physics, vec3 feet, float searchRadius, const CharacterController& size,
                                     std::uint32_t mask) {
    if (standingOverlaps(physics, feet, size, mask).empty()) return feet;
    constexpr float kRing = 0.5f;
    for (int ring = 1; float(ring) * kRing <= searchRadius; ++ring) {
        float r = float(ring) * kRing;
        int steps = std::max(8, int(std::ceil(2.0f * kPi * r / kRing)));
        for (int i = 0; i < steps; ++i) {
            float a = 2.0f * kPi * float(i) / float(steps);
            vec3 spot = feet + vec3(std::cos(a) * r, 0.0f, std::sin(a) * r);
            // The ground there, within a step of the spawn's height: not a balcony above it.
            auto ground = physics.raycast(spot + vec3(0.0f, size.stepHeight, 0.0f), vec3(0.0f, -1.0f, 0.0f), 2.0f * size.stepHeight, mask);
            if (!ground) continue;
            spot.y = ground->point.y;
            if (standingOverlaps(physics, spot, size, mask).empty()) return spot;
        }
    }
    return std::nullopt;
}

std::vector<Entity> PhysicsVenueSpace::inside(vec3 feet, const CharacterController& size) const {
    return standingOverlaps(physics_, feet, size);
}

std::optional<vec3> PhysicsVenueSpace::roomNear(vec3 feet, float searchRadius, const CharacterController& size) const {
    return findStandingSpot(physics_, feet, searchRadius, size);
}

std::optional<vec3> PhysicsVenueSpace::placeToStand(vec3 spot, const CharacterController& size) const {
    vec3 feet = spot;
    if (auto ground = physics_.raycast(spot + vec3(0.0f, 1.0f, 0.0f), vec3(0.0f, -1.0f, 0.0f), 3.0f, ~kAvatarLayer)) {
        if (ground->normal.y < 0.5f) return std::nullopt;  // too steep to stand on
        feet = ground->point;
    }
    if (!standingOverlaps(physics_, feet, size).empty()) return std::nullopt;
    return feet;
}

}  // namespace atrium
