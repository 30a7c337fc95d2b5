#include <gtest/gtest.h>

#include "third_person_camera.hpp"

using namespace atrium;
using namespace atrium::player;

TEST(ThirdPersonCamera, StartsBehindAndAboveTheAvatarLookingAtItsHead) {
    ThirdPersonCamera cam;
    CameraView v = cam.view(vec3(2, 0, 3));
    EXPECT_GT(v.eye.z, 3.0f + 3.0f) << "behind: the avatar faces -z";
    EXPECT_GT(v.eye.y, ThirdPersonCamera::kEyeHeight);
    EXPECT_EQ(v.target, vec3(2, ThirdPersonCamera::kEyeHeight, 3));
}

TEST(ThirdPersonCamera, WalkingIsRelativeToWhereTheCameraLooks) {
    ThirdPersonCamera cam;
    vec2 forward = cam.moveFor({0, 1});
    EXPECT_NEAR(forward.x, 0.0f, 1e-6f);
    EXPECT_NEAR(forward.y, -1.0f, 1e-6f) << "forward is -z at yaw 0";
    cam.setYaw(glm::radians(90.0f));  // turned right
    vec2 turned = cam.moveFor({0, 1});
    EXPECT_NEAR(turned.x, 1.0f, 1e-6f);
    EXPECT_NEAR(turned.y, 0.0f, 1e-6f);
    EXPECT_NEAR(glm::length(cam.moveFor({1, 1})), 1.0f, 1e-6f) << "diagonals are no faster";
    EXPECT_EQ(cam.moveFor({0, 0}), vec2(0.0f));
}

TEST(ThirdPersonCamera, ZoomingAllTheWayInIsFirstPersonAndOutAgain) {
    ThirdPersonCamera cam;
    for (int i = 0; i < 20; ++i) cam.zoom(1);
    EXPECT_TRUE(cam.firstPerson());
    CameraView v = cam.view(vec3(0));
    EXPECT_EQ(v.eye, vec3(0, ThirdPersonCamera::kEyeHeight, 0)) << "the eye at the head";
    cam.zoom(-1);
    EXPECT_FALSE(cam.firstPerson());
    for (int i = 0; i < 40; ++i) cam.zoom(-1);
    EXPECT_LE(cam.distance(), ThirdPersonCamera::kMaxDistance);
}

TEST(ThirdPersonCamera, AWallBehindTheAvatarPullsTheCameraIn) {
    ThirdPersonCamera cam;
    auto wall = [](vec3, vec3, float) -> std::optional<float> { return 1.5f; };
    CameraView v = cam.view(vec3(0), wall);
    EXPECT_NEAR(glm::distance(v.eye, v.target), 1.3f, 1e-4f) << "this side of the wall";
}

TEST(ThirdPersonCamera, OrbitingTurnsAndTiltsWithinLimits) {
    ThirdPersonCamera cam;
    cam.orbit({100, 0});
    EXPECT_NEAR(cam.yaw(), 0.4f, 1e-6f);
    cam.orbit({0, 10000});
    EXPECT_GE(cam.pitch(), -1.3f);
    cam.orbit({0, -10000});
    EXPECT_LE(cam.pitch(), 1.0f);
}
