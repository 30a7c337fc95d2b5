#pragma once
// Scene builders shared by the physics tests.
#include <glm/gtc/quaternion.hpp>

#include "atrium/physics/physics_world.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::test {

inline Entity addStaticBox(World& w, vec3 centre, vec3 halfExtents, quat rotation = quat(1, 0, 0, 0), const char* name = "static box") {
    Entity e = w.create(name);
    w.get<Transform>(e)->position = centre;
    w.get<Transform>(e)->rotation = rotation;
    w.add<Collider>(e, Collider{.shape = Collider::Shape::Box, .halfExtents = halfExtents});
    return e;
}

// A 40 x 40 m floor whose top is at y = 0.
inline Entity addFloor(World& w) { return addStaticBox(w, vec3(0, -0.5f, 0), vec3(20, 0.5f, 20), quat(1, 0, 0, 0), "floor"); }

inline Entity addDynamic(World& w, vec3 position, Collider collider, float mass = 1.0f, const char* name = "body") {
    Entity e = w.create(name);
    w.get<Transform>(e)->position = position;
    w.add<RigidBody>(e, RigidBody{.type = RigidBody::Type::Dynamic, .mass = mass});
    w.add<Collider>(e, std::move(collider));
    return e;
}

inline Entity addBox(World& w, vec3 position, vec3 halfExtents = vec3(0.5f), float mass = 1.0f) {
    return addDynamic(w, position, Collider{.shape = Collider::Shape::Box, .halfExtents = halfExtents}, mass, "box");
}

inline Entity addAvatar(World& w, vec3 feet, const char* name = "avatar") {
    Entity e = w.create(name);
    w.get<Transform>(e)->position = feet;
    w.add<CharacterController>(e);
    w.add<Avatar>(e, Avatar{.displayName = name});
    return e;
}

inline void run(PhysicsWorld& p, int steps) {
    for (int i = 0; i < steps; ++i) p.step();
}

inline vec3 positionOf(World& w, Entity e) { return w.get<Transform>(e)->position; }

}  // namespace atrium::test
