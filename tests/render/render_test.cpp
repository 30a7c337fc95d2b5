// Render tests: lavapipe (or any Vulkan 1.3 device) with validation on. Images are compared
// with references in tests/data/reference/: a pixel differs when any channel is off by more
// than kChannelTolerance, and a test fails when more than kMaxDifferingFraction of pixels do.
// On failure the actual image and a diff (red = differing pixel) go to <build>/render-diffs/.
// ATRIUM_UPDATE_REFERENCES=1 rewrites the references instead (review them before committing).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/assets/gltf_importer.hpp"
#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/venue_file.hpp"
#include "reference_image.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

using atrium::test::expectMatchesReference;
using atrium::test::kChannelTolerance;
constexpr std::uint32_t kSize = 192;

std::mutex gLogMutex;
std::vector<std::string> gLoggedProblems;

class RenderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setLogSink([](LogLevel level, std::string_view channel, std::string_view message) {
            if (level >= LogLevel::Warn) {
                std::lock_guard lock(gLogMutex);
                gLoggedProblems.push_back(std::string(channel) + ": " + std::string(message));
                std::fprintf(stderr, "[%s] %.*s: %.*s\n", toString(level), int(channel.size()), channel.data(), int(message.size()),
                             message.data());
            }
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
        std::lock_guard lock(gLogMutex);
        gLoggedProblems.clear();
    }
    void TearDown() override {
        EXPECT_EQ(vulkanValidationMessageCount(), validationBefore_) << "validation layer messages (see the log)";
        std::lock_guard lock(gLogMutex);
        for (const std::string& p : gLoggedProblems) ADD_FAILURE() << "logged: " << p;
    }

    Renderer& r() { return *renderer_; }

    // 256 x 192 with the crowd's poses and looks, kept in render-diffs/ to look at.
    Image renderWithCrowd(const World& w, const CrowdAnimation& crowd, const CameraView& cam, const std::string& name,
                          RenderStats* stats = nullptr) {
        r().setCrowd(&crowd);
        Image img = render(w, cam, 256, 192);
        if (stats) *stats = r().stats();
        r().setCrowd(nullptr);
        (void)saveImagePng(img, fs::path(ATRIUM_BIN_DIR).parent_path() / "render-diffs" / (name + ".png"));
        return img;
    }

    Image render(const World& w, const CameraView& cam, std::uint32_t width = kSize, std::uint32_t height = kSize) {
        auto img = r().renderToImage(w, cam, width, height);
        EXPECT_TRUE(img) << (img ? "" : img.error().toString());
        return img ? std::move(img).value() : Image{};
    }

    static std::unique_ptr<Renderer> renderer_;
    std::uint64_t validationBefore_ = 0;
};

std::unique_ptr<Renderer> RenderTest::renderer_;

Entity addMesh(World& w, const std::string& mesh, vec3 position, vec3 scale = vec3(1.0f), const std::string& material = {}) {
    Entity e = w.create(mesh);
    Transform* t = w.get<Transform>(e);
    t->position = position;
    t->scale = scale;
    MeshRenderer mr;
    mr.mesh = mesh;
    mr.material = material;
    w.add<MeshRenderer>(e, mr);
    return e;
}

float luminance(const Image& img, std::uint32_t x, std::uint32_t y) {
    const std::uint8_t* p = img.pixel(x, y);
    return 0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2];
}

// ---- the lighting equation, as the shaders evaluate it, for the analytic test

float ggx(float nh, float a) {
    float a2 = a * a;
    float d = nh * nh * (a2 - 1.0f) + 1.0f;
    return a2 / (float(M_PI) * d * d);
}
float smithVisibility(float nv, float nl, float a) {
    float a2 = a * a;
    float gv = nl * std::sqrt(nv * nv * (1.0f - a2) + a2);
    float gl = nv * std::sqrt(nl * nl * (1.0f - a2) + a2);
    return 0.5f / (gv + gl);
}
vec3 pbrNeutral(vec3 c) {
    const float start = 0.8f - 0.04f, desat = 0.15f;
    float x = std::min(c.r, std::min(c.g, c.b));
    float offset = x < 0.08f ? x - 6.25f * x * x : 0.04f;
    c -= offset;
    float peak = std::max(c.r, std::max(c.g, c.b));
    if (peak < start) return c;
    float d = 1.0f - start;
    float newPeak = 1.0f - d * d / (peak + d - start);
    c *= newPeak / peak;
    float g = 1.0f - 1.0f / (desat * (peak - newPeak) + 1.0f);
    return glm::mix(c, vec3(newPeak), g);
}
float toSrgb(float c) {
    c = std::clamp(c, 0.0f, 1.0f);
    return c <= 0.0031308f ? c * 12.92f : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
}

