#include <gtest/gtest.h>

#include <filesystem>

#include "atrium/runtime/runtime.hpp"

using namespace atrium;

namespace {
RuntimeOptions headless() {
    RuntimeOptions o;
    o.window = false;
    o.renderer.validation = true;
    o.renderer.shadowMapSize = 512;
    return o;
}
}  // namespace

TEST(Runtime, FixedStepsFollowTheAccumulator) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    int calls = 0;
    (*rt)->setFixedUpdate([&](World&, double dt) {
        EXPECT_DOUBLE_EQ(dt, 1.0 / 60.0);
        ++calls;
    });
    ASSERT_TRUE((*rt)->frame(0.010));  // not yet a whole step
    EXPECT_EQ(calls, 0);
    ASSERT_TRUE((*rt)->frame(0.010));  // 20 ms: one step, 3.3 ms carried
    EXPECT_EQ(calls, 1);
    ASSERT_TRUE((*rt)->frame(0.030));  // 33.3 ms: two more
    EXPECT_EQ(calls, 3);
    ASSERT_TRUE((*rt)->frame(10.0));  // a stall is capped, not replayed
    EXPECT_EQ(calls, 8);
}

TEST(Runtime, StepsMoveEntitiesAndTheRendererSeesThem) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity box = r.world().create("box");
    r.world().add<MeshRenderer>(box, MeshRenderer{.mesh = "builtin:box"});
    r.frameAll();
    r.setFixedUpdate([&](World& w, double dt) { w.get<Transform>(box)->position.x += float(dt); });
    for (int i = 0; i < 60; ++i) ASSERT_TRUE(r.frame(1.0 / 60.0));
    EXPECT_NEAR(r.world().get<Transform>(box)->position.x, 1.0f, 0.02f);
    EXPECT_NEAR(r.world().worldMatrix(box)[3].x, 1.0f, 0.02f);
    r.camera().eye = vec3(1.0f, 0.0f, 4.0f);
    r.camera().target = vec3(1.0f, 0.0f, 0.0f);
    auto img = r.renderOffscreen(64, 64);
    ASSERT_TRUE(img) << img.error().toString();
    EXPECT_EQ(r.renderer().pick(r.world(), 32, 32), box);
}

TEST(Runtime, LoadsAVenueAndFramesIt) {
    std::filesystem::path venue = std::filesystem::path(ATRIUM_SOURCE_DIR) / "samples" / "plaza" / "plaza.venue.json";
    if (!std::filesystem::exists(venue)) GTEST_SKIP() << "no plaza sample";
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    ASSERT_TRUE((*rt)->loadVenue(venue));
    auto img = (*rt)->renderOffscreen(96, 64);
    ASSERT_TRUE(img) << img.error().toString();
    EXPECT_GT((*rt)->renderer().stats().visibleInstances, 0u);
    EXPECT_FALSE((*rt)->loadVenue("/no/such.venue.json"));
}

TEST(Runtime, DynamicBodiesFallUnderPhysicsWhenItIsBuilt) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    if (!r.physics()) GTEST_SKIP() << "built without the physics layer";
    Entity ball = r.world().create("ball");
    r.world().get<Transform>(ball)->position = vec3(0.0f, 10.0f, 0.0f);
    r.world().add<RigidBody>(ball, RigidBody{});
    r.world().add<Collider>(ball, Collider{.shape = Collider::Shape::Sphere, .radius = 0.5f});
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(r.frame(1.0 / 60.0));
    // Half a second of free fall: about 1.2 m.
    EXPECT_LT(r.world().get<Transform>(ball)->position.y, 9.0f);
    EXPECT_GT(r.world().get<Transform>(ball)->position.y, 8.0f);
}

TEST(Runtime, ItsCrowdAnimatesEveryAvatarAfterTheStepsAndIsWhatTheRendererDraws) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    EXPECT_EQ(r.renderer().crowd(), &r.crowd()) << "drawn by default";
    Entity walker = r.world().create("walker");
    r.world().add<Avatar>(walker, Avatar{.displayName = "Walker"});
    // Walks at 1.5 m/s along -z in the app's own step.
    r.setFixedUpdate([&](World& w, double dt) { w.get<Transform>(walker)->position.z -= float(1.5 * dt); });
    for (int i = 0; i < 60; ++i) ASSERT_TRUE(r.frame(1.0 / 60.0));
    const AvatarAnimator* a = r.crowd().animator(r.world().stableId(walker));
    ASSERT_NE(a, nullptr) << "frame() updated the crowd";
    EXPECT_EQ(a->state(), AvatarAnimator::State::Locomotion);
    std::span<const mat4> walking = r.crowd().skinMatrices(r.world().stableId(walker));
    ASSERT_EQ(walking.size(), kHumanBoneCount);
    mat4 leftLegNow = walking[std::size_t(HumanBone::LeftUpperLeg)];
    ASSERT_TRUE(r.frame(0.25));
    EXPECT_NE(r.crowd().skinMatrices(r.world().stableId(walker))[std::size_t(HumanBone::LeftUpperLeg)], leftLegNow)
        << "the legs swing as it walks";

    CrowdAnimation own;
    r.renderer().setCrowd(&own);
    EXPECT_EQ(r.renderer().crowd(), &own) << "an app's own crowd replaces the runtime's: the last set wins";
    r.renderer().setCrowd(&r.crowd());
}

// The venue's interactions run inside frame(): a timer hides the curtain and announces, on the
// runtime's step clock; a button used through show() starts what it is wired to.
TEST(Runtime, RunsTheVenuesInteractionsOnItsStepClock) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    World& w = (*rt)->world();
    Entity curtain = w.create("Curtain");
    w.add<MeshRenderer>(curtain, MeshRenderer{.mesh = "builtin:box"});
    Entity button = w.create("Button");
    w.add<Interactable>(button);
    Interactions in;
    in.bindings.push_back(
        {{.kind = ShowEvent::Kind::Timer, .seconds = 0.5f},
         {},
         {{.kind = ShowAction::Kind::Hide, .target = w.stableId(curtain)}, {.kind = ShowAction::Kind::Announce, .text = "Doors open"}}});
    in.bindings.push_back(
        {{.kind = ShowEvent::Kind::Used, .source = w.stableId(button)}, {}, {{.kind = ShowAction::Kind::Show, .target = w.stableId(curtain)}}});
    w.add<Interactions>(button, in);
    (*rt)->show().rebuild();
    bool announced = false;
    for (int i = 0; i < 20 && w.get<MeshRenderer>(curtain)->visible; ++i) {
        ASSERT_TRUE((*rt)->frame(1.0 / 30.0).ok());
        for (const ShowEffect& e : (*rt)->showEffects()) announced |= e.kind == ShowEffect::Kind::Announce && e.text == "Doors open";
    }
    EXPECT_FALSE(w.get<MeshRenderer>(curtain)->visible);
    EXPECT_TRUE(announced);
    EXPECT_NEAR((*rt)->showTime(), 0.5, 0.05);
    ASSERT_TRUE((*rt)->show().use(w.stableId(button), {}, (*rt)->showTime()));
    EXPECT_TRUE(w.get<MeshRenderer>(curtain)->visible);
}
