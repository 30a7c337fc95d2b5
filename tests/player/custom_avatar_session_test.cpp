// Custom avatars between two attendees through a real server on 127.0.0.1: the one an attendee
// picks reaches the other's screen (its look names the file, the other's library loads it), and
// a malformed one is refused there with a message naming it while the session goes on.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "animation/humanoid_gltf.hpp"
#include "atrium/net/server.hpp"
#include "attendee_session.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

World makeVenue() {
    World w;
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = {0, -0.5f, 0};
    w.add<Collider>(floor, Collider{.halfExtents = {30, 0.5f, 30}});
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1.0f});
    w.avatars = {"avatars/robot.gltf", "avatars/broken.glb"};
    w.updateTransforms();
    return w;
}

}  // namespace

TEST(CustomAvatarSession, APickedAvatarShowsOnTheOtherScreenAndABrokenOneFallsBack) {
    const auto dir = std::filesystem::temp_directory_path() / ("atrium-avatar-session-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "avatars");
    test::writeHumanoidGltf(dir / "avatars" / "robot.gltf", {.names = test::BoneNames::ReadyPlayerMe});
    // Written with its length: as a C string it would stop at the first NUL, after "glTF\x02".
    static constexpr char kBroken[] = "glTF\x02\x00\x00\x00 this is not a GLB at all";
    std::ofstream(dir / "avatars" / "broken.glb", std::ios::binary).write(kBroken, sizeof kBroken - 1);
    auto resolver = [&](std::string_view p) -> std::optional<std::filesystem::path> {
        std::filesystem::path f = dir / std::filesystem::path(p);
        return std::filesystem::exists(f) ? std::optional(f) : std::nullopt;
    };

    World venue = makeVenue();
    World serverWorld = venue, venueA = venue, venueB = venue;
    net::Server server{serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret}};
    ASSERT_TRUE(server.start().ok());
    auto link = [&](std::uint64_t user) { return net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, test::joinToken(user)}; };
    AttendeeSession a(venueA, link(1)), b(venueB, link(2));
    AvatarLibrary avatarsA(resolver), avatarsB(resolver);
    a.setAvatars(&avatarsA);
    b.setAvatars(&avatarsB);
    ASSERT_TRUE(a.connect().ok());
    ASSERT_TRUE(b.connect().ok());
    double t = 0.0;
    auto run = [&](double seconds, auto done) {
        for (double end = t + seconds; t < end;) {
            t += 0.005;
            server.update(t);
            a.update(t, 0.005f);
            b.update(t, 0.005f);
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    };
    auto shownAs = [](const World& w, const AttendeeSession& s, const char* name) -> const AvatarModel* {
        Entity e = w.findByName(name);
        return e ? s.crowd().avatarModel(w.stableId(e)) : nullptr;
    };
    ASSERT_TRUE(run(5.0, [&] { return venueA.findByName("user2") && venueB.findByName("user1"); }));
    EXPECT_EQ(shownAs(venueB, b, "user1"), nullptr) << "a mannequin until a look names a file";

    AvatarLook robot;
    robot.model = "avatars/robot.gltf";
    a.setLook(robot);
    ASSERT_TRUE(run(3.0, [&] { return shownAs(venueB, b, "user1") != nullptr; })) << "B draws A as the robot";
    EXPECT_EQ(shownAs(venueB, b, "user1")->file, "avatars/robot.gltf");
    EXPECT_NE(shownAs(venueA, a, "user1"), nullptr) << "and A sees itself so";

    AvatarLook broken;
    broken.model = "avatars/broken.glb";
    b.setLook(broken);
    ASSERT_TRUE(run(3.0, [&] { return !avatarsA.messages().empty(); }));
    EXPECT_EQ(avatarsA.messages().front().rfind("avatars/broken.glb: ", 0), 0u) << avatarsA.messages().front();
    EXPECT_NE(avatarsA.messages().front().find("drawn as the mannequin"), std::string::npos);
    const Entity userB = venueA.findByName("user2");
    EXPECT_EQ(shownAs(venueA, a, "user2"), nullptr);
    EXPECT_EQ(a.crowd().skinMatrices(venueA.stableId(userB)).size(), kHumanBoneCount) << "drawn as the mannequin";
    // The session goes on: chat still arrives.
    b.chat("still here");
    EXPECT_TRUE(run(3.0, [&] { return std::find(a.log().begin(), a.log().end(), "user2: still here") != a.log().end(); }));
    std::filesystem::remove_all(dir);
}