// Radiance towards the viewer from a Lambert + GGX surface under a sun of irradiance E.
vec3 predictedPixel(vec3 albedo, float roughness, vec3 n, vec3 v, vec3 l, float sunE, float exposure) {
    vec3 h = glm::normalize(v + l);
    float nl = glm::dot(n, l), nv = glm::dot(n, v), nh = glm::dot(n, h), vh = glm::dot(v, h);
    float a = roughness * roughness;
    float f = 0.04f + 0.96f * std::pow(1.0f - vh, 5.0f);
    vec3 diffuse = (1.0f - f) * albedo / float(M_PI);
    float specular = f * ggx(nh, a) * smithVisibility(nv, nl, a);
    vec3 radiance = (diffuse + vec3(specular)) * sunE * nl * exposure;
    vec3 mapped = pbrNeutral(radiance);
    return vec3(toSrgb(mapped.r), toSrgb(mapped.g), toSrgb(mapped.b)) * 255.0f;
}

}  // namespace

TEST_F(RenderTest, WhiteDiffusePlaneUnderAKnownSunMatchesTheLightingEquation) {
    struct Case {
        vec3 sunDirection;
        float intensity;
    };
    for (const Case& c :
         {Case{vec3(0, -1, 0), 2.0f}, Case{glm::normalize(vec3(1, -1, 0)), 3.0f}, Case{glm::normalize(vec3(0.3f, -1, 0.5f)), 0.8f}}) {
        World w;
        w.settings.sunDirection = c.sunDirection;
        w.settings.sunColor = vec3(1.0f);
        w.settings.sunIntensity = c.intensity;
        w.settings.ambientIntensity = 0.0f;  // the sky's light is not part of this equation
        w.settings.exposure = 1.0f;
        Entity plane = addMesh(w, "builtin:plane", vec3(0.0f), vec3(20.0f, 1.0f, 20.0f), "builtin:white");
        w.get<MeshRenderer>(plane)->castShadows = false;
        w.updateTransforms();
        CameraView cam;
        cam.eye = vec3(0.0f, 5.0f, 0.0f);
        cam.target = vec3(0.0f);
        cam.fovYDegrees = 30.0f;
        Image img = render(w, cam, 64, 64);
        ASSERT_EQ(img.width, 64u);
        // builtin:white: albedo (0.8, 0.8, 0.78), roughness 0.8, dielectric. The centre pixel
        // looks straight down the normal.
        vec3 expected = predictedPixel(vec3(0.8f, 0.8f, 0.78f), 0.8f, vec3(0, 1, 0), vec3(0, 1, 0), -c.sunDirection, c.intensity, 1.0f);
        const std::uint8_t* p = img.pixel(32, 32);
        for (int ch = 0; ch < 3; ++ch) {
            EXPECT_NEAR(float(p[ch]), expected[ch], 2.0f)
                << "channel " << ch << " sun " << c.sunDirection.x << "," << c.sunDirection.y << "," << c.sunDirection.z;
        }
    }
}

TEST_F(RenderTest, EveryTestModelMatchesItsReference) {
    fs::path dir = fs::path(ATRIUM_TEST_DATA) / "gltf" / "models";
    std::vector<fs::path> models;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        std::string ext = entry.path().extension().string();
        if (ext == ".gltf" || ext == ".glb") models.push_back(entry.path());
    }
    std::sort(models.begin(), models.end());
    ASSERT_GE(models.size(), 5u);
    for (const fs::path& path : models) {
        SCOPED_TRACE(path.string());
        auto model = r().assets().loadModel(path.string());
        ASSERT_TRUE(model) << model.error().toString();
        World w;
        instantiateModel(w, **model, path.string());
        w.updateTransforms();
        Aabb bounds = r().worldBounds(w);
        ASSERT_FALSE(bounds.empty());
        Image img = render(w, frameBounds(bounds, 1.0f));
        // Not blank: the model covers a good part of the frame, so many pixels differ from the sky's corner.
        std::size_t differ = 0;
        for (std::uint32_t y = 0; y < img.height; ++y)
            for (std::uint32_t x = 0; x < img.width; ++x) differ += std::abs(luminance(img, x, y) - luminance(img, 0, 0)) > 10.0f;
        EXPECT_GT(differ, img.width * img.height / 20) << "the image looks blank";
        expectMatchesReference(img, "model_" + path.stem().string());
    }
}

