#pragma once
// PhysicsWorld's private state, shared by the files that implement it (mirroring, characters).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <btBulletDynamicsCommon.h>

#include "atrium/core/time.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/scene/world.hpp"
#include "bullet_math.hpp"
#include "shape_factory.hpp"

namespace atrium::physics {

// Tag stored in btCollisionObject::m_userIndex3 so queries know what they hit.
enum class ObjectKind : int { Body = 1, Character = 2 };

// A collider as mirrored: which entity holds it, a copy of its parameters and, for colliders on
// descendants, the local transforms of the path down to it (to see a moved child).
struct MirroredCollider {
    Entity entity;
    Collider params;
    std::vector<std::pair<Entity, Transform>> path;  // local transforms from below the body down to `entity`
};

struct BodyMirror {
    Entity entity;
    bool hasRigidBody = false;  // false: a static collider with no RigidBody
    bool parented = false;      // has a parent (hierarchy changes cause a rescan, which refreshes this)
    RigidBody params;           // mirrored RigidBody (type, material, damping, sleeping)
    std::vector<MirroredCollider> colliders;
    vec3 scale{1.0f};     // world scale the shapes were built with
    Transform lastLocal;  // the Transform as last read or written, to spot outside edits
    vec3 lastLinearVelocity{0.0f};
    vec3 lastAngularVelocity{0.0f};
    bool touched = false;  // scratch for rescans
    ShapeSet shapes;
    std::unique_ptr<btRigidBody> body;
    Pose previous, current;
};

struct CharacterMirror {
    Entity entity;
    float radius = 0.0f, height = 0.0f;
    std::unique_ptr<btCapsuleShape> shape;  // from feet + skin to head; in the world and used for sweeps
    std::unique_ptr<btCollisionObject> object;
    std::uint32_t layer = 1, mask = 0xffffffffu;
    bool touched = false;
    Pose previous, current;
};

}  // namespace atrium::physics

namespace atrium {

struct PhysicsWorld::Impl {
    Impl(World& w, AssetCache* assets, int reservedContactPairs);
    ~Impl();

    // mirroring (physics_world.cpp)
    void syncFromWorld();
    void rescan();
    void syncBody(physics::BodyMirror& b, ComponentPool<RigidBody>* rigidBodies, ComponentPool<Collider>& colliderPool,
                  ComponentPool<Transform>& transforms);
    void buildBody(physics::BodyMirror& b);
    void destroyBody(physics::BodyMirror& b);
    void writeBack();
    std::vector<physics::MirroredCollider> gatherColliders(Entity body) const;
    physics::Pose worldPose(Entity e, vec3* scale = nullptr) const;
    void setWorldPose(Entity e, const physics::Pose& pose);
    std::string describe(Entity e) const;
    // The interpolated pose of a simulated entity, or nullptr if `e` is not simulated.
    bool interpolatedPose(Entity e, float alpha, physics::Pose& out) const;
    void report(std::string message);
    // step() and stepBodies(): one step of `dt`, moving the characters by their input or not.
    void advance(double dt, bool moveCharacters);

    // characters (character_controller.cpp)
    void syncCharacters(float dt);
    void moveOneCharacter(physics::CharacterMirror& c, float dt);
    // Puts the capsule where the avatar's Transform is, without moving the avatar.
    void placeCharacter(physics::CharacterMirror& c);
    void buildCharacter(physics::CharacterMirror& c, const CharacterController& cc);
    // Builds the capsule if it is missing or its size changed, and takes up a changed layer or
    // mask. False when the controller is invalid (no capsule).
    bool readyCharacter(physics::CharacterMirror& c, const CharacterController& cc);
    void moveCharacter(physics::CharacterMirror& c, CharacterController& cc, float dt);
    void destroyCharacter(physics::CharacterMirror& c);

    World& world;
    physics::ShapeFactory shapes;
    btDefaultCollisionConfiguration config;  // made with Impl's reservedContactPairs
    btCollisionDispatcher dispatcher{&config};
    btDbvtBroadphase broadphase;
    // Bullet's own filter keeps static objects from pairing with each other, but only for the
    // groups it picks itself; with layers and masks of the venue's, every two static colliders
    // whose bounds touch made a pair (7,611 in the concert hall) kept and walked every step.
    struct LayerFilter : btOverlapFilterCallback {
        bool needBroadphaseCollision(btBroadphaseProxy* a, btBroadphaseProxy* b) const override;
    } layerFilter;
    btSequentialImpulseConstraintSolver solver;
    btDiscreteDynamicsWorld dynamics{&dispatcher, &broadphase, &solver, &config};

    std::vector<std::unique_ptr<physics::BodyMirror>> bodies;  // creation order: keeps Bullet deterministic
    std::vector<std::int32_t> bodyByIndex;                     // entity index -> bodies slot, -1 none
    std::vector<std::unique_ptr<physics::CharacterMirror>> characters;
    std::vector<std::int32_t> characterByIndex;

    vec3 gravity{0.0f};  // as last given to Bullet (setGravity touches every body: only on change)
    std::uint64_t seenVersions[4] = {~0ull, ~0ull, ~0ull, ~0ull};
    FixedStepAccumulator accumulator;
    std::uint64_t steps = 0;
    std::vector<Error> errors;
    std::vector<std::string> reported;  // messages already logged, so an error is not repeated each step
};

}  // namespace atrium
