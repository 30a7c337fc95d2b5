#include "avatar_character.hpp"

#include <algorithm>

namespace atrium::net {

#ifdef ATRIUM_NET_HAS_PHYSICS
vec3 stepAvatarCharacter(PhysicsWorld& physics, World& world, Entity avatar, vec3 from, const AvatarInput& input, float dt,
                         const Aabb& bounds) {
    Transform* t = world.get<Transform>(avatar);
    CharacterController* cc = world.get<CharacterController>(avatar);
    if (!t || !cc) return from;
    t->position = from;
    cc->moveInput = vec3(input.move.x, 0.0f, input.move.y);
    cc->run = input.run;
    cc->jump = input.jump;
    physics.stepCharacterAfterSync(avatar, dt);
    // Snapshots cannot say where an avatar is outside the bounds (the quantiser clamps), so
    // it does not go there: beyond them, prediction and server would disagree every snapshot.
    t->position.x = std::min(std::max(t->position.x, bounds.min.x), bounds.max.x);
    t->position.z = std::min(std::max(t->position.z, bounds.min.z), bounds.max.z);
    return t->position;
}
#endif

}  // namespace atrium::net