TEST_F(RenderTest, SunCastsShadowsWhereTheGeometryPredicts) {
    World w;
    w.settings.sunDirection = glm::normalize(vec3(1.0f, -1.0f, 0.0f));
    w.settings.sunIntensity = 3.0f;
    Entity ground = addMesh(w, "builtin:plane", vec3(0.0f), vec3(30.0f, 1.0f, 30.0f), "builtin:concrete");
    addMesh(w, "builtin:box", vec3(0.0f, 2.0f, 0.0f), vec3(1.0f), "builtin:wood");
    addMesh(w, "builtin:sphere", vec3(-4.0f, 1.0f, 3.0f), vec3(1.0f), "builtin:metal");
    addMesh(w, "builtin:cylinder", vec3(4.0f, 0.0f, -4.0f), vec3(0.5f, 3.0f, 0.5f), "builtin:white");
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(1.0f, 14.0f, 0.01f);
    cam.target = vec3(1.0f, 0.0f, 0.0f);
    cam.fovYDegrees = 60.0f;
    Image img = render(w, cam);
    auto project = [&](vec3 p) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(p, 1.0f);
        vec2 ndc = vec2(clip) / clip.w;
        return glm::uvec2((ndc * 0.5f + 0.5f) * float(kSize));
    };
    // The box floats 2 m up with the sun at 45 degrees: its shadow is centred 2 m along +x.
    glm::uvec2 shadowed = project(vec3(2.0f, 0.0f, 0.0f));
    glm::uvec2 lit = project(vec3(-1.5f, 0.0f, -1.5f));
    EXPECT_EQ(r().pick(w, shadowed.x, shadowed.y), ground);
    EXPECT_EQ(r().pick(w, lit.x, lit.y), ground);
    EXPECT_LT(luminance(img, shadowed.x, shadowed.y), 0.6f * luminance(img, lit.x, lit.y));
    expectMatchesReference(img, "shadows");
}

TEST_F(RenderTest, AlphaMaskCutsAndAlphaBlendMixesBackToFront) {
    fs::path path = fs::path(ATRIUM_TEST_DATA) / "render" / "alpha_quads.gltf";
    World w;
    w.settings.ambientIntensity = 0.6f;
    addMesh(w, "builtin:plane", vec3(0.0f, -1.0f, 0.0f), vec3(10.0f, 1.0f, 10.0f), "builtin:white");
    Entity keep = addMesh(w, path.string() + "#0", vec3(-1.2f, 0.0f, 0.0f));
    Entity cut = addMesh(w, path.string() + "#1", vec3(1.2f, 0.0f, 0.0f));
    // Blue behind red, overlapping: back to front means red on top where they overlap.
    addMesh(w, path.string() + "#3", vec3(0.25f, -0.25f, -1.0f), vec3(1.2f));
    addMesh(w, path.string() + "#2", vec3(-0.25f, 0.25f, 0.0f), vec3(1.2f));
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 0.0f, 5.0f);
    cam.target = vec3(0.0f);
    cam.fovYDegrees = 50.0f;
    Image img = render(w, cam);
    auto project = [&](vec3 p) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(p, 1.0f);
        vec2 ndc = vec2(clip) / clip.w;
        return glm::uvec2((ndc * 0.5f + 0.5f) * float(kSize));
    };
    glm::uvec2 kept = project(vec3(-1.2f, -0.35f, 0.0f));
    glm::uvec2 cutAway = project(vec3(1.4f, -0.3f, 0.0f));
    EXPECT_EQ(r().pick(w, kept.x, kept.y), keep);
    EXPECT_NE(r().pick(w, cutAway.x, cutAway.y), cut) << "alpha below the cutoff must be discarded";
    const std::uint8_t* green = img.pixel(kept.x, kept.y);
    EXPECT_GT(green[1], green[0] + 40);
    // Where red (front) covers blue (back), red dominates: it was blended last.
    glm::uvec2 overlap = project(vec3(0.0f, 0.0f, 0.0f));
    const std::uint8_t* mixed = img.pixel(overlap.x, overlap.y);
    EXPECT_GT(mixed[0], mixed[2]);
    EXPECT_GT(mixed[2], 40) << "the blue quad behind shows through";
    expectMatchesReference(img, "alpha");
}

