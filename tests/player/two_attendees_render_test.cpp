// The attendee app's picture with two people in it: two sessions through a real server on
// 127.0.0.1, each wearing a look it chose; the first one's view (its camera, its crowd, the
// renderer atrium-join uses) shows both, found by their shirts' colours where they stand; when
// the second leaves, its shirt is gone from the picture.
#include <gtest/gtest.h>

#include <thread>

#include "atrium/net/server.hpp"
#include "atrium/runtime/runtime.hpp"
#include "attendee_session.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

void buildStage(World& w) {
    w.settings.sunIntensity = 3.0f;
    w.settings.sunDirection = glm::normalize(vec3(0.3f, -1.0f, -0.6f));
    w.settings.ambientIntensity = 0.6f;
    w.settings.skyZenithColor = w.settings.skyHorizonColor = w.settings.groundColor = vec3(0.02f);
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->scale = vec3(20.0f, 1.0f, 20.0f);
    w.add<MeshRenderer>(floor, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:white"});
    Entity ground = w.create("Ground");
    w.get<Transform>(ground)->position = {0, -0.5f, 0};
    w.add<Collider>(ground, Collider{.halfExtents = {20, 0.5f, 20}});
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.3f});
    w.updateTransforms();
}

// Pixels in a square around `at` whose channel `c` clearly dominates the other two.
int dominantPixels(const Image& img, vec2 at, int c, int radius) {
    int n = 0;
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const int x = int(at.x) + dx, y = int(at.y) + dy;
            if (x < 0 || y < 0 || x >= int(img.width) || y >= int(img.height)) continue;
            const std::uint8_t* p = img.pixel(std::uint32_t(x), std::uint32_t(y));
            n += p[c] > 40 && p[c] > p[(c + 1) % 3] + 25 && p[c] > p[(c + 2) % 3] + 25;
        }
    }
    return n;
}

vec2 toPixel(const CameraView& cam, vec3 p, const Image& img) {
    vec4 clip = cam.projection(float(img.width) / float(img.height)) * cam.view() * vec4(p, 1.0f);
    vec2 ndc = vec2(clip) / clip.w;
    return {(ndc.x * 0.5f + 0.5f) * float(img.width), (ndc.y * 0.5f + 0.5f) * float(img.height)};
}

AvatarLook shirt(vec3 colour) {
    AvatarLook look;
    look.top = colour;
    look.bottom = look.shoes = vec3(0.05f);
    look.skin = vec3(0.3f);
    return look;
}

}  // namespace

TEST(TwoAttendees, BothAreInTheFirstOnesPictureInTheirOwnLooksAndOneWhoLeftIsNot) {
    auto runtime = Runtime::create({.window = false, .flyCamera = false, .venueCamera = false, .drawCrowd = false});
    ASSERT_TRUE(runtime) << runtime.error().toString();
    Runtime& rt = **runtime;
    buildStage(rt.world());
    World serverWorld = rt.world(), venueB = rt.world();
    net::Server server(serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret});
    ASSERT_TRUE(server.start().ok());
    auto link = [&](std::uint64_t user) { return net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, test::joinToken(user)}; };
    AttendeeSession a(rt.world(), link(1));
    auto b = std::make_unique<AttendeeSession>(venueB, link(2));
    ASSERT_TRUE(a.connect().ok());
    ASSERT_TRUE(b->connect().ok());
    rt.renderer().setCrowd(&a.crowd());
    double t = 0.0;
    auto run = [&](double seconds, vec2 bKeys, auto done) {
        for (double end = t + seconds; t < end;) {
            t += 0.005;
            server.update(t);
            a.update(t, 0.005f);
            if (b) b->update(t, 0.005f, bKeys);
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    };
    ASSERT_TRUE(run(5.0, vec2(0.0f), [&] { return a.joined() && b->joined(); }));
    a.setLook(shirt({0.85f, 0.03f, 0.03f}));
    b->setLook(shirt({0.03f, 0.75f, 0.03f}));
    // B walks ahead and to the right (where both cameras look at first), into A's view, and stops.
    run(1.4, vec2(0.6f, 1.0f), [] { return false; });
    ASSERT_TRUE(run(3.0, vec2(0.0f), [&] {
        const auto people = a.participants();
        return std::any_of(people.begin(), people.end(), [](const Participant& p) { return !p.me && p.inView; });
    }));
    run(1.0, vec2(0.0f), [] { return false; });  // looks applied, walk settled into idle
    const vec3 feetA = a.position(), feetB = b->position();
    ASSERT_GT(glm::length(feetA - feetB), 1.5f) << "B walked away from A";

    const CameraView cam = a.camera().view(feetA);
    rt.setCamera(cam);
    ASSERT_TRUE(rt.frame(0.016f).ok());
    auto image = rt.renderOffscreen(320, 240);
    ASSERT_TRUE(image) << image.error().toString();
    ASSERT_TRUE(saveImagePng(*image, "two_attendees.png").ok());
    // The shirts, at chest height over each one's feet.
    const vec2 chestA = toPixel(cam, feetA + vec3(0, 1.25f, 0), *image), chestB = toPixel(cam, feetB + vec3(0, 1.25f, 0), *image);
    EXPECT_GE(dominantPixels(*image, chestA, 0, 5), 8) << "A's red shirt at " << chestA.x << "," << chestA.y;
    EXPECT_GE(dominantPixels(*image, chestB, 1, 4), 4) << "B's green shirt at " << chestB.x << "," << chestB.y;
    EXPECT_EQ(dominantPixels(*image, chestA, 1, 5), 0) << "no green on A";
    EXPECT_EQ(dominantPixels(*image, chestB, 0, 4), 0) << "no red on B";

    // B leaves: A's picture loses B.
    b.reset();
    ASSERT_TRUE(run(5.0, vec2(0.0f), [&] { return a.participants().size() == 1; }));
    run(0.2, vec2(0.0f), [] { return false; });
    ASSERT_TRUE(rt.frame(0.016f).ok());
    auto after = rt.renderOffscreen(320, 240);
    ASSERT_TRUE(after);
    EXPECT_EQ(dominantPixels(*after, chestB, 1, 4), 0) << "B's shirt is gone";
    EXPECT_GE(dominantPixels(*after, chestA, 0, 5), 8) << "A is still there";
}
