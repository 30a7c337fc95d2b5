// Physics bridge overhead: milliseconds per 60 Hz step through PhysicsWorld (mirroring the World,
// stepping Bullet, writing transforms back) against raw Bullet stepping the same bodies and
// reading back the moving ones' transforms, as any app must. Both worlds are built from the same
// scene and stepped alternately, step by step, so machine noise hits both alike; Bullet is
// deterministic, so both do exactly the same simulation work. Goal: ratio <= 1.05.
// Usage: physics_bench [steps-scale]   (1 = 600 steps for the pile, 300 for the mixed scene)
#include <btBulletDynamicsCommon.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "atrium/core/time.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;

namespace {

struct BodySpec {
    Collider collider;
    RigidBody::Type type;
    vec3 position;
    quat rotation;
};

// A small deterministic generator (the scene must be the same for both sides and every run).
struct Lcg {
    std::uint64_t s = 12345;
    float next() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return float((s >> 33) & 0xffffff) / float(0xffffff);
    }
};

std::vector<BodySpec> pileScene() {
    // 901 cubes (Glenn Fiedler's snapshot scene): a 10 x 10 x 9 block with one on top, slightly
    // jittered and turned so the block collapses into a pile.
    std::vector<BodySpec> out;
    out.push_back({Collider{.halfExtents = vec3(50, 0.5f, 50)}, RigidBody::Type::Static, vec3(0, -0.5f, 0), quat(1, 0, 0, 0)});
    Lcg rng;
    for (int i = 0; i < 901; ++i) {
        int x = i % 10, z = (i / 10) % 10, y = i / 100;
        vec3 p(float(x) * 1.1f - 5.0f + rng.next() * 0.2f, 2.0f + float(y) * 1.2f, float(z) * 1.1f - 5.0f + rng.next() * 0.2f);
        quat r = glm::angleAxis(rng.next() * 1.5f, glm::normalize(vec3(rng.next(), 1.0f, rng.next())));
        out.push_back({Collider{.halfExtents = vec3(0.5f)}, RigidBody::Type::Dynamic, p, r});
    }
    return out;
}

std::vector<BodySpec> mixedScene() {
    // 5,000 bodies: 4,500 dynamic boxes, spheres, capsules and cylinders raining onto a floor
    // dotted with 499 static pillars.
    std::vector<BodySpec> out;
    out.push_back({Collider{.halfExtents = vec3(100, 0.5f, 100)}, RigidBody::Type::Static, vec3(0, -0.5f, 0), quat(1, 0, 0, 0)});
    Lcg rng;
    for (int i = 0; i < 499; ++i) {
        vec3 p(rng.next() * 80 - 40, 1.0f, rng.next() * 80 - 40);
        out.push_back({Collider{.halfExtents = vec3(0.4f, 1.0f, 0.4f)}, RigidBody::Type::Static, p, quat(1, 0, 0, 0)});
    }
    for (int i = 0; i < 4500; ++i) {
        int x = i % 30, z = (i / 30) % 30, y = i / 900;
        vec3 p(float(x) * 2.5f - 37.0f, 3.0f + float(y) * 2.0f, float(z) * 2.5f - 37.0f);
        Collider c;
        switch (i % 4) {
            case 0: c = Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(0.3f, 0.2f, 0.4f)}; break;
            case 1: c = Collider{.shape = Collider::Shape::Sphere, .radius = 0.3f}; break;
            case 2: c = Collider{.shape = Collider::Shape::Capsule, .radius = 0.2f, .height = 0.5f}; break;
            default: c = Collider{.shape = Collider::Shape::Cylinder, .halfExtents = vec3(0.3f, 0.25f, 0.3f)}; break;
        }
        quat r = glm::angleAxis(rng.next() * 3.0f, glm::normalize(vec3(rng.next(), 1.0f, rng.next())));
        out.push_back({c, RigidBody::Type::Dynamic, p, r});
    }
    return out;
}

// ---- the Atrium side

void buildWorld(World& w, const std::vector<BodySpec>& specs) {
    for (const BodySpec& s : specs) {
        Entity e = w.create();
        Transform& t = *w.get<Transform>(e);
        t.position = s.position;
        t.rotation = s.rotation;
        w.add<RigidBody>(e, RigidBody{.type = s.type});
        w.add<Collider>(e, s.collider);
    }
}

// ---- the raw Bullet side: the same objects with the same parameters PhysicsWorld gives them

struct RawBullet {
    btDefaultCollisionConfiguration config;
    btCollisionDispatcher dispatcher{&config};
    btDbvtBroadphase broadphase;
    btSequentialImpulseConstraintSolver solver;
    btDiscreteDynamicsWorld dynamics{&dispatcher, &broadphase, &solver, &config};
    std::vector<std::unique_ptr<btCollisionShape>> shapes;
    std::vector<std::unique_ptr<btRigidBody>> bodies;
    std::vector<btTransform> poses;  // what the app reads back

