#include <gtest/gtest.h>

#include "atrium/render/renderer.hpp"
#include "atrium/runtime/runtime.hpp"

using namespace atrium;

TEST(WindowRuntime, PresentsFramesAndSurvivesResizeWithoutValidationMessages) {
    std::uint64_t before = vulkanValidationMessageCount();
    {
        RuntimeOptions o;
        o.windowOptions.width = 320;
        o.windowOptions.height = 200;
        o.renderer.validation = true;
        o.renderer.shadowMapSize = 512;
        auto rt = Runtime::create(o);
        if (!rt) GTEST_SKIP() << "no display: " << rt.error().toString();
        Runtime& r = **rt;
        Entity box = r.world().create("box");
        r.world().add<MeshRenderer>(box, MeshRenderer{.mesh = "builtin:box"});
        r.frameAll();
        ASSERT_TRUE(r.run(5));
        EXPECT_EQ(r.frameCount(), 5u);
        EXPECT_GT(r.renderer().stats().drawCalls, 0u);
        // Picking works on what was presented.
        Entity hit = r.renderer().pick(r.world(), r.window()->framebufferWidth() / 2, r.window()->framebufferHeight() / 2);
        EXPECT_EQ(hit, box);

        // A resize rebuilds the swapchain; drawing continues at the new size.
        r.window()->resize(400, 260);
        ASSERT_TRUE(r.run(10));
        EXPECT_EQ(r.window()->framebufferWidth(), 400u);
        EXPECT_EQ(r.renderer().pick(r.world(), 200, 130), box);
        EXPECT_EQ(r.renderer().pick(r.world(), 399, 259), kNullEntity);
    }
    EXPECT_EQ(vulkanValidationMessageCount(), before);
}
