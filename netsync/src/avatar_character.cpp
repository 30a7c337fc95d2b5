#include "avatar_character.hpp"

#include <algorithm>

namespace atrium::net {

void addAvatarCharacter(World& world, Entity avatar, const CharacterController& controller) {
    world.add<CharacterController>(avatar, controller);
    // Physics takes only the layer and mask from an avatar's Collider (the controller's capsule
    // is its shape); the shape is written as that capsule so that whatever draws or exports
    // colliders shows what collides, not a default box.
    world.add<Collider>(avatar, Collider{.shape = Collider::Shape::Capsule,
                                         .radius = controller.radius,
                                         .height = controller.height - 2.0f * controller.radius,
                                         .offset = vec3(0.0f, controller.height * 0.5f, 0.0f),
                                         .layer = kAvatarLayer,
                                         .mask = ~kAvatarLayer});
}

vec3 passPortals(World& world, Entity avatar, vec3 from, vec3 feet, PortalTraveller& traveller, const PositionQuantizer& quantizer,
                 std::string* otherVenue) {
    const auto* portals = world.findPool<Portal>();
    Transform* t = world.get<Transform>(avatar);
    if (!portals || portals->size() == 0 || !t || feet == from) return feet;
    t->position = feet;
    std::optional<PortalVisit> visit = followPortals(world, avatar, traveller);
    if (visit && otherVenue) *otherVenue = visit->venue;
    if (!visit || !visit->moved) return feet;
    t->position = quantizer.snap(t->position);
    return t->position;
}

#ifdef ATRIUM_NET_HAS_PHYSICS
namespace {
constexpr std::uint16_t kStillCheckInputs = 8;
}  // namespace

vec3 stepAvatarCharacter(PhysicsWorld& physics, World& world, Entity avatar, vec3 from, const AvatarInput& input, float dt,
                         const PositionQuantizer& quantizer) {
    Transform* t = world.get<Transform>(avatar);
    CharacterController* cc = world.get<CharacterController>(avatar);
    if (!t || !cc) return from;
    t->position = from;
    cc->moveInput = vec3(input.move.x, 0.0f, input.move.y);
    cc->run = input.run;
    cc->jump = input.jump;
    // Someone standing still on the ground stays where they are: most of a crowd, most of the
    // time, and the sweeps are the server's largest cost per avatar. Every kStillCheckInputs-th
    // input still steps, so a floor taken away or a wall moved into them is noticed within
    // 0.13 s. Chosen by input sequence, the server and a replaying client skip the same steps.
    bool still = input.move == vec2(0.0f) && !input.jump && cc->grounded && cc->velocity == vec3(0.0f);
    if (still && input.sequence % kStillCheckInputs != 0) return from;
    physics.stepCharacterAfterSync(avatar, dt);
    // Snapshots cannot say where an avatar is outside the bounds (the quantiser clamps), so
    // it does not go there: beyond them, prediction and server would disagree every snapshot.
    const Aabb& bounds = quantizer.bounds;
    t->position.x = std::min(std::max(t->position.x, bounds.min.x), bounds.max.x);
    t->position.z = std::min(std::max(t->position.z, bounds.min.z), bounds.max.z);
    // Below the bounds it is falling out of the venue (the server respawns it): not clamped.
    if (t->position.y >= bounds.min.y) t->position = quantizer.snap(t->position);
    return t->position;
}
#endif

}  // namespace atrium::net
