#include "atrium/scene/rules/arrival.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "atrium/scene/world.hpp"

namespace atrium {

namespace {

// The first spawn point of the default group, else the first of any.
Entity chooseSpawnPoint(const World& world) {
    const auto* spawns = world.findPool<SpawnPoint>();
    if (!spawns || spawns->size() == 0) return kNullEntity;
    for (std::size_t i = 0; i < spawns->size(); ++i) {
        if (spawns->components()[i].group.empty()) return spawns->entities()[i];
    }
    return spawns->entities()[0];
}

}  // namespace

ArrivalArea arrivalArea(const World& world, const VenueSpace& space) {
    ArrivalArea area;
    Entity spawn = chooseSpawnPoint(world);
    if (!spawn) return area;
    area.spawnPoint = world.stableId(spawn);
    area.centre = vec3(world.worldMatrix(spawn)[3]);
    area.radius = std::max(0.5f, world.get<SpawnPoint>(spawn)->radius);
    const Name* name = world.get<Name>(spawn);
    area.name = "spawn point \"" + (name ? name->value : std::string("?")) + "\"";
    std::vector<Entity> inside = space.inside(area.centre, CharacterController{});
    if (inside.empty()) return area;
    std::optional<vec3> free = space.roomNear(area.centre, kArrivalSearchMeters, CharacterController{});
    char where[96];
    if (free) {
        std::snprintf(where, sizeof where, "%.1f m away, at (%.2f, %.2f, %.2f)", glm::length(*free - area.centre), free->x, free->y, free->z);
    }
    area.warning = area.name + " is inside " + describeOverlaps(world, inside) + ": avatars arrive " +
                   (free ? std::string("at the nearest spot with room, ") + where
                         : "there anyway (no room within " + std::to_string(int(kArrivalSearchMeters)) + " m)") +
                   "; move the spawn point in the editor";
    if (free) area.centre = *free;
    return area;
}

vec3 arrivalSpot(const ArrivalArea& area, std::uint32_t n, const VenueSpace& space) {
    // The golden angle between neighbours and a radius growing with the square root of the
    // count fill the disc evenly; after 97 arrivals the spiral starts again at the centre.
    float a = float(n) * 2.39996f, r = area.radius * std::sqrt(float(n % 97) / 97.0f);
    vec3 spot = area.centre + vec3(std::cos(a) * r, 0.0f, std::sin(a) * r);
    return space.roomNear(spot, area.radius + 1.0f, CharacterController{}).value_or(area.centre);
}

std::string describeOverlaps(const World& world, const std::vector<Entity>& inside) {
    std::string what;
    for (std::size_t i = 0; i < inside.size() && i < 2; ++i) {
        const Name* n = world.get<Name>(inside[i]);
        const Name* parent = world.get<Name>(world.parent(inside[i]));
        what += std::string(i ? ", " : "") + "\"" + (n ? n->value : "?") + "\"" + (parent ? " (in \"" + parent->value + "\")" : "");
    }
    if (inside.size() > 2) what += " and " + std::to_string(inside.size() - 2) + " more";
    return what;
}

}  // namespace atrium
