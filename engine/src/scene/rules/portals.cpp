#include "atrium/scene/rules/portals.hpp"

#include "atrium/scene/world.hpp"

namespace atrium {

std::optional<PortalVisit> followPortals(World& world, Entity avatar, PortalTraveller& traveller) {
    if (!world.alive(avatar) || !world.has<Transform>(avatar)) return std::nullopt;
    // Half a metre above the feet: a portal standing on the floor contains it even when its
    // volume starts slightly above ground. A root avatar's feet are its Transform, as it is
    // now: its world matrix is only as new as the last updateTransforms().
    vec3 feet = world.parent(avatar).valid() ? vec3(world.worldMatrix(avatar)[3]) : world.get<Transform>(avatar)->position;
    vec3 probe = feet + vec3(0.0f, 0.5f, 0.0f);
    StableId inside;
    world.each<Portal>([&](Entity e, Portal& p) {
        if (inside.valid()) return;
        vec3 local = vec3(glm::inverse(world.worldMatrix(e)) * vec4(probe, 1.0f));
        if (glm::all(glm::lessThanEqual(glm::abs(local), p.halfExtents))) inside = world.stableId(e);
    });
    if (inside == traveller.inside) return std::nullopt;
    traveller.inside = inside;
    if (!inside.valid()) return std::nullopt;
    const Portal& portal = *world.get<Portal>(world.find(inside));
    PortalVisit visit{.portal = inside, .target = portal.target, .venue = portal.venue};
    if (!portal.venue.empty()) return visit;
    Entity target = world.find(portal.target);
    if (!target) return visit;
    world.get<Transform>(avatar)->position = vec3(world.worldMatrix(target)[3]);
    world.updateTransforms();
    // Arriving inside the target portal must not bounce the avatar straight back.
    traveller.inside = world.has<Portal>(target) ? portal.target : StableId{};
    visit.moved = true;
    return visit;
}

}  // namespace atrium