TEST_F(RenderTest, AlphaMaskedMaterialsCastCutOutShadows) {
    // Two horizontal quads 2 m up under a 45 degree sun: the one whose alpha passes the cutoff
    // shadows the ground 2 m along +x; the one cut away entirely must cast no shadow at all.
    fs::path path = fs::path(ATRIUM_TEST_DATA) / "render" / "alpha_quads.gltf";
    World w;
    w.settings.sunDirection = glm::normalize(vec3(1.0f, -1.0f, 0.0f));
    w.settings.sunIntensity = 3.0f;
    Entity ground = addMesh(w, "builtin:plane", vec3(0.0f), vec3(30.0f, 1.0f, 30.0f), "builtin:concrete");
    quat flat = glm::angleAxis(glm::radians(-90.0f), vec3(1.0f, 0.0f, 0.0f));
    Entity keep = addMesh(w, path.string() + "#0", vec3(-3.0f, 2.0f, 0.0f), vec3(2.0f));
    Entity cut = addMesh(w, path.string() + "#1", vec3(1.0f, 2.0f, 0.0f), vec3(2.0f));
    w.get<Transform>(keep)->rotation = flat;
    w.get<Transform>(cut)->rotation = flat;
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(1.0f, 14.0f, 0.01f);
    cam.target = vec3(1.0f, 0.0f, 0.0f);
    cam.fovYDegrees = 60.0f;
    Image img = render(w, cam);
    auto project = [&](vec3 p) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(p, 1.0f);
        vec2 ndc = vec2(clip) / clip.w;
        return glm::uvec2((ndc * 0.5f + 0.5f) * float(kSize));
    };
    glm::uvec2 underKept = project(vec3(-1.0f, 0.0f, 0.0f));
    glm::uvec2 underCut = project(vec3(3.0f, 0.0f, 0.0f));
    glm::uvec2 lit = project(vec3(1.0f, 0.0f, -3.0f));
    for (glm::uvec2 p : {underKept, underCut, lit}) EXPECT_EQ(r().pick(w, p.x, p.y), ground);
    EXPECT_LT(luminance(img, underKept.x, underKept.y), 0.6f * luminance(img, lit.x, lit.y));
    EXPECT_GT(luminance(img, underCut.x, underCut.y), 0.9f * luminance(img, lit.x, lit.y))
        << "a quad cut away by its alpha mask must not shadow the ground";
    expectMatchesReference(img, "masked_shadows");
}

TEST_F(RenderTest, TwoHundredFiftySixPointLightsAllReachTheFloor) {
    World w;
    w.settings.sunIntensity = 0.0f;
    w.settings.ambientIntensity = 0.02f;
    w.settings.skyZenithColor = vec3(0.01f);
    w.settings.skyHorizonColor = vec3(0.02f);
    addMesh(w, "builtin:plane", vec3(0.0f), vec3(32.0f, 1.0f, 32.0f), "builtin:white");
    for (int i = 0; i < 256; ++i) {
        Entity e = w.create("light");
        w.get<Transform>(e)->position = vec3(float(i % 16) * 2.0f - 15.0f, 0.6f, float(i / 16) * 2.0f - 15.0f);
        Light l;
        l.type = Light::Type::Point;
        l.color = vec3(0.5f + 0.5f * std::sin(float(i)), 0.5f + 0.5f * std::sin(float(i) * 1.7f + 2.0f),
                       0.5f + 0.5f * std::sin(float(i) * 2.3f + 4.0f));
        l.intensity = 2.0f;
        l.range = 1.6f;
        w.add<Light>(e, l);
    }
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 28.0f, 0.01f);
    cam.target = vec3(0.0f);
    cam.fovYDegrees = 65.0f;
    Image img = render(w, cam, 256, 256);
    EXPECT_EQ(r().stats().lightsInView, 256u);
    auto project = [&](vec3 p) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(p, 1.0f);
        vec2 ndc = vec2(clip) / clip.w;
        return glm::uvec2((ndc * 0.5f + 0.5f) * 256.0f);
    };
    // Under every light the floor is lit; halfway between four lights (out of range) it is dark.
    int lit = 0;
    for (int i = 0; i < 256; ++i) {
        glm::uvec2 p = project(vec3(float(i % 16) * 2.0f - 15.0f, 0.0f, float(i / 16) * 2.0f - 15.0f));
        const std::uint8_t* px = img.pixel(p.x, p.y);
        lit += std::max({px[0], px[1], px[2]}) > 60;
    }
    EXPECT_EQ(lit, 256);
    glm::uvec2 between = project(vec3(-14.0f + 0.0f, 0.0f, -14.0f));
    EXPECT_LT(luminance(img, between.x, between.y), 25.0f);
    expectMatchesReference(img, "point_lights_256");
}

TEST_F(RenderTest, PickingReturnsTheEntityUnderAPixel) {
    World w;
    Entity box = addMesh(w, "builtin:box", vec3(0.0f), vec3(1.0f));
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 0.0f, 4.0f);
    cam.target = vec3(0.0f);
    render(w, cam, 64, 64);
    EXPECT_EQ(r().pick(w, 32, 32), box);
    EXPECT_EQ(r().pick(w, 1, 1), kNullEntity);
    EXPECT_EQ(r().pick(w, 1000, 1000), kNullEntity);
}

