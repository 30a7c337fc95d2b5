// The render and runtime examples in docs/api.md, compiled and run (Vulkan: lavapipe in CI).
#include <gtest/gtest.h>

#include <filesystem>

#include "atrium/render/renderer.hpp"
#include "atrium/runtime/runtime.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
static const std::string kVenue = std::string(ATRIUM_ASSETS_DIR) + "/venues/small_hall.venue.json";

TEST(ApiExamples, Render) {
    auto renderer = Renderer::create({.msaaSamples = 1});  // offscreen; ATRIUM_VALIDATION=1 validates
    ASSERT_TRUE(renderer.ok()) << renderer.error().toString();
    World world = *loadVenue(kVenue);
    (*renderer)->assets().setRoot(std::filesystem::path(kVenue).parent_path());  // relative meshes
    world.updateTransforms();
    CameraView view = frameBounds((*renderer)->worldBounds(world), 16.0f / 9.0f);
    Result<Image> image = (*renderer)->renderToImage(world, view, 320, 180);
    std::filesystem::path png = std::filesystem::temp_directory_path() / "hall.png";
    Status saved = saveImagePng(*image, png);
    EXPECT_TRUE(saved.ok());
    EXPECT_GT((*renderer)->stats().drawCalls, 0u);
    EXPECT_EQ(vulkanValidationMessageCount(), 0u);
    std::filesystem::remove(png);
}

TEST(ApiExamples, Runtime) {
    auto rt = Runtime::create({.window = false});  // true: a window with a fly camera
    ASSERT_TRUE(rt.ok()) << rt.error().toString();
    Runtime& runtime = **rt;
    Status loaded = runtime.loadVenue(kVenue);        // World, physics bodies, asset root
    runtime.setFixedUpdate([](World& w, double dt) {  // behaviours, before each physics step
        w.each<Light>([&](Entity, Light& l) { l.intensity *= float(1.0 + 0.1 * dt); });
    });
    for (int i = 0; i < 30; ++i) runtime.frame(1.0 / 60.0);  // in a window: runtime.run()
    Result<Image> shot = runtime.renderOffscreen(320, 180);
    EXPECT_TRUE(loaded.ok() && shot.ok());
    EXPECT_EQ(runtime.stepCount(), 30u);
    EXPECT_EQ(vulkanValidationMessageCount(), 0u);
}
