// The humanoid, its clips and the avatar state machine: poses checked on known bones at known
// times, in the avatar's space (feet at the origin, facing -z, its left at -x).
#include <gtest/gtest.h>

#include <array>

#include "atrium/animation/avatar_animator.hpp"
#include "atrium/animation/crowd_animation.hpp"
#include "atrium/animation/mannequin.hpp"
#include "atrium/scene/world.hpp"

using namespace atrium;
using B = HumanBone;
using State = AvatarAnimator::State;

namespace {

struct Joints {
    std::array<mat4, kHumanBoneCount> m;
    Joints(const Skeleton& s, const Pose& p) { globalMatrices(s, p, m); }
    vec3 operator[](B b) const { return vec3(m[std::size_t(b)][3]); }
};

// Runs the animator from `t` for `seconds` at 60 Hz with `input`.
void run(AvatarAnimator& a, const AnimationInput& input, double& t, double seconds) {
    for (int i = 0; i < int(seconds * 60.0 + 0.5); ++i) {
        t += 1.0 / 60.0;
        a.update(input, t, 1.0f / 60.0f);
    }
}

}  // namespace

TEST(Humanoid, TheSkeletonHasEveryVrmBoneAndStandsOnItsFeet) {
    Skeleton s = makeHumanoidSkeleton();
    ASSERT_EQ(s.bones.size(), kHumanBoneCount);
    Joints rest(s, Pose{});
    EXPECT_NEAR(rest[B::Head].y, 1.55f, 0.01f);  // the neck-head joint; the crown is at 1.75 m
    EXPECT_NEAR(rest[B::LeftFoot].y, 0.06f, 0.01f);
    EXPECT_LT(rest[B::LeftHand].x, -0.6f) << "T-pose: the left arm out along -x";
    EXPECT_GT(rest[B::RightHand].x, 0.6f);
    std::array<mat4, kHumanBoneCount> skin;
    skinMatrices(s, Pose{}, skin);
    for (const mat4& m : skin) EXPECT_TRUE(m == mat4(1.0f)) << "the rest pose draws the mesh as bound";
    Joints tall(makeHumanoidSkeleton(bodyShape(BodyPreset::Tall)), Pose{});
    EXPECT_GT(tall[B::Head].y, rest[B::Head].y + 0.1f);
}

TEST(Humanoid, VrmAndMixamoNamesMapToTheSameBones) {
    EXPECT_EQ(humanBoneFromName("leftUpperLeg"), B::LeftUpperLeg);
    EXPECT_EQ(humanBoneFromName("mixamorig:LeftUpLeg"), B::LeftUpperLeg);
    EXPECT_EQ(humanBoneFromName("RightForeArm"), B::RightLowerArm);
    EXPECT_EQ(humanBoneFromName("Spine2"), B::UpperChest);
    EXPECT_EQ(humanBoneFromName("HIPS"), B::Hips);
    EXPECT_FALSE(humanBoneFromName("tail").has_value());
    for (std::size_t i = 0; i < kHumanBoneCount; ++i) EXPECT_EQ(humanBoneFromName(vrmName(HumanBone(i))), HumanBone(i));
}

TEST(HumanoidClips, WalkingSwingsTheLegsInTurnAndTheArmsAgainstThem) {
    const Skeleton s = makeHumanoidSkeleton();
    const Clip& walk = humanoidClips().walk;
    Pose quarter, threeQuarters;
    sampleClip(walk, 0.25f * walk.duration, quarter);
    sampleClip(walk, 0.75f * walk.duration, threeQuarters);
    Joints a(s, quarter), b(s, threeQuarters);
    EXPECT_LT(a[B::LeftFoot].z, a[B::RightFoot].z - 0.3f) << "a quarter in, the left foot is ahead";
    EXPECT_GT(a[B::LeftHand].z, a[B::RightHand].z + 0.1f) << "and the right hand ahead of the left";
    EXPECT_GT(b[B::LeftFoot].z, b[B::RightFoot].z + 0.3f) << "half a cycle later the other way";
    EXPECT_LT(a[B::LeftHand].y, 1.0f) << "arms hang down while walking";
    // Looping: the end meets the start.
    Pose start, end;
    sampleClip(walk, 0.0f, start);
    sampleClip(walk, walk.duration - 1e-4f, end);
    EXPECT_LT(glm::distance(Joints(s, start)[B::LeftFoot], Joints(s, end)[B::LeftFoot]), 0.01f);
}