TEST_F(RenderTest, AnEntityMovedBetweenFramesIsDrawnWhereItNowIs) {
    // Many identical boxes share one instanced batch; moving one must still move it on screen
    // (no stale instance data kept from the frame before).
    World w;
    for (int i = 0; i < 8; ++i) addMesh(w, "builtin:box", vec3(float(i) * 0.6f - 2.1f, -1.5f, 0.0f), vec3(0.4f));
    Entity mover = addMesh(w, "builtin:box", vec3(-1.5f, 0.8f, 0.0f), vec3(0.8f));
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 0.0f, 6.0f);
    cam.target = vec3(0.0f);
    auto columnOf = [&](float x) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(x, 0.8f, 0.0f, 1.0f);
        return glm::uvec2((vec2(clip) / clip.w * 0.5f + 0.5f) * 64.0f);
    };
    glm::uvec2 left = columnOf(-1.5f), right = columnOf(1.5f);
    Image before = render(w, cam, 64, 64);
    EXPECT_EQ(r().pick(w, left.x, left.y), mover);
    EXPECT_EQ(r().pick(w, right.x, right.y), kNullEntity);
    w.get<Transform>(mover)->position.x = 1.5f;
    w.updateTransforms();
    Image after = render(w, cam, 64, 64);
    EXPECT_EQ(r().pick(w, left.x, left.y), kNullEntity);
    EXPECT_EQ(r().pick(w, right.x, right.y), mover);
    EXPECT_GT(std::abs(luminance(before, left.x, left.y) - luminance(after, left.x, left.y)), 5.0f);
    EXPECT_GT(std::abs(luminance(before, right.x, right.y) - luminance(after, right.x, right.y)), 5.0f);
}

TEST_F(RenderTest, SampleVenueMatchesItsReference) {
    fs::path venue = fs::path(ATRIUM_SOURCE_DIR) / "samples" / "concert_hall" / "concert_hall.venue.json";
    if (!fs::exists(venue)) GTEST_SKIP() << "no sample venue in this checkout";
    auto loaded = loadVenue(venue);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    World w = std::move(loaded).value();
    w.updateTransforms();
    r().assets().setRoot(venue.parent_path());
    CameraView cam;
    cam.eye = vec3(12.0f, 9.0f, 30.0f);
    cam.target = vec3(0.0f, 3.0f, -12.0f);
    Image img = render(w, cam, 256, 160);
    EXPECT_LT(r().stats().drawCalls, 40u) << "thousands of seats must be a handful of instanced draws";
    EXPECT_GT(r().stats().visibleInstances, 1000u);
    r().assets().setRoot({});
    expectMatchesReference(img, "concert_hall");
}

TEST_F(RenderTest, BadSizesAreErrorsNotCrashes) {
    World w;
    auto img = r().renderToImage(w, CameraView{}, 0, 10);
    EXPECT_FALSE(img);
}

TEST_F(RenderTest, UnknownMeshesAreReportedAndSkipped) {
    World w;
    addMesh(w, "builtin:no_such_mesh", vec3(0.0f));
    w.updateTransforms();
    auto img = r().renderToImage(w, CameraView{}, 32, 32);
    ASSERT_TRUE(img);
    EXPECT_GE(r().stats().missingAssets, 1u);
    std::lock_guard lock(gLogMutex);
    EXPECT_FALSE(gLoggedProblems.empty());
    gLoggedProblems.clear();  // the error log was the expected behaviour
}

TEST(RendererLifetime, ShutsDownWithoutLeaksOrValidationMessages) {
    std::uint64_t before = vulkanValidationMessageCount();
    {
        RendererOptions o;
        o.validation = true;
        auto r = Renderer::create(o);
        ASSERT_TRUE(r) << r.error().toString();
        World w;
        addMesh(w, "builtin:sphere", vec3(0.0f));
        w.updateTransforms();
        for (std::uint32_t size : {32u, 48u, 32u}) {  // resizing recreates targets
            ASSERT_TRUE((*r)->renderToImage(w, CameraView{}, size, size));
        }
    }
    // Leaked Vulkan objects are reported by the validation layer at device destruction.
    EXPECT_EQ(vulkanValidationMessageCount(), before);
}

TEST_F(RenderTest, SkinnedAvatarIsDeformedByItsAnimation) {
    fs::path path = fs::path(ATRIUM_TEST_DATA) / "gltf" / "models" / "CesiumMan.glb";
    auto model = r().assets().loadModel(path.string());
    ASSERT_TRUE(model) << model.error().toString();
    ASSERT_FALSE((*model)->skins.empty());
    ASSERT_FALSE((*model)->animations.empty());
    World w;
    addMesh(w, "builtin:plane", vec3(0.0f), vec3(6.0f, 1.0f, 6.0f), "builtin:concrete");
    instantiateModel(w, **model, path.string());
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(2.6f, 1.1f, 0.4f);  // from the side, where the stride shows
    cam.target = vec3(0.0f, 0.7f, 0.0f);
    cam.fovYDegrees = 45.0f;
    r().setAnimationTime(0.0);
    Image start = render(w, cam);
    r().setAnimationTime(0.6);  // mid-stride
    Image mid = render(w, cam);
    r().setAnimationTime(0.0);
    auto diff = compareImages(start, mid, kChannelTolerance);
    ASSERT_TRUE(diff);
    EXPECT_GT(diff->fractionOverTolerance, 0.01) << "the pose must change over the animation";
    // The animation loops: one duration later the pose is the same again.
    r().setAnimationTime(double((*model)->animations[0].duration) + 0.6);
    Image looped = render(w, cam);
    r().setAnimationTime(0.0);
    auto same = compareImages(mid, looped, kChannelTolerance);
    ASSERT_TRUE(same);
    EXPECT_LT(same->fractionOverTolerance, 0.001);
    expectMatchesReference(mid, "cesiumman_mid_stride");
}

