#include "click_action.hpp"

#include "atrium/scene/show/show_data.hpp"

namespace atrium::player {

namespace {
// The seat or portal the clicked entity belongs to: itself or its nearest ancestor with one
// (a kit's seat is often a parent with the cushion and back as child meshes).
template <typename C>
Entity owning(const World& world, Entity e) {
    for (Entity at = e; at; at = world.parent(at)) {
        if (world.has<C>(at)) return at;
    }
    return kNullEntity;
}

std::string nameOf(const World& world, Entity e) {
    const Name* n = world.get<Name>(e);
    return n && !n->value.empty() ? n->value : "an unnamed one";
}

vec3 worldPosition(const World& world, Entity e) { return vec3(world.worldMatrix(e)[3]); }
}  // namespace

ClickAction clickActionFor(const World& world, Entity hit, vec3 hitPoint, StableId mySeat, vec3 feet, float walkRange) {
    if (!world.alive(hit) || owning<Avatar>(world, hit)) return {};
    if (Entity button = owning<Interactable>(world, hit)) {
        const Interactable& it = *world.get<Interactable>(button);
        return {ClickAction::Kind::Use, button, worldPosition(world, button), "use " + (it.prompt.empty() ? nameOf(world, button) : it.prompt)};
    }
    if (Entity seat = owning<Seat>(world, hit)) {
        if (mySeat.valid() && world.stableId(seat) == mySeat)
            return {ClickAction::Kind::Stand, seat, feet, "stand up from " + nameOf(world, seat)};
        return {ClickAction::Kind::Sit, seat, worldPosition(world, seat), "sit on " + nameOf(world, seat)};
    }
    if (Entity portal = owning<Portal>(world, hit)) {
        const Portal& p = *world.get<Portal>(portal);
        std::string to = !p.venue.empty() ? "venue " + p.venue : "its destination";
        return {ClickAction::Kind::Portal, portal, worldPosition(world, portal), "walk into " + nameOf(world, portal) + " to " + to};
    }
    // Floors and steps, not walls and ceilings; not across the hall.
    const float rise = hitPoint.y - feet.y;
    if (rise > -2.0f && rise < 0.6f && glm::length(vec2(hitPoint.x - feet.x, hitPoint.z - feet.z)) <= walkRange) {
        return {ClickAction::Kind::Walk, kNullEntity, hitPoint, "walk"};
    }
    return {};
}

}  // namespace atrium::player