TEST(AvatarAnimator, SpeedBlendsIdleIntoWalkIntoRun) {
    const Skeleton s = makeHumanoidSkeleton();
    auto strideAt = [&](float speed) {
        AvatarAnimator a;
        double t = 0.0;
        float widest = 0.0f;
        for (int i = 0; i < 120; ++i) {
            run(a, {.speed = speed}, t, 1.0 / 60.0);
            Joints j(s, a.pose());
            widest = std::max(widest, std::abs(j[B::LeftFoot].z - j[B::RightFoot].z));
        }
        EXPECT_EQ(a.state(), State::Locomotion);
        return widest;
    };
    float still = strideAt(0.0f), slow = strideAt(0.8f), walking = strideAt(kWalkClipSpeed), running = strideAt(kRunClipSpeed);
    EXPECT_LT(still, 0.05f);
    EXPECT_GT(slow, still + 0.1f);
    EXPECT_GT(walking, slow + 0.1f);
    EXPECT_GT(running, walking + 0.2f);
}

TEST(AvatarAnimator, SittingLowersTheHipsOntoTheSeatWithTheThighsForward) {
    const Skeleton s = makeHumanoidSkeleton();
    AvatarAnimator a;
    double t = 0.0;
    run(a, {.seated = true}, t, 0.3);
    EXPECT_EQ(a.state(), State::SittingDown);
    run(a, {.seated = true}, t, 1.0);
    EXPECT_EQ(a.state(), State::Seated);
    Joints j(s, a.pose());
    EXPECT_NEAR(j[B::Hips].y, 0.10f, 0.02f) << "the root is on the seat; the hips just above it";
    EXPECT_NEAR(j[B::LeftLowerLeg].y, j[B::LeftUpperLeg].y, 0.03f) << "thighs level";
    EXPECT_LT(j[B::LeftLowerLeg].z, j[B::LeftUpperLeg].z - 0.35f) << "knees forward";
    EXPECT_LT(j[B::LeftFoot].y, j[B::LeftLowerLeg].y - 0.35f) << "shins down";
    run(a, {}, t, 0.3);
    EXPECT_EQ(a.state(), State::StandingUp);
    run(a, {}, t, 1.0);
    EXPECT_EQ(a.state(), State::Locomotion);
    EXPECT_NEAR(Joints(s, a.pose())[B::Hips].y, 0.95f, 0.02f) << "standing again";
}

TEST(AvatarAnimator, AStateChangeCrossFadesInsteadOfSnapping) {
    const Skeleton s = makeHumanoidSkeleton();
    AvatarAnimator a;
    double t = 0.0;
    run(a, {}, t, 0.5);
    float standing = Joints(s, a.pose())[B::Hips].y;
    run(a, {.seated = true}, t, 1.0 / 60.0);
    float first = Joints(s, a.pose())[B::Hips].y;
    EXPECT_GT(first, standing - 0.1f) << "one frame into sitting down the hips have hardly moved";
}

TEST(AvatarAnimator, AnEmotePlaysOnTheUpperBodyOverTheWalkAndEnds) {
    const Skeleton s = makeHumanoidSkeleton();
    AvatarAnimator a;
    double t = 0.0;
    run(a, {.speed = kWalkClipSpeed}, t, 1.0);
    AnimationInput in{.speed = kWalkClipSpeed, .emote = Emote::Wave, .emoteStart = t};
    run(a, in, t, 1.0);
    EXPECT_EQ(a.emote(), Emote::Wave);
    Joints j(s, a.pose());
    EXPECT_GT(j[B::RightHand].y, j[B::Head].y) << "waving: the right hand above the head";
    EXPECT_LT(j[B::LeftHand].y, 1.0f) << "the other arm still down";
    // The legs still walk under it.
    float widest = 0.0f;
    for (int i = 0; i < 40; ++i) {
        run(a, in, t, 1.0 / 60.0);
        Joints k(s, a.pose());
        widest = std::max(widest, std::abs(k[B::LeftFoot].z - k[B::RightFoot].z));
    }
    EXPECT_GT(widest, 0.3f);
    run(a, in, t, 1.5);
    EXPECT_EQ(a.emote(), Emote::None);
    EXPECT_LT(Joints(s, a.pose())[B::RightHand].y, 1.0f) << "after the wave the arm is down again";
}