TEST_F(RenderTest, MediaScreenShowsPixelsFromTheApp) {
    World w;
    w.settings.ambientIntensity = 0.2f;
    Entity screen = w.create("screen");
    Transform* t = w.get<Transform>(screen);
    t->rotation = glm::angleAxis(glm::half_pi<float>(), vec3(1, 0, 0));  // a builtin plane faces +y; turn it to +z
    t->scale = vec3(4.0f, 1.0f, 2.25f);
    w.add<MeshRenderer>(screen, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:screen", .castShadows = false});
    w.add<MediaScreen>(screen, MediaScreen{.resolutionX = 16, .resolutionY = 9, .width = 4.0f, .height = 2.25f});
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 0.0f, 4.0f);
    cam.target = vec3(0.0f);
    cam.fovYDegrees = 45.0f;
    Image blank = render(w, cam, 96, 64);
    // Left half red, right half blue.
    std::vector<std::uint8_t> pixels(16 * 9 * 4);
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 16; ++x) {
            std::uint8_t* p = &pixels[std::size_t(y * 16 + x) * 4];
            p[0] = x < 8 ? 230 : 10;
            p[1] = 10;
            p[2] = x < 8 ? 10 : 230;
            p[3] = 255;
        }
    ASSERT_TRUE(r().setMediaScreenPixels(screen, 16, 9, pixels.data()));
    Image shown = render(w, cam, 96, 64);
    const std::uint8_t* left = shown.pixel(36, 32);
    const std::uint8_t* right = shown.pixel(60, 32);
    EXPECT_GT(left[0], 150);
    EXPECT_LT(left[2], 80);
    EXPECT_GT(right[2], 150);
    EXPECT_LT(right[0], 80);
    const std::uint8_t* lit = blank.pixel(36, 32);
    EXPECT_GT(std::min({lit[0], lit[1], lit[2]}), 150) << "no picture yet: a lit blank screen";
    // A second picture of another size replaces the first.
    std::vector<std::uint8_t> green(4 * 4 * 4, 0);
    for (std::size_t i = 0; i < green.size(); i += 4) green[i + 1] = 220, green[i + 3] = 255;
    ASSERT_TRUE(r().setMediaScreenPixels(screen, 4, 4, green.data()));
    Image next = render(w, cam, 96, 64);
    EXPECT_GT(next.pixel(36, 32)[1], 150);
    EXPECT_LT(next.pixel(36, 32)[0], 80);
    EXPECT_EQ(r().pick(w, 48, 32), screen);
    EXPECT_FALSE(r().setMediaScreenPixels(screen, 0, 4, green.data()));
}

TEST_F(RenderTest, AvatarNameTagsAndSignsAreDrawnAsWorldText) {
    World w;
    w.settings.sunIntensity = 0.0f;
    w.settings.ambientIntensity = 0.0f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.0f);
    Entity avatar = w.create("avatar");
    w.add<Avatar>(avatar, Avatar{.displayName = "ALICE"});
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 2.2f, 3.0f);
    cam.target = vec3(0.0f, 2.2f, 0.0f);
    cam.fovYDegrees = 30.0f;
    auto brightPixels = [](const Image& img) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < img.pixels.size(); i += 4) n += img.pixels[i] > 128;
        return n;
    };
    Image tagged = render(w, cam, 128, 64);
    EXPECT_GT(brightPixels(tagged), 30u) << "the name tag is visible above the avatar";
    w.get<Avatar>(avatar)->displayName.clear();
    EXPECT_EQ(brightPixels(render(w, cam, 128, 64)), 0u);
    r().setLabels({WorldLabel{.position = vec3(0.0f, 2.0f, 0.0f), .text = "EXIT", .height = 0.3f, .color = vec4(0, 1, 0, 1)}});
    Image sign = render(w, cam, 128, 64);
    r().setLabels({});
    std::size_t green = 0;
    for (std::size_t i = 0; i < sign.pixels.size(); i += 4) green += sign.pixels[i + 1] > 128 && sign.pixels[i + 1] > sign.pixels[i] + 60;
    EXPECT_GT(green, 30u);
}

