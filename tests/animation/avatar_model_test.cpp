// Custom avatars: a glTF humanoid (VRM 0.x / 1.0, Mixamo or Ready Player Me bone names) loads,
// its bones map, the built-in clips drive it (checked on joint positions in the avatar's space
// against the built-in skeleton at the same times), an avatar over budget or a malformed file
// is refused naming the file and the reason, and the crowd draws the mannequin instead.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include "atrium/animation/avatar_library.hpp"
#include "atrium/animation/avatar_pose.hpp"
#include "atrium/animation/crowd_animation.hpp"
#include "atrium/animation/humanoid_clips.hpp"
#include "atrium/scene/world.hpp"
#include "humanoid_gltf.hpp"

using namespace atrium;
using namespace atrium::test;
using B = HumanBone;

namespace {

struct AvatarFiles : ::testing::Test {
    std::filesystem::path dir;
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() / ("atrium-avatar-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::filesystem::path write(const std::string& name, const HumanoidGltfOptions& o = {}) {
        writeHumanoidGltf(dir / name, o);
        return dir / name;
    }
    AvatarModel load(const std::string& name, const HumanoidGltfOptions& o = {}) {
        Result<AvatarModel> a = loadAvatarModel(write(name, o));
        EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().toString());
        return a.ok() ? std::move(*a) : AvatarModel{};
    }
};

// Joint positions in the avatar's space, by human bone, for a pose.
struct Posed {
    std::vector<mat4> m;
    const AvatarModel& a;
    Posed(const AvatarModel& avatar, const Pose& p) : a(avatar) { avatarGlobals(avatar, makeHumanoidSkeleton(), p, m); }
    vec3 operator[](B b) const { return vec3(m[std::size_t(a.joint(b))][3]); }
};
struct Builtin {
    std::array<mat4, kHumanBoneCount> m;
    explicit Builtin(const Pose& p) { globalMatrices(makeHumanoidSkeleton(), p, m); }
    vec3 operator[](B b) const { return vec3(m[std::size_t(b)][3]); }
};

float degreesBetween(vec3 a, vec3 b) { return glm::degrees(std::acos(glm::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.0f, 1.0f))); }

Pose clipPose(const Clip& clip, float t) {
    Pose p;
    sampleClip(clip, t, p);
    return p;
}

}  // namespace

TEST_F(AvatarFiles, AVrm1AvatarLoadsWithEveryBoneMappedFromItsTable) {
    AvatarModel a = load("vrm1.gltf", {.names = BoneNames::Vrm1});
    EXPECT_EQ(a.mapping, "VRM 1.0");
    for (std::size_t i = 0; i < kHumanBoneCount; ++i) EXPECT_GE(a.human[i], 0) << vrmName(HumanBone(i));
    EXPECT_EQ(a.bones, kHumanBoneCount);
    EXPECT_EQ(a.triangles, kHumanBoneCount * 12);
    EXPECT_EQ(a.meshNodes.size(), 1u);
    // Facing +Z in the file, turned to face -Z: its left leg at -x, its feet on the ground.
    EXPECT_LT(Posed(a, Pose{})[B::LeftUpperLeg].x, -0.05f);
    EXPECT_NEAR(a.bounds.min.y, 0.0f, 1e-4f);
    EXPECT_NEAR(a.legLength, 0.84f, 0.01f);
}

TEST_F(AvatarFiles, Vrm0MixamoAndReadyPlayerMeNamesMapTheSameBones) {
    AvatarModel vrm0 = load("vrm0.gltf", {.names = BoneNames::Vrm0, .facesPlusZ = false});
    EXPECT_EQ(vrm0.mapping, "VRM 0.x");
    AvatarModel mixamo = load("mixamo.gltf", {.names = BoneNames::Mixamo});
    AvatarModel rpm = load("rpm.gltf", {.names = BoneNames::ReadyPlayerMe, .dropUpperChest = true});
    EXPECT_EQ(mixamo.mapping, "bone names");
    for (const AvatarModel* a : {&vrm0, &mixamo}) {
        for (std::size_t i = 0; i < kHumanBoneCount; ++i) EXPECT_GE(a->human[i], 0) << a->file << " " << vrmName(HumanBone(i));
        EXPECT_LT(Posed(*a, Pose{})[B::LeftHand].x, -0.6f) << a->file << ": faces -Z once loaded";
    }
    EXPECT_EQ(rpm.joint(B::UpperChest), -1) << "an optional bone may be missing";
    EXPECT_GE(rpm.joint(B::Neck), 0);
}

TEST_F(AvatarFiles, TheRestPoseDrawsTheMeshAsBound) {
    AvatarModel a = load("rest.gltf");
    std::vector<mat4> skin;
    avatarSkinMatrices(a, makeHumanoidSkeleton(), Pose{}, skin);
    ASSERT_EQ(skin.size(), a.skinJoints.size());
    // Every joint matrix at rest is the model-to-avatar turn: the bind pose, turned and grounded.
    for (const mat4& m : skin) {
        for (int c = 0; c < 4; ++c) EXPECT_LT(glm::length(m[c] - a.modelToAvatar[c]), 1e-4f);
    }
}

TEST_F(AvatarFiles, TheSittingClipBendsHipsAndKneesAsOnTheBuiltInSkeleton) {
    // Taller, with every joint's rest rotation turned: the clip must still bend the same way.
    AvatarModel a = load("tall.gltf", {.names = BoneNames::Mixamo, .height = 2.1f});
    const Clip& sitting = humanoidClips().sitting;
    const Pose p = clipPose(sitting, 0.5f);
    Builtin src(p);
    Posed dst(a, p);
    for (auto [upper, lower, foot] :
         {std::tuple{B::LeftUpperLeg, B::LeftLowerLeg, B::LeftFoot}, std::tuple{B::RightUpperLeg, B::RightLowerLeg, B::RightFoot}}) {
        const vec3 srcThigh = src[lower] - src[upper], dstThigh = dst[lower] - dst[upper];
        const vec3 srcShin = src[foot] - src[lower], dstShin = dst[foot] - dst[lower];
        EXPECT_NEAR(degreesBetween(srcThigh, dstThigh), 0.0f, 1.0f) << "thighs point the same way";
        EXPECT_NEAR(degreesBetween(srcShin, dstShin), 0.0f, 1.0f) << "shins point the same way";
        EXPECT_GT(degreesBetween(srcThigh, vec3(0, -1, 0)), 60.0f) << "seated: the thigh is well off vertical";
        EXPECT_NEAR(degreesBetween(dstThigh, dstShin), degreesBetween(srcThigh, srcShin), 1.0f) << "the knee bends as far";
    }
    // The hips drop by as much more as the legs are longer.
    const float ratio = a.legLength / 0.84f;
    const float srcDrop = Builtin(Pose{})[B::Hips].y - src[B::Hips].y;
    const float dstDrop = Posed(a, Pose{})[B::Hips].y - dst[B::Hips].y;
    EXPECT_GT(srcDrop, 0.2f);
    EXPECT_NEAR(dstDrop, srcDrop * ratio, 0.01f);
    EXPECT_NEAR(ratio, 2.1f / 1.75f, 0.01f);
}

TEST_F(AvatarFiles, TheWalkSwingsTheSameLegForwardAtTheSameTime) {
    AvatarModel a = load("walk.gltf", {.names = BoneNames::Vrm1});
    const Clip& walk = humanoidClips().walk;
    for (float t : {0.0f, walk.duration * 0.25f, walk.duration * 0.5f, walk.duration * 0.75f}) {
        const Pose p = clipPose(walk, t);
        Builtin src(p);
        Posed dst(a, p);
        for (auto [from, to] : {std::pair{B::LeftUpperLeg, B::LeftLowerLeg}, std::pair{B::RightUpperLeg, B::RightLowerLeg},
                                std::pair{B::LeftUpperArm, B::LeftLowerArm}, std::pair{B::Spine, B::Chest}}) {
            EXPECT_NEAR(degreesBetween(src[to] - src[from], dst[to] - dst[from]), 0.0f, 1.0f) << "t " << t << " " << vrmName(from);
        }
    }
}

TEST_F(AvatarFiles, BonesTheClipsDoNotKnowKeepTheirRestPoseUnderTheirParent) {
    AvatarModel a = load("hair.gltf", {.extraJoints = 3});
    const Pose p = clipPose(humanoidClips().emote(Emote::Cheer), 0.6f);
    std::vector<mat4> g;
    avatarGlobals(a, makeHumanoidSkeleton(), p, g);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < a.joints.size(); ++i) {
        const AvatarModel::Joint& j = a.joints[i];
        if (j.human >= 0 || j.parent < 0) continue;
        const mat4 expected = g[std::size_t(j.parent)] * j.restLocal;
        for (int c = 0; c < 4; ++c) EXPECT_LT(glm::length(g[i][c] - expected[c]), 1e-4f);
        ++checked;
    }
    EXPECT_EQ(checked, 3u);
}

TEST_F(AvatarFiles, AnAvatarOverItsTriangleBudgetIsRefusedNamingTheLimit) {
    auto file = write("heavy.gltf", {.extraTriangles = 500});
    Result<AvatarModel> a = loadAvatarModel(file, AvatarBudget{.triangles = 600}, "avatars/heavy.gltf");
    ASSERT_FALSE(a.ok());
    const std::string m = a.error().toString();
    EXPECT_NE(m.find("avatars/heavy.gltf"), std::string::npos) << m;
    EXPECT_NE(m.find(std::to_string(500 + 22 * 12) + " triangles, over the avatar budget of 600 triangles"), std::string::npos) << m;
    EXPECT_TRUE(loadAvatarModel(file, AvatarBudget{.triangles = 800}).ok()) << "the same file under a larger budget";
}

TEST_F(AvatarFiles, AnAvatarOverItsBoneTextureOrFileBudgetIsRefused) {
    Result<AvatarModel> bones = loadAvatarModel(write("bones.gltf", {.extraJoints = 120}), {});
    ASSERT_FALSE(bones.ok());
    EXPECT_NE(bones.error().message.find("142 bones, over the avatar budget of 128 bones"), std::string::npos) << bones.error().message;
    Result<AvatarModel> texture = loadAvatarModel(write("texture.gltf", {.textureSize = 4096}), {});
    ASSERT_FALSE(texture.ok()) << "a 4096 x 4096 texture is 64 MiB decoded";
    EXPECT_NE(texture.error().message.find("bytes of texture memory, over the avatar budget of 16777216"), std::string::npos)
        << texture.error().message;
    Result<AvatarModel> file = loadAvatarModel(write("file.gltf"), AvatarBudget{.fileBytes = 1000});
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.error().message.find("over the avatar budget of 1000 bytes"), std::string::npos) << file.error().message;
    // A .gltf with its buffer in a file beside it counts both.
    const auto split = write("split.gltf", {.externalBuffer = true});
    const auto jsonBytes = std::filesystem::file_size(split);
    ASSERT_TRUE(loadAvatarModel(split).ok());
    Result<AvatarModel> beside = loadAvatarModel(split, AvatarBudget{.fileBytes = jsonBytes + 100});
    ASSERT_FALSE(beside.ok());
    EXPECT_NE(beside.error().message.find("the file and the buffers and images beside it are"), std::string::npos) << beside.error().message;
}

TEST_F(AvatarFiles, MalformedFilesAreRefusedNamingTheFileAndWhatIsWrong) {
    std::mt19937 rng(7);
    std::vector<char> noise(4096);
    for (char& c : noise) c = char(rng());
    std::ofstream(dir / "noise.glb", std::ios::binary).write(noise.data(), std::streamsize(noise.size()));
    Result<AvatarModel> n = loadAvatarModel(dir / "noise.glb", {}, "avatars/noise.glb");
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().file, "avatars/noise.glb");

    Result<AvatarModel> unskinned = loadAvatarModel(write("statue.gltf", {.skin = false}));
    ASSERT_FALSE(unskinned.ok());
    EXPECT_NE(unskinned.error().toString().find("statue.gltf: has no skin"), std::string::npos) << unskinned.error().toString();

    for (BoneNames names : {BoneNames::Mixamo, BoneNames::Vrm1}) {
        Result<AvatarModel> hipless = loadAvatarModel(write("hipless.gltf", {.names = names, .dropHips = true}));
        ASSERT_FALSE(hipless.ok());
        EXPECT_NE(hipless.error().toString().find("hipless.gltf: not a humanoid avatar: no hips bone"), std::string::npos)
            << hipless.error().toString();
    }
    EXPECT_FALSE(loadAvatarModel(dir / "absent.glb").ok());
}

TEST_F(AvatarFiles, TheCrowdDrawsAChosenAvatarAndFallsBackToTheMannequinWithAMessage) {
    write("robot.gltf");
    write("heavy.gltf", {.extraTriangles = 30000});
    std::filesystem::create_directories(dir / "avatars");
    std::vector<std::string> asked;
    AvatarLibrary library([&](std::string_view p) -> std::optional<std::filesystem::path> {
        asked.emplace_back(p);
        if (p == "avatars/later.glb") return std::nullopt;  // still downloading
        return dir / std::filesystem::path(p).filename();
    });
    CrowdAnimation crowd;
    crowd.setAvatars(&library);
    World w;
    Entity robot = w.create("robot"), heavy = w.create("heavy"), bad = w.create("bad"), later = w.create("later");
    for (Entity e : {robot, heavy, bad, later}) w.add<Avatar>(e);
    w.updateTransforms();
    auto lookWith = [](std::string model) {
        AvatarLook l;
        l.model = std::move(model);
        return l;
    };
    crowd.setLook(w.stableId(robot), lookWith("avatars/robot.gltf"));
    crowd.setLook(w.stableId(heavy), lookWith("avatars/heavy.gltf"));
    crowd.setLook(w.stableId(bad), lookWith("../secrets/key.glb"));
    crowd.setLook(w.stableId(later), lookWith("avatars/later.glb"));
    crowd.setLook(w.stableId(later), lookWith("avatars/later.glb"));
    crowd.update(w, 0.0, 1.0f / 60.0f);

    ASSERT_NE(crowd.avatarModel(w.stableId(robot)), nullptr);
    EXPECT_EQ(crowd.skinMatrices(w.stableId(robot)).size(), crowd.avatarModel(w.stableId(robot))->skinJoints.size());
    // Standing idle: the head about where it is at rest (1.55 m up the skeleton, lifted onto the soles).
    EXPECT_NEAR(crowd.headPosition(w.stableId(robot))->y, crowd.avatarModel(w.stableId(robot))->headHeight, 0.03f);
    EXPECT_NEAR(crowd.avatarModel(w.stableId(robot))->headHeight, 1.58f, 0.01f);
    for (Entity e : {heavy, bad, later}) {
        EXPECT_EQ(crowd.avatarModel(w.stableId(e)), nullptr);
        EXPECT_EQ(crowd.skinMatrices(w.stableId(e)).size(), kHumanBoneCount) << "drawn as the mannequin";
    }
    ASSERT_EQ(library.messages().size(), 2u) << "heavy and the path outside the venue, once each";
    EXPECT_NE(
        library.messages()[0].find("avatars/heavy.gltf: 30264 triangles, over the avatar budget of 20000 triangles; drawn as the mannequin"),
        std::string::npos)
        << library.messages()[0];
    EXPECT_NE(library.messages()[1].find("../secrets/key.glb: not an avatar path"), std::string::npos) << library.messages()[1];
    EXPECT_EQ(std::count(asked.begin(), asked.end(), "avatars/later.glb"), 2) << "a file not there yet is asked for again";
    EXPECT_EQ(std::count(asked.begin(), asked.end(), "../secrets/key.glb"), 0) << "a bad path never reaches the resolver";
}
