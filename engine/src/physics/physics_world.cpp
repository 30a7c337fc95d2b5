// PhysicsWorld: mirroring World components into Bullet, stepping, writing back, and queries.
// The character controller is in character_controller.cpp.
#include "atrium/physics/physics_world.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

#include "atrium/core/log.hpp"
#include "bullet_math.hpp"
#include "physics_impl.hpp"

namespace atrium {

using namespace physics;

namespace {

bool sameCollider(const Collider& a, const Collider& b) {
    return a.shape == b.shape && a.halfExtents == b.halfExtents && a.radius == b.radius && a.height == b.height && a.mesh == b.mesh &&
           a.offset == b.offset && a.layer == b.layer && a.mask == b.mask;
}

bool sameTransform(const Transform& a, const Transform& b) { return a.position == b.position && a.rotation == b.rotation && a.scale == b.scale; }

bool sameMaterial(const RigidBody& a, const RigidBody& b) {
    return a.mass == b.mass && a.friction == b.friction && a.restitution == b.restitution && a.linearDamping == b.linearDamping &&
           a.angularDamping == b.angularDamping && a.allowSleep == b.allowSleep;
}

bool allFinite(vec3 v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }
bool finitePose(const Pose& p) {
    return allFinite(p.position) && std::isfinite(p.rotation.w) && allFinite(vec3(p.rotation.x, p.rotation.y, p.rotation.z)) &&
           glm::length(p.rotation) > 1e-6f;
}

Entity entityOf(const btCollisionObject* o) { return Entity{std::uint32_t(o->getUserIndex()), std::uint32_t(o->getUserIndex2())}; }

int filterBits(std::uint32_t bits) { return static_cast<int>(bits); }

// Collects the entities a test object touches (overlap queries).
struct OverlapCollector : btCollisionWorld::ContactResultCallback {
    const btCollisionObject* self = nullptr;
    std::vector<Entity> hits;
    btScalar addSingleResult(btManifoldPoint& cp, const btCollisionObjectWrapper* a, int, int, const btCollisionObjectWrapper* b, int,
                             int) override {
        if (cp.getDistance() > 0) return 0;
        const btCollisionObject* other = a->getCollisionObject() == self ? b->getCollisionObject() : a->getCollisionObject();
        hits.push_back(entityOf(other));
        return 0;
    }
};

void sortUnique(std::vector<Entity>& v) {
    std::sort(v.begin(), v.end(), [](Entity a, Entity b) { return a.index != b.index ? a.index < b.index : a.generation < b.generation; });
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

namespace {

btDefaultCollisionConstructionInfo collisionPools(int reservedContactPairs) {
    // btPoolAllocator builds its free list with `while (--count)`: an empty pool would run off.
    btDefaultCollisionConstructionInfo info;
    info.m_defaultMaxPersistentManifoldPoolSize = std::max(1, reservedContactPairs);
    info.m_defaultMaxCollisionAlgorithmPoolSize = std::max(1, reservedContactPairs);
    return info;
}

}  // namespace

bool PhysicsWorld::Impl::LayerFilter::needBroadphaseCollision(btBroadphaseProxy* a, btBroadphaseProxy* b) const {
    if (!(a->m_collisionFilterGroup & b->m_collisionFilterMask) || !(b->m_collisionFilterGroup & a->m_collisionFilterMask)) return false;
    // Two static objects never move into each other (a body that stops being static is rebuilt,
    // and so paired anew).
    const auto* x = static_cast<const btCollisionObject*>(a->m_clientObject);
    const auto* y = static_cast<const btCollisionObject*>(b->m_clientObject);
    return !(x && y && x->isStaticObject() && y->isStaticObject());
}

PhysicsWorld::Impl::Impl(World& w, AssetCache* assets, int reservedContactPairs)
    : world(w), shapes(assets), config(collisionPools(reservedContactPairs)) {
    dynamics.getPairCache()->setOverlapFilterCallback(&layerFilter);
    gravity = world.settings.gravity;
    dynamics.setGravity(toBt(gravity));
}

PhysicsWorld::Impl::~Impl() {
    for (auto& c : characters) destroyCharacter(*c);
    for (auto& b : bodies) destroyBody(*b);
}

std::string PhysicsWorld::Impl::describe(Entity e) const {
    std::string out = "entity " + toHex(world.stableId(e));
    if (const Name* n = world.get<Name>(e)) out += " \"" + n->value + "\"";
    return out;
}

void PhysicsWorld::Impl::report(std::string message) {
    if (std::find(reported.begin(), reported.end(), message) != reported.end()) return;
    logWarn("physics", message);
    reported.push_back(message);
    errors.push_back(Error{std::move(message)});
}

Pose PhysicsWorld::Impl::worldPose(Entity e, vec3* scale) const {
    if (!world.parent(e)) {
        const Transform& t = *world.get<Transform>(e);
        if (scale) *scale = t.scale;
        return Pose{t.position, t.rotation};
    }
    return decompose(world.computeWorldMatrix(e), scale);
}

void PhysicsWorld::Impl::setWorldPose(Entity e, const Pose& pose) {
    Transform& t = *world.get<Transform>(e);
    Entity p = world.parent(e);
    if (!p) {
        t.position = pose.position;
        t.rotation = pose.rotation;
        return;
    }
    mat4 parentInverse = glm::inverse(world.computeWorldMatrix(p));
    mat4 local = parentInverse * glm::translate(mat4(1.0f), pose.position) * glm::mat4_cast(pose.rotation);
    Pose l = decompose(local, nullptr);
    t.position = l.position;
    t.rotation = l.rotation;
}

// ---------------------------------------------------------------------------------- mirroring

std::vector<MirroredCollider> PhysicsWorld::Impl::gatherColliders(Entity body) const {
    std::vector<MirroredCollider> out;
    if (const Collider* c = world.get<Collider>(body)) out.push_back(MirroredCollider{body, *c, {}});
    // Descendants without a RigidBody (or a character) of their own add their colliders to this body.
    struct Frame {
        Entity e;
        std::vector<std::pair<Entity, Transform>> path;
    };
    std::vector<Frame> stack;
    for (Entity child : world.children(body)) stack.push_back(Frame{child, {}});
    std::reverse(stack.begin(), stack.end());
    while (!stack.empty()) {
        Frame f = std::move(stack.back());
        stack.pop_back();
        if (world.has<RigidBody>(f.e) || world.has<CharacterController>(f.e)) continue;
        f.path.emplace_back(f.e, *world.get<Transform>(f.e));
        if (const Collider* c = world.get<Collider>(f.e)) out.push_back(MirroredCollider{f.e, *c, f.path});
        auto kids = world.children(f.e);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(Frame{*it, f.path});
    }
    return out;
}

void PhysicsWorld::Impl::destroyBody(BodyMirror& b) {
    if (b.body) {
        dynamics.removeRigidBody(b.body.get());
        b.body.reset();
    }
    b.shapes = ShapeSet{};
}

void PhysicsWorld::Impl::buildBody(BodyMirror& b) {
    destroyBody(b);
    const Transform& t = *world.get<Transform>(b.entity);
    b.lastLocal = t;
    Pose pose = worldPose(b.entity, &b.scale);
    b.previous = b.current = pose;
    if (b.colliders.empty()) return;  // a RigidBody without any collider has nothing to simulate
    if (!finitePose(pose) || !allFinite(b.scale)) {
        report(describe(b.entity) + ": transform: position, rotation and scale must be finite numbers");
        return;
    }

    const bool dynamic = b.hasRigidBody && b.params.type == RigidBody::Type::Dynamic;
    std::vector<ColliderPart> parts;
    for (const MirroredCollider& mc : b.colliders) {
        mat4 m(1.0f);
        for (const auto& [e, local] : mc.path) m = m * local.matrix();
        m = glm::scale(mat4(1.0f), b.scale) * m;
        vec3 partScale;
        Pose p = decompose(m, &partScale);
        parts.push_back(ColliderPart{&mc.params, p.position, p.rotation, partScale});
    }
    b.shapes = shapes.build(parts, dynamic, describe(b.entity), errors);
    if (!b.shapes.root) return;

    btScalar mass = 0;
    btVector3 inertia(0, 0, 0);
    if (dynamic) {
        mass = b.params.mass;
        if (!(mass > 0) || !std::isfinite(mass)) {
            report(describe(b.entity) + ": rigidBody.mass: a dynamic body needs a mass > 0; using 1 kg");
            mass = 1;
        }
        b.shapes.root->calculateLocalInertia(mass, inertia);
    }
    btRigidBody::btRigidBodyConstructionInfo info(mass, nullptr, b.shapes.root, inertia);
    info.m_startWorldTransform = toBt(pose.position, pose.rotation);
    info.m_friction = b.params.friction;
    info.m_restitution = b.params.restitution;
    info.m_linearDamping = std::clamp(b.params.linearDamping, 0.0f, 1.0f);
    info.m_angularDamping = std::clamp(b.params.angularDamping, 0.0f, 1.0f);
    b.body = std::make_unique<btRigidBody>(info);
    btRigidBody& rb = *b.body;
    rb.setUserIndex(int(b.entity.index));
    rb.setUserIndex2(int(b.entity.generation));
    rb.setUserIndex3(int(ObjectKind::Body));
    if (b.hasRigidBody && b.params.type == RigidBody::Type::Kinematic) {
        rb.setCollisionFlags(rb.getCollisionFlags() | btCollisionObject::CF_KINEMATIC_OBJECT);
        rb.setActivationState(DISABLE_DEACTIVATION);
    }
    if (dynamic) {
        if (!b.params.allowSleep) rb.setActivationState(DISABLE_DEACTIVATION);
        rb.setLinearVelocity(toBt(b.params.linearVelocity));
        rb.setAngularVelocity(toBt(b.params.angularVelocity));
    }
    b.lastLinearVelocity = b.params.linearVelocity;
    b.lastAngularVelocity = b.params.angularVelocity;
    // A compound takes the layer and mask of its first collider: Bullet filters per object.
    const Collider& first = b.colliders.front().params;
    dynamics.addRigidBody(b.body.get(), filterBits(first.layer), filterBits(first.mask));
}

// Membership changed somewhere (a pool gained or lost a component, or the hierarchy changed):
// find which entities should be bodies, triggers and characters now.
void PhysicsWorld::Impl::rescan() {
    for (auto& b : bodies) b->touched = false;
    auto touch = [&](Entity e) {
        std::int32_t slot = e.index < bodyByIndex.size() ? bodyByIndex[e.index] : -1;
        if (slot >= 0 && bodies[std::size_t(slot)]->entity == e) {
            bodies[std::size_t(slot)]->touched = true;
            return;
        }
        auto b = std::make_unique<BodyMirror>();
        b->entity = e;
        b->touched = true;
        if (e.index >= bodyByIndex.size()) bodyByIndex.resize(std::size_t(e.index) + 1, -1);
        bodyByIndex[e.index] = std::int32_t(bodies.size());
        bodies.push_back(std::move(b));
    };
    if (auto* pool = world.findPool<RigidBody>()) {
        for (Entity e : pool->entities()) touch(e);
    }
    if (auto* pool = world.findPool<Collider>()) {
        for (Entity e : pool->entities()) {
            if (world.has<CharacterController>(e)) continue;
            // Colliders under a body belong to its compound; colliders under an avatar are part
            // of the avatar (its capsule is what collides), so neither is a body of its own.
            bool owned = false;
            for (Entity a = e; a && !owned; a = world.parent(a)) {
                owned = world.has<RigidBody>(a) || (a != e && world.has<CharacterController>(a));
            }
            if (!owned) touch(e);
        }
    }
    std::vector<std::unique_ptr<BodyMirror>> kept;
    kept.reserve(bodies.size());
    for (auto& b : bodies) {
        if (b->touched) kept.push_back(std::move(b));
        else destroyBody(*b);
    }
    bodies = std::move(kept);
    std::fill(bodyByIndex.begin(), bodyByIndex.end(), -1);
    for (std::size_t i = 0; i < bodies.size(); ++i) bodyByIndex[bodies[i]->entity.index] = std::int32_t(i);

    // Bodies whose collider set changed are rebuilt; new bodies have no Bullet object yet.
    for (auto& b : bodies) {
        const RigidBody* rb = world.get<RigidBody>(b->entity);
        b->parented = bool(world.parent(b->entity));
        auto colliders = gatherColliders(b->entity);
        bool same = b->body && b->hasRigidBody == (rb != nullptr) && colliders.size() == b->colliders.size();
        for (std::size_t i = 0; same && i < colliders.size(); ++i) {
            same = colliders[i].entity == b->colliders[i].entity && sameCollider(colliders[i].params, b->colliders[i].params) &&
                   colliders[i].path.size() == b->colliders[i].path.size();
        }
        if (same) continue;
        b->hasRigidBody = rb != nullptr;
        b->params = rb ? *rb : RigidBody{.type = RigidBody::Type::Static};
        b->colliders = std::move(colliders);
        buildBody(*b);
    }

    // Characters.
    for (auto& c : characters) c->touched = false;
    if (auto* pool = world.findPool<CharacterController>()) {
        for (Entity e : pool->entities()) {
            std::int32_t slot = e.index < characterByIndex.size() ? characterByIndex[e.index] : -1;
            if (slot >= 0 && characters[std::size_t(slot)]->entity == e) {
                characters[std::size_t(slot)]->touched = true;
                continue;
            }
            auto c = std::make_unique<CharacterMirror>();
            c->entity = e;
            c->touched = true;
            if (e.index >= characterByIndex.size()) characterByIndex.resize(std::size_t(e.index) + 1, -1);
            characterByIndex[e.index] = std::int32_t(characters.size());
            characters.push_back(std::move(c));
        }
    }
    std::vector<std::unique_ptr<CharacterMirror>> keptCharacters;
    for (auto& c : characters) {
        if (c->touched) keptCharacters.push_back(std::move(c));
        else destroyCharacter(*c);
    }
    characters = std::move(keptCharacters);
    std::fill(characterByIndex.begin(), characterByIndex.end(), -1);
    for (std::size_t i = 0; i < characters.size(); ++i) characterByIndex[characters[i]->entity.index] = std::int32_t(i);
}

// Per-step check of one body against its components: in-place edits do not bump pool versions,
// so every mirrored parameter is compared (cheap: a few lookups and float compares).
void PhysicsWorld::Impl::syncBody(BodyMirror& b, ComponentPool<RigidBody>* rigidBodies, ComponentPool<Collider>& colliderPool,
                                  ComponentPool<Transform>& transforms) {
    RigidBody* rb = b.hasRigidBody && rigidBodies ? rigidBodies->find(b.entity) : nullptr;
    bool rebuild = rb && rb->type != b.params.type;
    for (std::size_t i = 0; !rebuild && i < b.colliders.size(); ++i) {
        const MirroredCollider& mc = b.colliders[i];
        const Collider* c = colliderPool.find(mc.entity);
        rebuild = !c || !sameCollider(*c, mc.params);
        for (std::size_t k = 0; !rebuild && k < mc.path.size(); ++k) {
            const Transform* t = transforms.find(mc.path[k].first);
            rebuild = !t || !sameTransform(*t, mc.path[k].second);
        }
    }
    const Transform& t = *transforms.find(b.entity);
    const bool parented = b.parented;
    if (!rebuild && t.scale != b.lastLocal.scale) rebuild = true;
    if (!rebuild && parented && (!rb || rb->type != RigidBody::Type::Dynamic)) {
        vec3 scale;
        worldPose(b.entity, &scale);
        rebuild = glm::any(glm::greaterThan(glm::abs(scale - b.scale), vec3(1e-5f)));
    }
    if (rebuild) {
        if (rb) b.params = *rb;
        for (MirroredCollider& mc : b.colliders) {
            if (const Collider* c = world.get<Collider>(mc.entity)) mc.params = *c;
            for (auto& [e, local] : mc.path) {
                if (const Transform* pt = world.get<Transform>(e)) local = *pt;
            }
        }
        Pose keepPrevious = b.previous;
        buildBody(b);
        b.previous = keepPrevious;
        return;
    }
    if (!b.body) return;
    btRigidBody& body = *b.body;
    if (rb && !sameMaterial(*rb, b.params)) {
        if (rb->type == RigidBody::Type::Dynamic && rb->mass != b.params.mass && rb->mass > 0 && std::isfinite(rb->mass)) {
            btVector3 inertia;
            b.shapes.root->calculateLocalInertia(rb->mass, inertia);
            body.setMassProps(rb->mass, inertia);
            body.updateInertiaTensor();
        }
        body.setFriction(rb->friction);
        body.setRestitution(rb->restitution);
        body.setDamping(std::clamp(rb->linearDamping, 0.0f, 1.0f), std::clamp(rb->angularDamping, 0.0f, 1.0f));
        if (rb->type == RigidBody::Type::Dynamic) {
            body.forceActivationState(rb->allowSleep ? ACTIVE_TAG : DISABLE_DEACTIVATION);
            body.activate(true);
        }
        RigidBody::Type type = b.params.type;
        b.params = *rb;
        b.params.type = type;
    }
    const bool dynamic = rb && rb->type == RigidBody::Type::Dynamic;
    // Outside moves: a teleport for dynamic bodies, the animated pose for kinematic and static ones.
    bool moved = t.position != b.lastLocal.position || t.rotation != b.lastLocal.rotation;
    Pose pose;
    if (moved) pose = worldPose(b.entity);
    else if (parented && !dynamic) {
        pose = worldPose(b.entity);
        moved = pose.position != b.current.position || pose.rotation != b.current.rotation;
    }
    if (moved && !finitePose(pose)) {
        report(describe(b.entity) + ": transform: position and rotation must be finite numbers; move ignored");
        moved = false;
    }
    if (moved) {
        pose.rotation = glm::normalize(pose.rotation);
        body.setWorldTransform(toBt(pose.position, pose.rotation));
        // Bullet derives a kinematic body's velocity from its last pose to this one (so it carries
        // what rests on it); a teleported dynamic body must not inherit such a jump.
        if (!rb || rb->type != RigidBody::Type::Kinematic) body.setInterpolationWorldTransform(body.getWorldTransform());
        b.current = pose;
        b.lastLocal = t;
        if (dynamic) body.activate(true);
        dynamics.updateSingleAabb(&body);
    }
    if (dynamic && (!allFinite(rb->linearVelocity) || !allFinite(rb->angularVelocity))) {
        report(describe(b.entity) + ": rigidBody: velocities must be finite numbers; ignored");
        rb->linearVelocity = b.lastLinearVelocity;
        rb->angularVelocity = b.lastAngularVelocity;
    }
    if (dynamic) {
        if (rb->linearVelocity != b.lastLinearVelocity) {
            body.setLinearVelocity(toBt(rb->linearVelocity));
            b.lastLinearVelocity = rb->linearVelocity;
            body.activate(true);
        }
        if (rb->angularVelocity != b.lastAngularVelocity) {
            body.setAngularVelocity(toBt(rb->angularVelocity));
            b.lastAngularVelocity = rb->angularVelocity;
            body.activate(true);
        }
    }
}

void PhysicsWorld::Impl::syncFromWorld() {
    if (world.settings.gravity != gravity) {
        gravity = world.settings.gravity;
        dynamics.setGravity(toBt(gravity));
    }
    auto version = [&](auto* pool) { return pool ? pool->version() : 0ull; };
    std::uint64_t now[4] = {world.structureVersion(), version(world.findPool<RigidBody>()), version(world.findPool<Collider>()),
                            version(world.findPool<CharacterController>())};
    if (!std::equal(std::begin(now), std::end(now), std::begin(seenVersions))) {
        rescan();
        std::copy(std::begin(now), std::end(now), std::begin(seenVersions));
    }
    auto* colliderPool = world.findPool<Collider>();
    if (!colliderPool) colliderPool = &world.pool<Collider>();
    auto* rigidBodies = world.findPool<RigidBody>();
    auto& transforms = world.pool<Transform>();
    for (auto& b : bodies) syncBody(*b, rigidBodies, *colliderPool, transforms);
}

void PhysicsWorld::Impl::writeBack() {
    auto* rigidBodies = world.findPool<RigidBody>();
    auto& transforms = world.pool<Transform>();
    for (auto& bp : bodies) {
        BodyMirror& b = *bp;
        if (!b.body || !b.hasRigidBody || b.params.type != RigidBody::Type::Dynamic) continue;
        // Sleeping bodies have not moved: their components already hold the pose.
        if (!b.body->isActive()) {
            if (b.lastLinearVelocity != vec3(0.0f) || b.lastAngularVelocity != vec3(0.0f)) {
                RigidBody& rb = *rigidBodies->find(b.entity);
                rb.linearVelocity = rb.angularVelocity = b.lastLinearVelocity = b.lastAngularVelocity = vec3(0.0f);
            }
            continue;
        }
        const btTransform& x = b.body->getWorldTransform();
        b.current = Pose{toGlm(x.getOrigin()), toGlm(x.getRotation())};
        Transform& t = *transforms.find(b.entity);
        if (b.parented) {
            setWorldPose(b.entity, b.current);
        } else {
            t.position = b.current.position;
            t.rotation = b.current.rotation;
        }
        b.lastLocal = t;
        RigidBody& rb = *rigidBodies->find(b.entity);
        rb.linearVelocity = b.lastLinearVelocity = toGlm(b.body->getLinearVelocity());
        rb.angularVelocity = b.lastAngularVelocity = toGlm(b.body->getAngularVelocity());
    }
}

// ---------------------------------------------------------------------------------- public API

PhysicsWorld::PhysicsWorld(World& world, AssetCache* assets, int reservedContactPairs)
    : impl_(std::make_unique<Impl>(world, assets, reservedContactPairs)) {}
PhysicsWorld::~PhysicsWorld() = default;

int PhysicsWorld::update(double frameSeconds) {
    // A stalled frame runs at most the accumulator's cap anyway; clamping also keeps infinities
    // and NaNs from a broken clock out of the step count.
    if (!(frameSeconds > 0.0)) frameSeconds = 0.0;
    int n = impl_->accumulator.advance(std::min(frameSeconds, 1.0));
    for (int i = 0; i < n; ++i) step(impl_->accumulator.step());
    return n;
}

void PhysicsWorld::step(double dt) { impl_->advance(dt, true); }

void PhysicsWorld::stepBodies(double dt) { impl_->advance(dt, false); }

void PhysicsWorld::Impl::advance(double dt, bool moveCharacters) {
    if (!(dt > 0.0) || !std::isfinite(dt)) {
        report(std::string(moveCharacters ? "step" : "stepBodies") + ": dt must be a positive number of seconds; step skipped");
        return;
    }
    for (auto& b : bodies) b->previous = b->current;
    for (auto& c : characters) c->previous = c->current;
    syncFromWorld();
    if (moveCharacters) {
        syncCharacters(float(dt));
    } else {
        for (auto& c : characters) placeCharacter(*c);
    }
    // maxSubSteps 0: exactly one Bullet step of dt, no internal accumulator of its own.
    dynamics.stepSimulation(btScalar(dt), 0, btScalar(dt));
    writeBack();
    ++steps;
}

void PhysicsWorld::sync() { impl_->syncFromWorld(); }

float PhysicsWorld::alpha() const { return float(impl_->accumulator.alpha()); }
std::uint64_t PhysicsWorld::stepCount() const { return impl_->steps; }
std::size_t PhysicsWorld::broadphasePairs() const { return std::size_t(impl_->dynamics.getPairCache()->getNumOverlappingPairs()); }
const std::vector<Error>& PhysicsWorld::errors() const { return impl_->errors; }

bool PhysicsWorld::Impl::interpolatedPose(Entity e, float alpha, Pose& out) const {
    const Pose* prev = nullptr;
    const Pose* cur = nullptr;
    if (e.index < bodyByIndex.size() && bodyByIndex[e.index] >= 0) {
        const BodyMirror& b = *bodies[std::size_t(bodyByIndex[e.index])];
        if (b.entity == e && b.body) prev = &b.previous, cur = &b.current;
    }
    if (!cur && e.index < characterByIndex.size() && characterByIndex[e.index] >= 0) {
        const CharacterMirror& c = *characters[std::size_t(characterByIndex[e.index])];
        if (c.entity == e && c.object) prev = &c.previous, cur = &c.current;
    }
    if (!cur) return false;
    float a = std::clamp(alpha, 0.0f, 1.0f);
    out = Pose{glm::mix(prev->position, cur->position, a), glm::slerp(prev->rotation, cur->rotation, a)};
    return true;
}

mat4 PhysicsWorld::interpolatedMatrix(Entity e, float alpha) const {
    const Impl& m = *impl_;
    if (!m.world.alive(e)) return mat4(1.0f);
    // Walk up to the nearest simulated entity, collecting the local transforms below it.
    mat4 below(1.0f);
    for (Entity a = e; a; a = m.world.parent(a)) {
        Pose pose;
        if (m.interpolatedPose(a, alpha, pose)) {
            const vec3 scale = m.world.get<Transform>(a)->scale;
            mat4 top = glm::mat4_cast(pose.rotation);
            vec3 worldScale = scale;
            if (Entity p = m.world.parent(a)) {
                mat4 pw = m.world.computeWorldMatrix(p);
                worldScale *= vec3(glm::length(vec3(pw[0])), glm::length(vec3(pw[1])), glm::length(vec3(pw[2])));
            }
            top[0] *= worldScale.x;
            top[1] *= worldScale.y;
            top[2] *= worldScale.z;
            top[3] = vec4(pose.position, 1.0f);
            return top * below;
        }
        below = m.world.get<Transform>(a)->matrix() * below;
    }
    return m.world.computeWorldMatrix(e);
}

bool PhysicsWorld::isSimulated(Entity e) const {
    const Impl& m = *impl_;
    if (e.index < m.bodyByIndex.size() && m.bodyByIndex[e.index] >= 0) {
        const BodyMirror& b = *m.bodies[std::size_t(m.bodyByIndex[e.index])];
        if (b.entity == e && b.body) return true;
    }
    return e.index < m.characterByIndex.size() && m.characterByIndex[e.index] >= 0 &&
           m.characters[std::size_t(m.characterByIndex[e.index])]->entity == e;
}

bool PhysicsWorld::isSleeping(Entity e) const {
    const Impl& m = *impl_;
    if (e.index >= m.bodyByIndex.size() || m.bodyByIndex[e.index] < 0) return false;
    const BodyMirror& b = *m.bodies[std::size_t(m.bodyByIndex[e.index])];
    return b.entity == e && b.body && !b.body->isStaticOrKinematicObject() && !b.body->isActive();
}

void PhysicsWorld::wake(Entity e) {
    Impl& m = *impl_;
    if (e.index >= m.bodyByIndex.size() || m.bodyByIndex[e.index] < 0) return;
    BodyMirror& b = *m.bodies[std::size_t(m.bodyByIndex[e.index])];
    if (b.entity == e && b.body) b.body->activate(true);
}

// ---------------------------------------------------------------------------------- queries

namespace {

RayHit toRayHit(const btCollisionObject* o, const btVector3& point, const btVector3& normal, float distance) {
    return RayHit{entityOf(o), toGlm(point), glm::normalize(toGlm(normal)), distance};
}

}  // namespace

std::optional<RayHit> PhysicsWorld::raycast(vec3 origin, vec3 direction, float maxDistance, std::uint32_t mask) const {
    if (glm::length(direction) <= 0.0f || !(maxDistance > 0.0f)) return std::nullopt;
    vec3 dir = glm::normalize(direction);
    btVector3 from = toBt(origin), to = toBt(origin + dir * maxDistance);
    btCollisionWorld::ClosestRayResultCallback cb(from, to);
    cb.m_collisionFilterGroup = -1;
    cb.m_collisionFilterMask = filterBits(mask);
    impl_->dynamics.rayTest(from, to, cb);
    if (!cb.hasHit()) return std::nullopt;
    return toRayHit(cb.m_collisionObject, cb.m_hitPointWorld, cb.m_hitNormalWorld, cb.m_closestHitFraction * maxDistance);
}

std::vector<RayHit> PhysicsWorld::raycastAll(vec3 origin, vec3 direction, float maxDistance, std::uint32_t mask) const {
    std::vector<RayHit> out;
    if (glm::length(direction) <= 0.0f || !(maxDistance > 0.0f)) return out;
    vec3 dir = glm::normalize(direction);
    btVector3 from = toBt(origin), to = toBt(origin + dir * maxDistance);
    btCollisionWorld::AllHitsRayResultCallback cb(from, to);
    cb.m_collisionFilterGroup = -1;
    cb.m_collisionFilterMask = filterBits(mask);
    impl_->dynamics.rayTest(from, to, cb);
    for (int i = 0; i < cb.m_collisionObjects.size(); ++i) {
        out.push_back(toRayHit(cb.m_collisionObjects[i], cb.m_hitPointWorld[i], cb.m_hitNormalWorld[i], cb.m_hitFractions[i] * maxDistance));
    }
    std::sort(out.begin(), out.end(), [](const RayHit& a, const RayHit& b) { return a.distance < b.distance; });
    // A compound or a mesh can be hit several times; keep each entity's nearest hit.
    std::vector<RayHit> unique;
    for (const RayHit& h : out) {
        if (std::none_of(unique.begin(), unique.end(), [&](const RayHit& u) { return u.entity == h.entity; })) {
            unique.push_back(h);
        }
    }
    return unique;
}

std::optional<SweepHit> PhysicsWorld::sphereSweep(vec3 from, vec3 to, float radius, std::uint32_t mask) const {
    if (!(radius > 0.0f) || from == to) return std::nullopt;
    btSphereShape sphere(radius);
    btTransform a(btQuaternion::getIdentity(), toBt(from)), b(btQuaternion::getIdentity(), toBt(to));
    btCollisionWorld::ClosestConvexResultCallback cb(a.getOrigin(), b.getOrigin());
    cb.m_collisionFilterGroup = -1;
    cb.m_collisionFilterMask = filterBits(mask);
    impl_->dynamics.convexSweepTest(&sphere, a, b, cb);
    if (!cb.hasHit()) return std::nullopt;
    float length = glm::length(to - from);
    float f = float(cb.m_closestHitFraction);
    return SweepHit{entityOf(cb.m_hitCollisionObject), glm::mix(from, to, f), glm::normalize(toGlm(cb.m_hitNormalWorld)), f * length};
}

namespace {

std::vector<Entity> overlap(btDiscreteDynamicsWorld& dynamics, btCollisionShape& shape, const btTransform& at, std::uint32_t mask) {
    btCollisionObject probe;
    probe.setCollisionShape(&shape);
    probe.setWorldTransform(at);
    OverlapCollector found;
    found.self = &probe;
    found.m_collisionFilterGroup = -1;
    found.m_collisionFilterMask = filterBits(mask);
    dynamics.contactTest(&probe, found);
    sortUnique(found.hits);
    return found.hits;
}

}  // namespace

std::vector<Entity> PhysicsWorld::overlapSphere(vec3 center, float radius, std::uint32_t mask) const {
    if (!(radius > 0.0f)) return {};
    btSphereShape sphere(radius);
    return overlap(impl_->dynamics, sphere, btTransform(btQuaternion::getIdentity(), toBt(center)), mask);
}

std::vector<Entity> PhysicsWorld::overlapBox(vec3 center, vec3 halfExtents, quat rotation, std::uint32_t mask) const {
    if (glm::any(glm::lessThanEqual(halfExtents, vec3(0.0f)))) return {};
    btBoxShape box(toBt(halfExtents));
    return overlap(impl_->dynamics, box, toBt(center, glm::normalize(rotation)), mask);
}

}  // namespace atrium
