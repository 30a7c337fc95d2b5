#pragma once
// PhysicsWorld: the World's RigidBody, Collider and CharacterController components mirrored
// into Bullet. No Bullet type appears here (the implementation is behind a pimpl).
//
// Typical use (an app, the editor's play mode, the netsync server):
//
//     PhysicsWorld physics(world, &assetCache);
//     every frame:  physics.update(frameSeconds);             // 0..n fixed 60 Hz steps
//                   mat4 m = physics.interpolatedMatrix(e, physics.alpha());  // for drawing
//
// What is mirrored:
// - An entity with a RigidBody is a body. Its shape is its own Collider plus the Colliders of
//   descendants that have no RigidBody of their own (a compound for hierarchies). A Collider
//   with no RigidBody on itself or an ancestor is a static body of its own.
// - Layers: Bullet filters per object, so a compound uses its first collider's layer and mask,
//   and an avatar uses the Collider on its own entity if it has one (else layer 1, mask all);
//   of that Collider only the layer and mask count, the capsule is the avatar's shape. Two
//   things collide when each one's layer is in the other's mask; the character's own sweeps
//   go by the same rule, so avatars on kAvatarLayer whose masks leave it out walk through one
//   another and still stand on, bump into and push everything else.
//   Colliders on an avatar's descendants are part of the avatar and are not simulated.
// - A CharacterController is a kinematic capsule moved by its own sweeps (walk, run, jump,
//   gravity, slopes, steps, pushing light bodies). Transform::position is the avatar's feet.
//   Set moveInput / run / jump before each step; velocity and grounded are its state. A held
//   one stays where its Transform puts it. Physics writes no venue rules (seats, triggers,
//   portals, arrival: see scene/rules/venue_rules.hpp, which asks physics through
//   PhysicsVenueSpace).
// Adding, editing and removing any of these components (or the entity) takes effect at the next
// step; dynamic bodies write position, rotation and velocities back into Transform and RigidBody.
// Setting a dynamic body's Transform or RigidBody::linearVelocity from outside teleports or
// launches it. Same scene and inputs on the same build give bit-identical results.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/core/math.hpp"
#include "atrium/scene/entity.hpp"

namespace atrium {

class World;
class AssetCache;

struct RayHit {
    Entity entity;  // the body entity (for compound shapes: the entity holding the RigidBody)
    vec3 point{0.0f};
    vec3 normal{0.0f};
    float distance = 0.0f;
};

struct SweepHit {
    Entity entity;
    vec3 position{0.0f};  // centre of the swept sphere at the moment of contact
    vec3 normal{0.0f};
    float distance = 0.0f;
};

class PhysicsWorld {
public:
    static constexpr double kStepSeconds = 1.0 / 60.0;

    // Bullet sets memory aside for this many touching pairs when the world is made (a contact
    // manifold and a collision algorithm each, about 1.1 KB), so stepping need not allocate them
    // one by one; pairs beyond it still work, allocated as they come. Bullet's 4096 suits a
    // simulated scene. A world that is only queried and moves characters touches hardly any,
    // and 4096 would cost it 4.4 MB: a process predicting for hundreds of bots holds hundreds.
    static constexpr int kDefaultContactPairs = 4096;

    // `assets` resolves ConvexHull and TriangleMesh collider meshes; without it those colliders
    // are reported in errors() and skipped. Both references must outlive the PhysicsWorld.
    explicit PhysicsWorld(World& world, AssetCache* assets = nullptr, int reservedContactPairs = kDefaultContactPairs);
    ~PhysicsWorld();
    PhysicsWorld(const PhysicsWorld&) = delete;
    PhysicsWorld& operator=(const PhysicsWorld&) = delete;

    // ---- stepping
    // Adds frame time and runs as many fixed 60 Hz steps as it covers (at most 8).
    // Returns the steps run.
    int update(double frameSeconds);
    // One step of exactly `dt` seconds: World -> Bullet, characters, Bullet, Bullet -> World.
    void step(double dt = kStepSeconds);
    // Brings Bullet up to date with the World now, without stepping. step() does this itself;
    // call it before querying a World edited since the last step (e.g. the editor snapping).
    void sync();
    // Fraction of a step left over by the last update(), for interpolation.
    float alpha() const;
    std::uint64_t stepCount() const;
    // Pairs of objects whose bounds overlap and that may collide: what each step checks in
    // detail. Two static colliders never pair; a venue's cost grows with what moves.
    std::size_t broadphasePairs() const;

    // Moves one avatar by its CharacterController input for `dt`, without stepping anything else:
    // for client-side prediction, which replays unacknowledged inputs from a server state (the
    // Transform and CharacterController::velocity/grounded are the controller's whole state).
    void stepCharacter(Entity avatar, double dt = kStepSeconds);
    // stepCharacter() without bringing Bullet up to date with the World first (a pass over every
    // body): to move many avatars in one tick, sync() once and then call this for each. Between
    // that sync and this call only avatars' Transforms and CharacterControllers may change; an
    // avatar added since does not move until the next sync.
    void stepCharacterAfterSync(Entity avatar, double dt = kStepSeconds);
    // One step like step(), except that characters do not move: each capsule stays where its
    // avatar's Transform puts it (bodies still collide with it). For an
    // app that moves every avatar itself with stepCharacter, once per input it applies (the
    // netsync server): step() would move each a second time, by whatever input it last had.
    void stepBodies(double dt = kStepSeconds);

    // ---- interpolation
    // World matrix of `e` between its pose before and after the last step (alpha 0: previous,
    // 1: current). Descendants of simulated entities follow their ancestor's interpolated pose;
    // other entities get their current world matrix.
    mat4 interpolatedMatrix(Entity e, float alpha) const;

    // ---- queries (layers: only colliders whose layer shares a bit with `mask` are considered;
    // Trigger components are the venue rules', not physics')
    std::optional<RayHit> raycast(vec3 origin, vec3 direction, float maxDistance, std::uint32_t mask = 0xffffffffu) const;
    // Every hit along the ray, nearest first, one per entity.
    std::vector<RayHit> raycastAll(vec3 origin, vec3 direction, float maxDistance, std::uint32_t mask = 0xffffffffu) const;
    std::optional<SweepHit> sphereSweep(vec3 from, vec3 to, float radius, std::uint32_t mask = 0xffffffffu) const;
    // Entities whose colliders overlap the volume, sorted by entity index.
    std::vector<Entity> overlapSphere(vec3 center, float radius, std::uint32_t mask = 0xffffffffu) const;
    std::vector<Entity> overlapBox(vec3 center, vec3 halfExtents, quat rotation = quat(1, 0, 0, 0), std::uint32_t mask = 0xffffffffu) const;

    // ---- bodies
    bool isSimulated(Entity e) const;
    // True when a dynamic body has come to rest and Bullet put it to sleep.
    bool isSleeping(Entity e) const;
    // Wakes a body (after an edit Bullet cannot see, or to make it react at once).
    void wake(Entity e);

    // Problems found while mirroring (a mesh that does not resolve, a bad mass), each naming the
    // entity. Reported once per problem and component edit; the offending collider is skipped.
    const std::vector<Error>& errors() const;

    struct Impl;  // the Bullet side; defined in src/physics only

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium
