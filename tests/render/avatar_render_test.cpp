// Custom avatars on screen: a glTF humanoid drawn with its own mesh and material beside the
// built-in mannequin, posed by the same crowd, on lavapipe with validation on.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

#include "animation/humanoid_gltf.hpp"
#include "atrium/animation/avatar_library.hpp"
#include "atrium/animation/crowd_animation.hpp"
#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

std::mutex gLogMutex;
std::vector<std::string> gLoggedProblems;

class AvatarRenderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setLogSink([](LogLevel level, std::string_view channel, std::string_view message) {
            if (level < LogLevel::Warn) return;
            std::lock_guard lock(gLogMutex);
            gLoggedProblems.push_back(std::string(channel) + ": " + std::string(message));
        });
        RendererOptions o;
        o.validation = true;
        o.shadowMapSize = 1024;
        auto r = Renderer::create(o);
        ASSERT_TRUE(r) << r.error().toString();
        renderer_ = std::move(r).value();
    }
    static void TearDownTestSuite() { renderer_.reset(); }
    void SetUp() override {
        ASSERT_TRUE(renderer_);
        ASSERT_TRUE(renderer_->validationEnabled()) << "render tests need VK_LAYER_KHRONOS_validation";
        validationBefore_ = vulkanValidationMessageCount();
        dir_ = fs::temp_directory_path() / ("atrium-avatar-render-" + std::to_string(::getpid()));
        fs::create_directories(dir_ / "avatars");
    }
    void TearDown() override {
        EXPECT_EQ(vulkanValidationMessageCount(), validationBefore_) << "validation layer messages (see the log)";
        std::lock_guard lock(gLogMutex);
        for (const std::string& p : gLoggedProblems) ADD_FAILURE() << "logged: " << p;
        gLoggedProblems.clear();
        fs::remove_all(dir_);
    }
    static std::unique_ptr<Renderer> renderer_;
    std::size_t validationBefore_ = 0;
    fs::path dir_;
};
std::unique_ptr<Renderer> AvatarRenderTest::renderer_;

World stage() {
    World w;
    w.settings.sunIntensity = 3.0f;
    w.settings.sunDirection = glm::normalize(vec3(0.3f, -1.0f, -0.6f));
    w.settings.ambientIntensity = 0.6f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.02f);
    Entity floor = w.create("floor");
    w.get<Transform>(floor)->scale = vec3(20.0f, 1.0f, 20.0f);
    w.add<MeshRenderer>(floor, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:white"});
    return w;
}

Entity addAvatar(World& w, vec3 position) {
    Entity e = w.create("avatar");
    w.get<Transform>(e)->position = position;
    w.add<Avatar>(e);
    return e;
}

vec2 toPixel(const CameraView& cam, vec3 p, std::uint32_t w, std::uint32_t h) {
    vec4 clip = cam.projection(float(w) / float(h)) * cam.view() * vec4(p, 1.0f);
    vec2 ndc = vec2(clip) / clip.w;
    return vec2((ndc.x * 0.5f + 0.5f) * float(w), (ndc.y * 0.5f + 0.5f) * float(h));
}

// Pixels in a small square around `at` whose channel `c` clearly dominates the other two.
int dominantPixels(const Image& img, vec2 at, int c, int radius = 3) {
    int n = 0;
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const std::uint8_t* p = img.pixel(std::uint32_t(int(at.x) + dx), std::uint32_t(int(at.y) + dy));
            n += p[c] > 40 && p[c] > p[(c + 1) % 3] + 25 && p[c] > p[(c + 2) % 3] + 25;
        }
    }
    return n;
}

}  // namespace