    explicit RawBullet(const std::vector<BodySpec>& specs) {
        dynamics.setGravity(btVector3(0, -9.81f, 0));
        RigidBody defaults;
        for (const BodySpec& s : specs) {
            const Collider& c = s.collider;
            std::unique_ptr<btCollisionShape> shape;
            switch (c.shape) {
                case Collider::Shape::Box:
                    shape = std::make_unique<btBoxShape>(btVector3(c.halfExtents.x, c.halfExtents.y, c.halfExtents.z));
                    break;
                case Collider::Shape::Sphere: shape = std::make_unique<btSphereShape>(c.radius); break;
                case Collider::Shape::Capsule: shape = std::make_unique<btCapsuleShape>(c.radius, c.height); break;
                default: shape = std::make_unique<btCylinderShape>(btVector3(c.halfExtents.x, c.halfExtents.y, c.halfExtents.z)); break;
            }
            btScalar mass = s.type == RigidBody::Type::Dynamic ? defaults.mass : 0;
            btVector3 inertia(0, 0, 0);
            if (mass > 0) shape->calculateLocalInertia(mass, inertia);
            btRigidBody::btRigidBodyConstructionInfo info(mass, nullptr, shape.get(), inertia);
            info.m_startWorldTransform = btTransform(btQuaternion(s.rotation.x, s.rotation.y, s.rotation.z, s.rotation.w),
                                                     btVector3(s.position.x, s.position.y, s.position.z));
            info.m_friction = defaults.friction;
            info.m_restitution = defaults.restitution;
            info.m_linearDamping = defaults.linearDamping;
            info.m_angularDamping = defaults.angularDamping;
            auto body = std::make_unique<btRigidBody>(info);
            dynamics.addRigidBody(body.get(), int(c.layer), int(c.mask));
            shapes.push_back(std::move(shape));
            bodies.push_back(std::move(body));
        }
        poses.resize(bodies.size());
    }
    ~RawBullet() {
        for (auto& b : bodies) dynamics.removeRigidBody(b.get());
    }

    void step(btScalar dt) {
        dynamics.stepSimulation(dt, 0, dt);
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            if (bodies[i]->isActive() && !bodies[i]->isStaticObject()) poses[i] = bodies[i]->getWorldTransform();
        }
    }
};

struct Figures {
    double atriumMs = 0, rawMs = 0;
};

Figures measure(const std::vector<BodySpec>& specs, int steps) {
    World w;
    buildWorld(w, specs);
    PhysicsWorld physics(w);
    RawBullet raw(specs);
    const double dt = PhysicsWorld::kStepSeconds;
    // The first step builds every body on the Atrium side (raw Bullet built them in its
    // constructor): it is setup, not stepping, so it is timed separately.
    Stopwatch setup;
    physics.sync();
    double setupMs = setup.milliseconds();
    Figures f;
    for (int i = 0; i < steps; ++i) {
        // Alternate which goes first so cache warmth favours neither.
        if (i % 2 == 0) {
            Stopwatch a;
            physics.step(dt);
            f.atriumMs += a.milliseconds();
            Stopwatch r;
            raw.step(btScalar(dt));
            f.rawMs += r.milliseconds();
        } else {
            Stopwatch r;
            raw.step(btScalar(dt));
            f.rawMs += r.milliseconds();
            Stopwatch a;
            physics.step(dt);
            f.atriumMs += a.milliseconds();
        }
    }
    // Same work check: both worlds must have simulated the same thing.
    const Transform& last = *w.get<Transform>(Entity{std::uint32_t(specs.size() - 1), 0});
    btVector3 rawLast = raw.bodies.back()->getWorldTransform().getOrigin();
    double mismatch = glm::length(last.position - vec3(float(rawLast.x()), float(rawLast.y()), float(rawLast.z())));
    std::printf("  setup (first sync of %zu bodies): %.2f ms; last body differs from raw Bullet by %.3g m\n", specs.size(), setupMs, mismatch);
    f.atriumMs /= steps;
    f.rawMs /= steps;
    return f;
}

void report(const char* name, const std::vector<BodySpec>& specs, int steps) {
    std::printf("%s: %zu bodies, %d steps\n", name, specs.size(), steps);
    Figures f = measure(specs, steps);
    std::printf("  PhysicsWorld %.3f ms/step, raw Bullet %.3f ms/step, ratio %.3f\n", f.atriumMs, f.rawMs, f.atriumMs / f.rawMs);
}

}  // namespace

int main(int argc, char** argv) {
    double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    if (!(scale > 0)) {
        std::fprintf(stderr, "usage: physics_bench [steps-scale > 0]\n");
        return 2;
    }
    report("901 cubes into a pile", pileScene(), std::max(1, int(600 * scale)));
    report("5,000 mixed bodies", mixedScene(), std::max(1, int(300 * scale)));
    return 0;
}
