// Physics playground: Bullet through the Runtime's PhysicsWorld. A heavy ram is launched into
// the 900-crate pile a moment after the start and knocks it over (Space in the window sends it
// again from its start); balls are dropped at the top
// of each ramp and roll down; the towers stand until something hits them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "atrium/physics/physics_world.hpp"
#include "sample.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {

constexpr double kRamLaunchSeconds = 0.2;
constexpr float kRamSpeed = 20.0f;  // m/s
constexpr float kRamMass = 400.0f;  // kg: forty times the crates in its path
constexpr double kBallEverySeconds = 0.75;
constexpr std::size_t kMaxBalls = 24;  // then the oldest ball goes back to the top
// Sideways, so that the pile settling onto its 2 cm gaps does not count as knocked over.
constexpr float kMovedMetres = 0.5f;

struct Ramp {
    vec3 top;  // a point just above the high end of the ramp's surface
};

class PhysicsPlayground final : public Sample {
public:
    Status start(Runtime& rt) override {
        if (!rt.physics()) return Error{"physics playground: this build has no physics layer"};
        World& w = rt.world();
        w.updateTransforms();
        Entity pile = w.findByName("Cube pile");
        ram_ = w.findByName("Player cube");
        if (!pile || !ram_ || !w.has<RigidBody>(ram_)) return Error{"physics playground: the venue needs a \"Cube pile\" and a \"Player cube\""};
        Aabb bounds;
        w.each<RigidBody>([&](Entity e, RigidBody& b) {
            if (b.type != RigidBody::Type::Dynamic || w.parent(e) != pile) return;
            vec3 p = vec3(w.worldMatrix(e)[3]);
            crates_.push_back({e, p});
            bounds.expand(p);
        });
        if (crates_.empty()) return Error{"physics playground: the cube pile has no crates"};
        // The ram waits 3 m in front of the pile, above its middle so the top topples, at rest
        // until launch.
        vec3 c = bounds.center();
        *w.get<Transform>(ram_) = Transform{.position = vec3(bounds.min.x - 3.0f, glm::mix(bounds.min.y, bounds.max.y, 0.6f), c.z),
                                            .scale = vec3(2.0f)};
        ramStart_ = *w.get<Transform>(ram_);
        RigidBody& rb = *w.get<RigidBody>(ram_);
        rb.mass = kRamMass;
        rb.linearVelocity = vec3(0.0f);
        w.each<RigidBody>([&](Entity e, RigidBody& b) {
            const Name* n = w.get<Name>(e);
            if (b.type == RigidBody::Type::Static && n && n->value.rfind("Ramp", 0) == 0) ramps_.push_back({rampTop(w, e)});
        });
        return Ok{};
    }

    // The pile and the ramps both in view (the venue's overview camera faces away from the ramps).
    std::optional<CameraView> view(Runtime&) override { return CameraView{.eye = {14, 13, 22}, .target = {4, 1, -8}}; }

    void fixedUpdate(Runtime& rt, double dt) override {
        World& w = rt.world();
        time_ += dt;
        if (!launched_ && time_ >= launchAt_) {
            w.get<RigidBody>(ram_)->linearVelocity = vec3(kRamSpeed, 0.0f, 0.0f);
            launched_ = true;
        }
        if (time_ >= nextBall_) {
            nextBall_ += kBallEverySeconds;
            for (const Ramp& r : ramps_) dropBall(w, r.top);
        }
    }

    Status frame(Runtime& rt, double) override {
        if (rt.window() && rt.window()->input().wentDown(Key::Space)) {
            World& w = rt.world();
            *w.get<Transform>(ram_) = ramStart_;  // setting the pose teleports the body
            RigidBody& rb = *w.get<RigidBody>(ram_);
            rb.linearVelocity = rb.angularVelocity = vec3(0.0f);
            launched_ = false;
            launchAt_ = time_ + kRamLaunchSeconds;
        }
        return Ok{};
    }

    int finish(Runtime& rt) override {
        World& w = rt.world();
        w.updateTransforms();
        std::size_t moved = 0;
        float furthest = 0.0f;
        for (const Crate& c : crates_) {
            vec3 delta = vec3(w.worldMatrix(c.entity)[3]) - c.start;
            float d = glm::length(vec2(delta.x, delta.z));
            moved += d > kMovedMetres;
            furthest = std::max(furthest, d);
        }
        float rolled = 0.0f;
        for (const Ball& b : balls_) rolled = std::max(rolled, glm::length(vec3(w.worldMatrix(b.entity)[3]) - b.start));
        std::printf(
            "physics_playground: %zu of %zu crates pushed more than %.2f m sideways (furthest %.2f m); %zu balls dropped on %zu ramps, "
            "the furthest rolled %.2f m; %llu physics steps\n",
            moved, crates_.size(), kMovedMetres, furthest, ballsDropped_, ramps_.size(), rolled, (unsigned long long)rt.physics()->stepCount());
        return 0;
    }

private:
    struct Crate {
        Entity entity;
        vec3 start;
    };
    struct Ball {
        Entity entity;
        vec3 start;
    };

    // The higher of the two short ends of the ramp's top face (a unit box scaled and tilted).
    static vec3 rampTop(World& w, Entity ramp) {
        mat4 m = w.worldMatrix(ramp);
        vec3 a = vec3(m * vec4(0.0f, 0.5f, -0.45f, 1.0f)), b = vec3(m * vec4(0.0f, 0.5f, 0.45f, 1.0f));
        return (a.y > b.y ? a : b) + vec3(0.0f, 0.4f, 0.0f);
    }

    void dropBall(World& w, vec3 at) {
        Entity e;
        if (balls_.size() < kMaxBalls) {
            e = w.create("Ball " + std::to_string(balls_.size() + 1));
            w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:sphere",
                                                .material = "builtin:metal",
                                                .tint = vec4(0.4f + 0.6f * float(balls_.size() % 3 == 0), 0.5f, 0.9f, 1.0f)});
            w.add<Collider>(e, Collider{.shape = Collider::Shape::Sphere, .radius = 0.5f});
            balls_.push_back({e, at});
        } else {
            Ball& oldest = balls_[ballsDropped_ % kMaxBalls];
            e = oldest.entity;
            oldest.start = at;
        }
        *w.get<Transform>(e) = Transform{.position = at, .scale = vec3(0.5f)};
        w.add<RigidBody>(e, RigidBody{.type = RigidBody::Type::Dynamic, .mass = 3.0f, .friction = 0.6f, .restitution = 0.2f});
        ++ballsDropped_;
    }

    Entity ram_;
    Transform ramStart_;
    double launchAt_ = kRamLaunchSeconds;
    std::vector<Crate> crates_;
    std::vector<Ramp> ramps_;
    std::vector<Ball> balls_;
    std::size_t ballsDropped_ = 0;
    double time_ = 0.0, nextBall_ = 0.0;
    bool launched_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    PhysicsPlayground sample;
    return runSample(argc, argv, "atrium-sample-physics-playground", ATRIUM_SAMPLE_VENUE, sample);
}