TEST(AvatarAnimator, EveryEmoteMovesTheArmsAwayFromRest) {
    const Skeleton s = makeHumanoidSkeleton();
    AvatarAnimator idle;
    double t0 = 0.0;
    run(idle, {}, t0, 0.5);
    Joints base(s, idle.pose());
    for (Emote e : kEmotes) {
        AvatarAnimator a;
        double t = 0.0;
        run(a, {}, t, 0.5);
        run(a, {.emote = e, .emoteStart = t}, t, 0.7);
        EXPECT_EQ(a.emote(), e) << toString(e);
        Joints j(s, a.pose());
        float moved = glm::distance(j[B::LeftHand], base[B::LeftHand]) + glm::distance(j[B::RightHand], base[B::RightHand]);
        EXPECT_GT(moved, 0.2f) << toString(e);
        EXPECT_EQ(emoteFromString(toString(e)), e);
    }
}

TEST(AvatarAnimator, LeavingTheGroundFastPlaysTheJump) {
    AvatarAnimator a;
    double t = 0.0;
    run(a, {.airborne = true}, t, 0.1);
    EXPECT_EQ(a.state(), State::Airborne);
    run(a, {}, t, 0.1);
    EXPECT_EQ(a.state(), State::Locomotion);
}

TEST(CrowdAnimation, AvatarsAreAnimatedFromHowTheirTransformsMoveAndTheirSeats) {
    World w;
    Entity walker = w.create("walker"), sitter = w.create("sitter"), seat = w.create("seat");
    w.add<Avatar>(walker);
    w.add<Avatar>(sitter, Avatar{.seat = w.stableId(seat)});
    w.add<Seat>(seat);
    CrowdAnimation crowd;
    double t = 0.0;
    for (int i = 0; i < 90; ++i) {
        t += 1.0 / 60.0;
        w.get<Transform>(walker)->position.z -= kWalkClipSpeed / 60.0f;
        w.updateTransforms();
        crowd.update(w, t, 1.0f / 60.0f);
    }
    ASSERT_EQ(crowd.size(), 2u);
    EXPECT_EQ(crowd.animator(w.stableId(walker))->state(), State::Locomotion);
    EXPECT_EQ(crowd.animator(w.stableId(sitter))->state(), State::Seated);
    EXPECT_EQ(crowd.skinMatrices(w.stableId(walker)).size(), kHumanBoneCount);
    crowd.playEmote(w.stableId(sitter), Emote::Clap, t);
    t += 0.5;
    crowd.update(w, t, 0.5f);
    EXPECT_EQ(crowd.animator(w.stableId(sitter))->emote(), Emote::Clap);
    w.destroy(walker);
    crowd.update(w, t + 0.1, 0.1f);
    EXPECT_EQ(crowd.size(), 1u);
    EXPECT_EQ(crowd.animator(w.stableId(walker)), nullptr);
    EXPECT_NE(crowd.animator(w.stableId(sitter)), nullptr);
}

TEST(Mannequin, EveryVertexIsBoundToOneBoneAndTheBodyIsPersonSized) {
    const Skeleton s = makeHumanoidSkeleton();
    AvatarLook look;
    Mesh m = makeMannequinMesh(s, look);
    ASSERT_EQ(m.primitives.size(), 1u);
    const MeshPrimitive& p = m.primitives[0];
    ASSERT_EQ(p.joints.size(), p.positions.size());
    ASSERT_EQ(p.weights.size(), p.positions.size());
    for (std::size_t i = 0; i < p.joints.size(); ++i) {
        EXPECT_LT(p.joints[i].x, kHumanBoneCount);
        EXPECT_EQ(p.weights[i], vec4(1, 0, 0, 0));
    }
    EXPECT_NEAR(m.bounds.max.y, 1.75f, 0.05f);
    EXPECT_NEAR(m.bounds.min.y, 0.0f, 0.03f);
    bool skin = false, top = false;
    for (const vec4& c : p.colors) skin |= vec3(c) == look.skin, top |= vec3(c) == look.top;
    EXPECT_TRUE(skin && top) << "coloured by the look";
}