TEST_F(RenderTest, LabelsKeepADarkRimSoWhiteTextReadsOverAWhiteWall) {
    // A white name tag in front of a brightly lit white wall: without a rim it would vanish.
    World w;
    w.settings.sunIntensity = 0.0f;
    w.settings.ambientIntensity = 1.0f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(3.0f);
    Entity wall = addMesh(w, "builtin:box", vec3(0.0f, 2.0f, -1.0f), vec3(4.0f, 4.0f, 0.1f), "builtin:white");
    w.get<MeshRenderer>(wall)->tint = vec4(1.0f);
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 2.1f, 2.0f);
    cam.target = vec3(0.0f, 2.1f, 0.0f);
    cam.fovYDegrees = 30.0f;
    auto darkPixels = [](const Image& img) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < img.pixels.size(); i += 4) n += img.pixels[i] < 80 && img.pixels[i + 1] < 80;
        return n;
    };
    Image bare = render(w, cam, 160, 80);
    ASSERT_EQ(darkPixels(bare), 0u) << "the wall alone is bright everywhere";
    ASSERT_GT(bare.pixel(80, 40)[0], 150);
    r().setLabels({WorldLabel{.position = vec3(0.0f, 2.0f, 0.0f), .text = "Welcome", .height = 0.25f}});
    Image tagged = render(w, cam, 160, 80);
    r().setLabels({});
    EXPECT_GT(darkPixels(tagged), 40u) << "the white letters are outlined in dark";
}

TEST_F(RenderTest, LabelsAreTextFromTheFontAtlasNearAndFar) {
    // A sign near the camera and name tags 5 and 20 m away, over a grey floor, on a black sky.
    World w;
    w.settings.sunIntensity = 0.0f;
    w.settings.ambientIntensity = 0.4f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.0f);
    addMesh(w, "builtin:plane", vec3(0.0f, 0.0f, -10.0f), vec3(8.0f, 1.0f, 30.0f), "builtin:concrete");
    for (auto [name, z] : {std::pair{"Ada Lovelace", -5.0f}, std::pair{"Grace Hopper", -20.0f}}) {
        Entity a = w.create(name);
        w.get<Transform>(a)->position = vec3(z < -10.0f ? 1.5f : -1.0f, 0.0f, z);
        w.add<Avatar>(a, Avatar{.displayName = name});
    }
    w.updateTransforms();
    r().setLabels({WorldLabel{
        .position = vec3(0.0f, 2.25f, -2.0f), .text = "Hall A: Keynote 10:30", .height = 0.2f, .color = vec4(1.0f, 0.85f, 0.3f, 1.0f)}});
    CameraView cam;
    cam.eye = vec3(0.0f, 1.7f, 1.0f);
    cam.target = vec3(0.0f, 1.8f, -5.0f);
    cam.fovYDegrees = 50.0f;
    Image img = render(w, cam, 384, 216);
    r().setLabels({});
    expectMatchesReference(img, "labels");
}

namespace {

// A lit room with nothing in it but a floor, for the avatar tests.
World avatarStage() {
    World w;
    w.settings.sunIntensity = 3.0f;
    w.settings.sunDirection = glm::normalize(vec3(0.3f, -1.0f, -0.6f));
    w.settings.ambientIntensity = 0.6f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.02f);
    addMesh(w, "builtin:plane", vec3(0.0f), vec3(20.0f, 1.0f, 20.0f), "builtin:white");
    return w;
}

Entity addAvatar(World& w, vec3 position, StableId seat = {}) {
    Entity e = w.create("avatar");
    w.get<Transform>(e)->position = position;
    w.add<Avatar>(e, Avatar{.seat = seat});
    return e;
}

vec2 projectToPixel(const CameraView& cam, vec3 p, std::uint32_t w, std::uint32_t h) {
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

// Topmost row of the image's column band [x0, x1) that is not the backdrop (darker than it).
int topRowOfFigure(const Image& img, std::uint32_t x0, std::uint32_t x1) {
    for (std::uint32_t y = 0; y < img.height; ++y) {
        for (std::uint32_t x = x0; x < x1; ++x) {
            if (img.pixel(x, y)[0] > 30 || img.pixel(x, y)[1] > 30) return int(y);
        }
    }
    return int(img.height);
}

}  // namespace

