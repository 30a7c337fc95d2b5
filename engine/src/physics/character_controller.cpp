// The avatar character controller: a kinematic capsule moved by its own convex sweeps (Bullet's
// btKinematicCharacterController is known to jitter and tunnel). Each step: recover from
// penetration, then either (grounded) step up, slide horizontally, step down onto walkable ground,
// or (airborne) slide horizontally and fall with gravity, sliding down surfaces too steep to stand
// on. Everything is a pure function of the collision world and the inputs, so it is deterministic.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "atrium/physics/physics_world.hpp"
#include "bullet_math.hpp"
#include "physics_impl.hpp"

namespace atrium {

using namespace physics;

namespace {

// Gap kept between the capsule and what it touches, so the next sweep does not start in contact.
// The capsule spans feet + kSkin .. feet + height, so a character resting kSkin above the ground
// has its feet exactly on it.
constexpr float kSkin = 0.02f;
constexpr int kSlideIterations = 4;

// The capsule's centre for feet at `feet`.
vec3 capsuleCentre(const physics::CharacterMirror& c, vec3 feet) { return feet + vec3(0.0f, kSkin + (c.height - kSkin) * 0.5f, 0.0f); }

// Closest hit along a sweep, ignoring the character itself and surfaces it moves away from
// (which a sweep starting in contact reports at fraction 0).
struct SweepCallback : btCollisionWorld::ClosestConvexResultCallback {
    SweepCallback(const btCollisionObject* me, const btVector3& from, const btVector3& to)
        : ClosestConvexResultCallback(from, to), self(me), direction((to - from).normalized()) {}
    bool needsCollision(btBroadphaseProxy* proxy) const override {
        if (proxy->m_clientObject == self) return false;
        return ClosestConvexResultCallback::needsCollision(proxy);
    }
    btScalar addSingleResult(btCollisionWorld::LocalConvexResult& r, bool normalInWorldSpace) override {
        btVector3 n = normalInWorldSpace ? r.m_hitNormalLocal : r.m_hitCollisionObject->getWorldTransform().getBasis() * r.m_hitNormalLocal;
        if (n.dot(direction) >= 0) return 1;
        return ClosestConvexResultCallback::addSingleResult(r, normalInWorldSpace);
    }
    const btCollisionObject* self;
    btVector3 direction;
};

struct Sweep {
    bool hit = false;
    float fraction = 1.0f;
    vec3 normal{0.0f};
    vec3 point{0.0f};
    const btCollisionObject* object = nullptr;
};

// Penetration with static and kinematic geometry, summed into one push-out vector.
struct PenetrationCollector : btCollisionWorld::ContactResultCallback {
    const btCollisionObject* self = nullptr;
    btVector3 push{0, 0, 0};
    btScalar addSingleResult(btManifoldPoint& cp, const btCollisionObjectWrapper* a, int, int, const btCollisionObjectWrapper* b, int,
                             int) override {
        if (cp.getDistance() > -0.001f) return 0;
        bool selfIsA = a->getCollisionObject() == self;
        const btCollisionObject* other = selfIsA ? b->getCollisionObject() : a->getCollisionObject();
        if (!other->isStaticOrKinematicObject()) return 0;  // dynamic bodies get pushed instead
        // m_normalWorldOnB points from B towards A.
        btVector3 n = selfIsA ? cp.m_normalWorldOnB : -cp.m_normalWorldOnB;
        btVector3 d = n * -cp.getDistance();
        for (int i = 0; i < 3; ++i) {
            if (std::fabs(d[i]) > std::fabs(push[i])) push[i] = d[i];
        }
        return 0;
    }
};

}  // namespace

namespace {

struct Motor {
    PhysicsWorld::Impl& m;
    CharacterMirror& c;
    CharacterController& cc;
    float dt;
    float minWalkY;

    // The vertical speed lives in the component (CharacterController::velocity.y), so a
    // snapshot of the components is the whole controller state (netsync replays inputs from it).
    float& vy() const { return cc.velocity.y; }

    vec3 centre(vec3 feet) const { return capsuleCentre(c, feet); }
    bool walkable(vec3 n) const { return n.y >= minWalkY; }