TEST_F(AvatarRenderTest, ACustomAvatarIsDrawnInItsOwnMaterialBesideAMannequin) {
    test::writeHumanoidGltf(dir_ / "avatars" / "green.gltf", {.names = test::BoneNames::Vrm1, .color = vec4(0.05f, 0.8f, 0.05f, 1.0f)});
    AvatarLibrary library([&](std::string_view p) -> std::optional<fs::path> { return dir_ / fs::path(p); });
    World w = stage();
    Entity custom = addAvatar(w, vec3(-0.7f, 0.0f, 0.0f));
    Entity mannequin = addAvatar(w, vec3(0.7f, 0.0f, 0.0f));
    Entity behind = addAvatar(w, vec3(-0.7f, 0.0f, -3.0f));  // a second wearer of the same file
    w.updateTransforms();
    CrowdAnimation crowd;
    crowd.setAvatars(&library);
    AvatarLook green, red;
    green.model = "avatars/green.gltf";
    green.top = red.top = vec3(0.8f, 0.03f, 0.03f);  // the fallback colours: not what is drawn
    crowd.setLook(w.stableId(custom), green);
    crowd.setLook(w.stableId(behind), green);
    crowd.setLook(w.stableId(mannequin), red);
    crowd.update(w, 1.0, 1.0f / 60.0f);
    ASSERT_NE(crowd.avatarModel(w.stableId(custom)), nullptr) << library.problem("avatars/green.gltf");

    CameraView cam;
    cam.eye = vec3(0.0f, 1.3f, 4.0f);
    cam.target = vec3(0.0f, 1.1f, 0.0f);
    cam.fovYDegrees = 45.0f;
    renderer_->setCrowd(&crowd);
    auto img = renderer_->renderToImage(w, cam, 256, 192);
    RenderStats stats = renderer_->stats();
    renderer_->setCrowd(nullptr);
    ASSERT_TRUE(img) << img.error().toString();
    (void)saveImagePng(*img, fs::path(ATRIUM_BIN_DIR).parent_path() / "render-diffs" / "custom_avatar.png");

    // The custom avatar's chest box in its material's green; the mannequin's chest in its red top.
    vec2 customChest = toPixel(cam, vec3(-0.7f, 1.25f, 0.0f), 256, 192);
    vec2 mannequinChest = toPixel(cam, vec3(0.7f, 1.3f, 0.0f), 256, 192);
    EXPECT_GT(dominantPixels(*img, customChest, 1), 30) << "green at " << customChest.x << "," << customChest.y;
    EXPECT_EQ(dominantPixels(*img, customChest, 0), 0) << "not the fallback look's red";
    EXPECT_GT(dominantPixels(*img, mannequinChest, 0), 30) << "red at " << mannequinChest.x << "," << mannequinChest.y;
    EXPECT_EQ(dominantPixels(*img, mannequinChest, 1), 0);
    // Its legs are where its skeleton puts them: a green box at each knee, the floor between.
    vec2 leftKnee = toPixel(cam, vec3(-0.7f - 0.09f, 0.48f, 0.0f), 256, 192);
    vec2 rightKnee = toPixel(cam, vec3(-0.7f + 0.09f, 0.48f, 0.0f), 256, 192);
    vec2 between = toPixel(cam, vec3(-0.7f, 0.48f, 0.0f), 256, 192);
    EXPECT_GT(dominantPixels(*img, leftKnee, 1, 1), 3) << "the left knee's box";
    EXPECT_GT(dominantPixels(*img, rightKnee, 1, 1), 3) << "the right knee's box";
    EXPECT_EQ(dominantPixels(*img, between, 1, 0), 0) << "no box between the knees";
    EXPECT_EQ(renderer_->pick(w, std::uint32_t(customChest.x), std::uint32_t(customChest.y)), custom);
    EXPECT_EQ(stats.drawCalls, 3u) << "the floor, both wearers of the file in one draw, the mannequin";
    EXPECT_GE(stats.visibleInstances, 4u);
}

TEST_F(AvatarRenderTest, AnAvatarOverBudgetIsDrawnAsTheMannequinAndSaysWhy) {
    test::writeHumanoidGltf(dir_ / "avatars" / "heavy.gltf", {.extraTriangles = 2000, .color = vec4(0.05f, 0.8f, 0.05f, 1.0f)});
    AvatarLibrary library([&](std::string_view p) -> std::optional<fs::path> { return dir_ / fs::path(p); }, AvatarBudget{.triangles = 1000});
    World w = stage();
    Entity person = addAvatar(w, vec3(0.0f));
    w.updateTransforms();
    CrowdAnimation crowd;
    crowd.setAvatars(&library);
    AvatarLook look;
    look.model = "avatars/heavy.gltf";
    look.top = vec3(0.8f, 0.03f, 0.03f);
    crowd.setLook(w.stableId(person), look);
    crowd.update(w, 1.0, 1.0f / 60.0f);
    {
        std::lock_guard lock(gLogMutex);
        ASSERT_EQ(gLoggedProblems.size(), 1u);
        EXPECT_NE(gLoggedProblems[0].find("avatars/heavy.gltf: 2264 triangles, over the avatar budget of 1000 triangles"), std::string::npos)
            << gLoggedProblems[0];
        gLoggedProblems.clear();  // expected: the warning is the point
    }
    CameraView cam;
    cam.eye = vec3(0.0f, 1.3f, 4.0f);
    cam.target = vec3(0.0f, 1.1f, 0.0f);
    cam.fovYDegrees = 45.0f;
    renderer_->setCrowd(&crowd);
    auto img = renderer_->renderToImage(w, cam, 256, 192);
    renderer_->setCrowd(nullptr);
    ASSERT_TRUE(img) << img.error().toString();
    vec2 chest = toPixel(cam, vec3(0.0f, 1.3f, 0.0f), 256, 192);
    EXPECT_GT(dominantPixels(*img, chest, 0), 30) << "the mannequin in the look's red top";
    EXPECT_EQ(dominantPixels(*img, chest, 1), 0) << "not the refused file's green";
}