TEST_F(RenderTest, TwoAvatarsAreDrawnAsMannequinsInTheirOwnLooks) {
    World w = avatarStage();
    Entity red = addAvatar(w, vec3(-0.7f, 0.0f, 0.0f));
    Entity blue = addAvatar(w, vec3(0.7f, 0.0f, 0.0f));
    w.updateTransforms();
    CrowdAnimation crowd;
    AvatarLook a, b;
    a.top = vec3(0.8f, 0.03f, 0.03f);
    b.top = vec3(0.03f, 0.05f, 0.8f);
    b.body = BodyPreset::Broad;
    crowd.setLook(w.stableId(red), a);
    crowd.setLook(w.stableId(blue), b);
    crowd.update(w, 1.0, 1.0f / 60.0f);
    CameraView cam;
    cam.eye = vec3(0.0f, 1.3f, 4.0f);
    cam.target = vec3(0.0f, 1.1f, 0.0f);
    cam.fovYDegrees = 45.0f;
    RenderStats stats;
    Image img = renderWithCrowd(w, crowd, cam, "two_avatars", &stats);
    // The chest, in the top's colour, on each of them.
    vec2 redChest = projectToPixel(cam, vec3(-0.7f, 1.3f, 0.0f), 256, 192);
    vec2 blueChest = projectToPixel(cam, vec3(0.7f, 1.3f, 0.0f), 256, 192);
    EXPECT_GT(dominantPixels(img, redChest, 0), 30) << "red top at " << redChest.x << "," << redChest.y;
    EXPECT_GT(dominantPixels(img, blueChest, 2), 30) << "blue top at " << blueChest.x << "," << blueChest.y;
    EXPECT_EQ(dominantPixels(img, redChest, 2), 0);
    EXPECT_EQ(dominantPixels(img, blueChest, 0), 0);
    EXPECT_GE(stats.visibleInstances, 3u) << "the floor and two mannequins";
    EXPECT_EQ(r().pick(w, std::uint32_t(redChest.x), std::uint32_t(redChest.y)), red);
}

TEST_F(RenderTest, ASeatedAvatarsSilhouetteIsLowerThanAStandingOnes) {
    World w = avatarStage();
    Entity seat = w.create("seat");
    w.get<Transform>(seat)->position = vec3(0.6f, 0.0f, 0.0f);
    w.add<Seat>(seat, Seat{});
    addAvatar(w, vec3(-0.6f, 0.0f, 0.0f));
    addAvatar(w, vec3(0.6f, 0.0f, 0.0f), w.stableId(seat));
    w.updateTransforms();
    CrowdAnimation crowd;
    for (int i = 1; i <= 180; ++i) crowd.update(w, i / 60.0, 1.0f / 60.0f);  // time to sit down
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.0f);
    w.destroy(w.findByName("builtin:plane"));  // a black backdrop: the figures are the only bright pixels
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 1.0f, 5.0f);
    cam.target = vec3(0.0f, 1.0f, 0.0f);
    cam.fovYDegrees = 40.0f;
    Image img = renderWithCrowd(w, crowd, cam, "seated_avatar");
    int standingTop = topRowOfFigure(img, 0, 128), seatedTop = topRowOfFigure(img, 128, 256);
    ASSERT_LT(standingTop, 96) << "the standing mannequin's head is in the upper half";
    EXPECT_GT(seatedTop, standingTop + 15) << "seated, the head is well below a standing one's";
    EXPECT_LT(seatedTop, 150) << "but the seated one is drawn too";
}

TEST_F(RenderTest, ACrowdOfTwoHundredMannequinsIsOneInstancedDraw) {
    World w;
    w.settings.sunIntensity = 2.0f;
    std::vector<Entity> people;
    for (int i = 0; i < 200; ++i) people.push_back(addAvatar(w, vec3(float(i % 20) - 9.5f, 0.0f, -float(i / 20) * 1.5f)));
    w.updateTransforms();
    CrowdAnimation crowd;
    for (std::size_t i = 0; i < people.size(); ++i) {
        AvatarLook look;
        look.top = vec3(float(i % 7) / 7.0f, float(i % 5) / 5.0f, float(i % 3) / 3.0f);
        crowd.setLook(w.stableId(people[i]), look);
    }
    crowd.update(w, 0.5, 1.0f / 60.0f);
    CameraView cam;
    cam.eye = vec3(0.0f, 6.0f, 14.0f);
    cam.target = vec3(0.0f, 0.0f, -7.0f);
    cam.fovYDegrees = 60.0f;
    r().setCrowd(&crowd);
    Image img = render(w, cam, 192, 128);
    RenderStats stats = r().stats();
    r().setCrowd(nullptr);
    EXPECT_EQ(stats.visibleInstances, 200u);
    EXPECT_EQ(stats.drawCalls, 1u) << "all 200 of one body preset in one draw, whatever their looks";
    EXPECT_LE(stats.shadowDrawCalls, 3u) << "one per shadow cascade";
    std::size_t lit = 0;
    for (std::size_t i = 0; i < img.pixels.size(); i += 4) lit += img.pixels[i] + img.pixels[i + 1] + img.pixels[i + 2] > 120;
    EXPECT_GT(lit, 1000u);
}

TEST_F(RenderTest, WithoutACrowdAvatarsStandIdleInTheDefaultLook) {
    World w = avatarStage();
    addAvatar(w, vec3(0.0f));
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 1.3f, 3.0f);
    cam.target = vec3(0.0f, 1.1f, 0.0f);
    Image img = render(w, cam, 128, 128);
    // The default look's top is blue.
    EXPECT_GT(dominantPixels(img, projectToPixel(cam, vec3(0.0f, 1.3f, 0.0f), 128, 128), 2), 20);
}