    // Whether a downward sweep's hit is ground to stand on. The capsule's round bottom touches a
    // step's edge with a tilted normal; what counts is the surface just past the edge, found by a
    // short ray down next to the contact point, and the edge must be no higher than a step
    // (`maxEdgeY`), or the capsule would climb any box edge by edge.
    bool standable(const Sweep& hit, vec3 feet, float maxEdgeY) const {
        if (!hit.hit) return false;
        if (walkable(hit.normal)) return true;
        if (hit.point.y > maxEdgeY) return false;
        vec3 towards(hit.point.x - feet.x, 0.0f, hit.point.z - feet.z);
        if (glm::length(towards) < 1e-4f) return false;
        vec3 probe = hit.point + glm::normalize(towards) * 0.02f;
        btVector3 from = toBt(probe + vec3(0, 0.05f, 0)), to = toBt(probe - vec3(0, 0.05f, 0));
        btCollisionWorld::ClosestRayResultCallback ray(from, to);
        ray.m_collisionFilterGroup = int(c.layer);
        ray.m_collisionFilterMask = int(c.mask);
        m.dynamics.rayTest(from, to, ray);
        return ray.hasHit() && ray.m_collisionObject != c.object.get() && walkable(toGlm(ray.m_hitNormalWorld));
    }

    Sweep sweep(vec3 from, vec3 to) const {
        Sweep out;
        if (from == to) return out;
        btTransform a(btQuaternion::getIdentity(), toBt(centre(from)));
        btTransform b(btQuaternion::getIdentity(), toBt(centre(to)));
        SweepCallback cb(c.object.get(), a.getOrigin(), b.getOrigin());
        cb.m_collisionFilterGroup = int(c.layer);
        cb.m_collisionFilterMask = int(c.mask);
        m.dynamics.convexSweepTest(c.shape.get(), a, b, cb, 0);
        if (!cb.hasHit()) return out;
        out.hit = true;
        out.fraction = float(cb.m_closestHitFraction);
        out.normal = glm::normalize(toGlm(cb.m_hitNormalWorld));
        out.point = toGlm(cb.m_hitPointWorld);
        out.object = cb.m_hitCollisionObject;
        return out;
    }

    void push(const btCollisionObject* object, vec3 direction) const {
        btRigidBody* body = const_cast<btRigidBody*>(btRigidBody::upcast(object));
        if (!body || body->isStaticOrKinematicObject() || body->getInvMass() <= 0) return;
        vec3 d(direction.x, 0.0f, direction.z);
        if (glm::length(d) < 1e-5f) return;
        body->activate(true);
        body->applyCentralImpulse(toBt(glm::normalize(d) * cc.pushForce * dt));
    }

    // Moves along `move`, sliding along what it hits. With `wallsOnly`, surfaces too steep to
    // stand on act as vertical walls, so horizontal input never climbs them.
    vec3 slide(vec3 p, vec3 move, bool wallsOnly, bool pushBodies, Sweep* lastHit = nullptr) const {
        const vec3 original = move;
        for (int i = 0; i < kSlideIterations; ++i) {
            float length = glm::length(move);
            if (length < 1e-6f) break;
            Sweep hit = sweep(p, p + move);
            if (!hit.hit) {
                p += move;
                break;
            }
            if (lastHit) *lastHit = hit;
            vec3 dir = move / length;
            p += dir * std::max(0.0f, hit.fraction * length - kSkin);
            if (pushBodies) push(hit.object, dir);
            vec3 rest = move * (1.0f - hit.fraction);
            vec3 n = hit.normal;
            if (wallsOnly && !walkable(n)) {
                n.y = 0.0f;
                if (glm::length(n) < 1e-5f) break;
                n = glm::normalize(n);
            }
            move = rest - n * glm::dot(rest, n);
            if (glm::dot(move, original) <= 0.0f) break;  // never slide back against the input
        }
        return p;
    }

    // Moves down up to `distance`; returns the hit if it found ground.
    Sweep down(vec3& p, float distance) const {
        Sweep hit = sweep(p, p - vec3(0.0f, distance, 0.0f));
        if (hit.hit) p.y -= std::max(0.0f, hit.fraction * distance - kSkin);
        return hit;
    }

    void recoverFromPenetration(vec3& feet) const {
        for (int i = 0; i < 4; ++i) {
            c.object->setWorldTransform(btTransform(btQuaternion::getIdentity(), toBt(centre(feet))));
            PenetrationCollector pc;
            pc.self = c.object.get();
            pc.m_collisionFilterGroup = int(c.layer);
            pc.m_collisionFilterMask = int(c.mask);
            m.dynamics.contactTest(c.object.get(), pc);
            if (pc.push.length2() < 1e-8f) break;
            feet += toGlm(pc.push);
        }
    }

    void run(vec3& feet) {
        recoverFromPenetration(feet);
        vec3 input(cc.moveInput.x, 0.0f, cc.moveInput.z);
        if (!std::isfinite(input.x) || !std::isfinite(input.z)) input = vec3(0.0f);  // bad input from a client
        if (glm::length(input) > 1.0f) input = glm::normalize(input);
        const vec3 horizontal = input * (cc.run ? cc.runSpeed : cc.walkSpeed) * dt;
        const float gravity = std::max(0.0f, -m.world.settings.gravity.y);
        const float stepHeight = std::max(0.0f, cc.stepHeight);

        if (cc.grounded && cc.jump) {
            vy() = cc.jumpSpeed;
            cc.grounded = false;
        }
        if (cc.grounded) {
            walk(feet, horizontal, stepHeight);
        } else {
            fall(feet, horizontal, gravity);
        }
        cc.velocity.x = horizontal.x / dt;
        cc.velocity.z = horizontal.z / dt;
    }

    void walk(vec3& feet, vec3 horizontal, float stepHeight) {
        // Attempt with a step up: lift, move, settle. Accepted if it ends on walkable ground.
        vec3 p = feet;
        Sweep ceiling = sweep(p, p + vec3(0.0f, stepHeight, 0.0f));
        float lift = ceiling.hit ? std::max(0.0f, ceiling.fraction * stepHeight - kSkin) : stepHeight;
        p.y += lift;
        p = slide(p, horizontal, true, true);
        Sweep ground = down(p, lift + stepHeight);
        // Sliding over an edge can ride the capsule's round bottom higher than a step: not a step.
        const float highest = feet.y + stepHeight + 1e-3f;
        if (standable(ground, p, highest) && p.y <= highest) {
            feet = p;
            vy() = 0.0f;
            return;
        }
        if (!ground.hit) {
            // Walked off an edge: keep the height it had and start falling.
            feet = p + vec3(0.0f, lift + stepHeight, 0.0f) - vec3(0.0f, lift, 0.0f);
            cc.grounded = false;
            vy() = 0.0f;
            return;
        }
        // The step up led onto a steep surface: move without stepping instead.
        p = slide(feet, horizontal, true, true);
        ground = down(p, stepHeight);
        if (p.y > highest) return;  // blocked
        feet = p;
        cc.grounded = standable(ground, p, highest);
        vy() = 0.0f;
    }

    void fall(vec3& feet, vec3 horizontal, float gravity) {
        vy() -= gravity * dt;
        vec3 p = slide(feet, horizontal, true, true);
        float dy = vy() * dt;
        if (dy > 0.0f) {
            Sweep ceiling = sweep(p, p + vec3(0.0f, dy, 0.0f));
            if (ceiling.hit) {
                p.y += std::max(0.0f, ceiling.fraction * dy - kSkin);
                vy() = 0.0f;
            } else {
                p.y += dy;
            }
            feet = p;
            return;
        }
        // Falling: land on walkable ground, or slide down along a steep surface.
        Sweep hit;
        vec3 landed = slide(p, vec3(0.0f, dy, 0.0f), false, false, &hit);
        const float highest = feet.y + std::max(0.0f, cc.stepHeight);
        if (standable(hit, landed, highest)) {
            Sweep ground = sweep(landed, landed - vec3(0.0f, 2.0f * kSkin, 0.0f));
            if (standable(ground, landed, highest)) {
                cc.grounded = true;
                vy() = 0.0f;
            }
        }
        feet = landed;
    }
};

}  // namespace

namespace {
// An avatar's collision layer and mask: its own Collider's, or layer 1 colliding with all.
std::pair<std::uint32_t, std::uint32_t> characterFilter(const World& world, Entity avatar) {
    const Collider* col = world.get<Collider>(avatar);
    return col ? std::pair{col->layer, col->mask} : std::pair{1u, 0xffffffffu};
}
}  // namespace

void PhysicsWorld::Impl::destroyCharacter(CharacterMirror& c) {
    if (c.object) dynamics.removeCollisionObject(c.object.get());
    c.object.reset();
    c.shape.reset();
}

void PhysicsWorld::Impl::buildCharacter(CharacterMirror& c, const CharacterController& cc) {
    destroyCharacter(c);
    c.radius = cc.radius;
    c.height = cc.height;
    if (!(cc.radius > 0.0f) || !(cc.height - kSkin >= 2.0f * cc.radius)) {
        report(describe(c.entity) + ": characterController: needs radius > 0 and height >= 2 * radius");
        return;
    }
    c.shape = std::make_unique<btCapsuleShape>(cc.radius, cc.height - kSkin - 2.0f * cc.radius);
    c.object = std::make_unique<btCollisionObject>();
    c.object->setCollisionShape(c.shape.get());
    c.object->setCollisionFlags(btCollisionObject::CF_KINEMATIC_OBJECT);
    c.object->setActivationState(DISABLE_DEACTIVATION);
    c.object->setUserIndex(int(c.entity.index));
    c.object->setUserIndex2(int(c.entity.generation));
    c.object->setUserIndex3(int(ObjectKind::Character));
    std::tie(c.layer, c.mask) = characterFilter(world, c.entity);
    Pose pose = worldPose(c.entity);
    c.previous = c.current = pose;
    c.object->setWorldTransform(btTransform(btQuaternion::getIdentity(), toBt(capsuleCentre(c, pose.position))));
    dynamics.addCollisionObject(c.object.get(), int(c.layer), int(c.mask));
}

bool PhysicsWorld::Impl::readyCharacter(CharacterMirror& c, const CharacterController& cc) {
    if (!c.object || cc.radius != c.radius || cc.height != c.height) buildCharacter(c, cc);
    if (!c.object) return false;
    // The Collider that gives the layer and mask can be added, edited or removed after the
    // capsule was built. Bullet keeps the filter a proxy was added with (and the pairs it let
    // through), so a change re-adds the capsule.
    const auto [layer, mask] = characterFilter(world, c.entity);
    if (layer != c.layer || mask != c.mask) {
        c.layer = layer;
        c.mask = mask;
        dynamics.removeCollisionObject(c.object.get());
        dynamics.addCollisionObject(c.object.get(), int(layer), int(mask));
    }
    return true;
}

void PhysicsWorld::Impl::syncCharacters(float dt) {
    for (auto& c : characters) moveOneCharacter(*c, dt);
}

void PhysicsWorld::Impl::moveOneCharacter(CharacterMirror& c, float dt) {
    CharacterController& cc = *world.get<CharacterController>(c.entity);
    if (!readyCharacter(c, cc)) return;
    Pose pose = worldPose(c.entity);
    if (!std::isfinite(pose.position.x) || !std::isfinite(pose.position.y) || !std::isfinite(pose.position.z)) {
        report(describe(c.entity) + ": transform.position must be finite; the avatar is put back");
        pose.position = c.current.position;
    }
    if (!std::isfinite(cc.velocity.y)) cc.velocity.y = 0.0f;
    vec3 feet = pose.position;
    if (cc.held) {
        // Held (a seated avatar): the capsule stays where the Transform puts it.
        cc.velocity = vec3(0.0f);
        cc.grounded = true;
    } else {
        Motor motor{*this, c, cc, dt, std::cos(glm::radians(std::clamp(cc.maxSlopeDegrees, 0.0f, 89.9f))) - 1e-4f};
        motor.run(feet);
    }
    pose.position = feet;
    setWorldPose(c.entity, pose);
    c.current = Pose{feet, pose.rotation};
    c.object->setWorldTransform(btTransform(btQuaternion::getIdentity(), toBt(capsuleCentre(c, feet))));
    dynamics.updateSingleAabb(c.object.get());
}

void PhysicsWorld::Impl::placeCharacter(CharacterMirror& c) {
    const CharacterController& cc = *world.get<CharacterController>(c.entity);
    if (!readyCharacter(c, cc)) return;
    Pose pose = worldPose(c.entity);
    if (!std::isfinite(pose.position.x) || !std::isfinite(pose.position.y) || !std::isfinite(pose.position.z)) return;
    c.current = pose;
    c.object->setWorldTransform(btTransform(btQuaternion::getIdentity(), toBt(capsuleCentre(c, pose.position))));
    dynamics.updateSingleAabb(c.object.get());
}

void PhysicsWorld::stepCharacter(Entity avatar, double dt) {
    if (!(dt > 0.0) || !std::isfinite(dt)) {
        impl_->report("stepCharacter: dt must be a positive number of seconds; step skipped");
        return;
    }
    impl_->syncFromWorld();
    stepCharacterAfterSync(avatar, dt);
}

void PhysicsWorld::stepCharacterAfterSync(Entity avatar, double dt) {
    Impl& m = *impl_;
    if (!(dt > 0.0) || !std::isfinite(dt)) {
        m.report("stepCharacterAfterSync: dt must be a positive number of seconds; step skipped");
        return;
    }
    // Mirrored at the last sync, but possibly destroyed since.
    if (!m.world.alive(avatar) || !m.world.has<CharacterController>(avatar)) return;
    if (avatar.index >= m.characterByIndex.size() || m.characterByIndex[avatar.index] < 0) return;
    CharacterMirror& c = *m.characters[std::size_t(m.characterByIndex[avatar.index])];
    if (c.entity == avatar) m.moveOneCharacter(c, float(dt));
}

}  // namespace atrium
