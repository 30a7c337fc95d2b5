// Avatars on a server that runs physics: they walk with the character controller, so walls stop
// them, and a client holding the venue predicts the same, so walls cause no corrections.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/core/log.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

// The wall's near face (towards the spawn point) and the capsule's default radius.
constexpr float kWallFaceZ = -2.9f;
constexpr float kCapsuleRadius = 0.3f;

Entity addBox(World& w, const char* name, vec3 centre, vec3 halfExtents) {
    Entity e = w.create(name);
    w.get<Transform>(e)->position = centre;
    w.add<Collider>(e, Collider{.shape = Collider::Shape::Box, .halfExtents = halfExtents});
    return e;
}

// A floor with the spawn point at its middle and, with `wall`, a wall 2.9 m ahead (-z) of it:
// walking 2 s at 1.6 m/s (3.2 m) would take an avatar through it.
World makeVenue(bool wall) {
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.5f});
    addBox(w, "Floor", vec3(0, -0.5f, 0), vec3(20, 0.5f, 20));
    if (wall) addBox(w, "Wall", vec3(0, 1.5f, kWallFaceZ - 0.1f), vec3(5, 1.5f, 0.1f));
    return w;
}

struct Session {
    Server server;
    Client client;
    double t = 0.0;

    Session(World& venue, bool physics, const World* clientVenue)
        : server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = physics}),
          client(ClientConfig{.token = joinToken(1), .venue = clientVenue}) {}

    // Connects and waits until the client predicts its avatar from a first snapshot.
    bool join() {
        if (!server.start().ok() || !client.connect("127.0.0.1", server.port()).ok()) return false;
        return pump(5.0, [&] { return client.joined() && client.stats().snapshotsReceived > 0; });
    }

    template <typename Each>
    bool pump(double seconds, Each each) {
        return test::pump(server, std::array{&client}, t, seconds, each);
    }

    vec3 serverAvatar() { return *server.avatarPosition(client.clientId()); }
};

struct Walk {
    float nearestZ = 1e9f;           // the server's avatar's smallest z while walking
    double largestCorrection = 0.0;  // the client's largest correction while walking
};

// Walks towards -z for `seconds`, then lets go of the input and waits for the avatar to stop.
Walk walkTowardsTheWall(Session& s, double seconds) {
    Walk w;
    s.client.setInput(vec2(0.0f, -1.0f));
    s.pump(seconds, [&] {
        w.nearestZ = std::min(w.nearestZ, s.serverAvatar().z);
        w.largestCorrection = std::max(w.largestCorrection, s.client.stats().correctionMeters);
        return false;
    });
    s.client.setInput(vec2(0.0f));
    s.pump(0.5, [] { return false; });
    return w;
}

}  // namespace

TEST(AvatarPhysics, TheServersAvatarStopsAtAWallItWouldOtherwiseWalkThrough) {
    World open = makeVenue(false);
    Session noWall(open, true, nullptr);
    ASSERT_TRUE(noWall.join());
    walkTowardsTheWall(noWall, 2.0);
    EXPECT_LT(noWall.serverAvatar().z, kWallFaceZ - 0.1f) << "without the wall the walk goes past where it stands";

    World walled = makeVenue(true);
    Session s(walled, true, nullptr);
    ASSERT_TRUE(s.join());
    Walk w = walkTowardsTheWall(s, 2.0);
    EXPECT_GE(w.nearestZ, kWallFaceZ + kCapsuleRadius - 1e-3f) << "the capsule went into the wall";
    vec3 stopped = s.serverAvatar();
    EXPECT_LT(stopped.z, kWallFaceZ + kCapsuleRadius + 0.05f) << "it stopped short of the wall";
    EXPECT_NEAR(stopped.y, 0.0f, 0.01f) << "it stands on the floor";
}

TEST(AvatarPhysics, AClientWithTheVenuePredictsTheWallAndIsHardlyCorrected) {
    World walled = makeVenue(true);
    const World clientVenue = makeVenue(true);
    Session s(walled, true, &clientVenue);
    ASSERT_TRUE(s.join());
    EXPECT_TRUE(s.client.stats().characterPhysics);
    Walk w = walkTowardsTheWall(s, 2.0);
    EXPECT_GE(w.nearestZ, kWallFaceZ + kCapsuleRadius - 1e-3f);
    EXPECT_LT(w.largestCorrection, 0.01) << "prediction disagreed with the server while walking into the wall";
    EXPECT_LT(glm::length(s.client.predictedPosition() - s.serverAvatar()), 0.01f);

    // Without the venue the client walks on into the wall and is pulled back.
    World walled2 = makeVenue(true);
    Session blind(walled2, true, nullptr);
    ASSERT_TRUE(blind.join());
    EXPECT_FALSE(blind.client.stats().characterPhysics);
    Walk b = walkTowardsTheWall(blind, 2.0);
    EXPECT_GT(b.largestCorrection, 0.02) << "a client without the venue should be corrected at the wall";
    EXPECT_LT(glm::length(blind.client.predictedPosition() - blind.serverAvatar()), 0.01f) << "corrections bring it back";
}

// Standing still, an avatar is stepped on every 8th input only (the sweeps are the server's
// largest cost per avatar): it must still fall when the floor goes, and the client, which skips
// the same steps, must still agree with the server while it stands and after it walks on.
TEST(AvatarPhysics, AnAvatarStandingStillFallsWhenItsFloorGoesAndPredictionStillAgrees) {
    World venue = makeVenue(false);
    World copy = makeVenue(false);
    Session s(venue, true, &copy);
    ASSERT_TRUE(s.join());
    s.client.setInput(vec2(0.0f, -1.0f));
    s.pump(0.5, [] { return false; });
    s.client.setInput(vec2(0.0f));
    double largest = 0.0;
    s.pump(1.0, [&] {
        largest = std::max(largest, s.client.stats().correctionMeters);
        return false;
    });
    vec3 standing = s.serverAvatar();
    EXPECT_NEAR(glm::length(standing - s.client.predictedPosition()), 0.0f, 1e-3f);
    EXPECT_LT(largest, 0.005) << "standing still, prediction and server skip the same steps";
    s.client.setInput(vec2(1.0f, 0.0f));
    s.pump(0.5, [] { return false; });
    s.client.setInput(vec2(0.0f));
    s.pump(0.5, [] { return false; });
    EXPECT_NEAR(glm::length(s.serverAvatar() - s.client.predictedPosition()), 0.0f, 1e-3f);

    s.server.world().destroy(s.server.world().findByName("Floor"));
    vec3 before = s.serverAvatar();
    s.pump(0.5, [] { return false; });
    EXPECT_LT(s.serverAvatar().y, before.y - 0.25f) << "an avatar standing still must notice its floor is gone";
}

// A host moves the wall aside live: the walker's copy of the venue follows the edit, so its
// prediction walks through the gap as the server's avatar does, without corrections.
TEST(AvatarPhysics, AWallAHostMovesAsideMovesInTheWalkersPredictionToo) {
    World venue = makeVenue(true);
    World copy = venue;  // the same entities and stable ids, as loading the same file gives
    StableId wall = venue.stableId(venue.findByName("Wall"));
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = true});
    Client walker(ClientConfig{.token = joinToken(1), .venue = &copy});
    Client host(ClientConfig{.token = joinToken(2, Role::Host)});
    ASSERT_TRUE(server.start().ok());
    ASSERT_TRUE(walker.connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(host.connect("127.0.0.1", server.port()).ok());
    double t = 0.0;
    auto none = [] { return false; };
    ASSERT_TRUE(pump(server, std::array{&walker, &host}, t, 5.0,
                     [&] { return walker.joined() && host.joined() && walker.stats().snapshotsReceived > 0; }));
    host.editTransform(wall, vec3(15.0f, 1.5f, kWallFaceZ - 0.1f), quat(1, 0, 0, 0));
    pump(server, std::array{&walker, &host}, t, 0.5, none);
    ASSERT_FALSE(walker.edits().empty()) << "the edit must reach the walker";

    walker.setInput(vec2(0.0f, -1.0f));
    double largest = 0.0;
    pump(server, std::array{&walker, &host}, t, 2.5, [&] {
        largest = std::max(largest, walker.stats().correctionMeters);
        return false;
    });
    walker.setInput(vec2(0.0f));
    pump(server, std::array{&walker, &host}, t, 0.5, none);
    vec3 truth = *server.avatarPosition(walker.clientId());
    EXPECT_LT(truth.z, kWallFaceZ - 0.5f) << "the server's avatar walks where the wall was";
    EXPECT_LT(largest, 0.01) << "the prediction must know the wall moved";
    EXPECT_NEAR(glm::length(truth - walker.predictedPosition()), 0.0f, 1e-3f);
}

TEST(AvatarPhysics, WithoutPhysicsTheServerKeepsTheKinematicModel) {
    World walled = makeVenue(true);
    const World clientVenue = makeVenue(true);
    Session s(walled, false, &clientVenue);
    ASSERT_TRUE(s.join());
    EXPECT_FALSE(s.client.stats().characterPhysics) << "the client must predict with the server's model";
    Walk w = walkTowardsTheWall(s, 2.0);
    EXPECT_LT(w.nearestZ, kWallFaceZ - 0.1f) << "stepAvatar walks through walls";
    EXPECT_LT(w.largestCorrection, 0.01);
    EXPECT_LT(glm::length(s.client.predictedPosition() - s.serverAvatar()), 0.01f);
}

TEST(AvatarPhysics, ASeatedAvatarStaysOnItsSeatAndStandsUpBesideIt) {
    World venue = makeVenue(false);
    Entity seat = venue.create("Seat");
    venue.get<Transform>(seat)->position = vec3(0, 0, -1.5f);
    venue.add<Seat>(seat);
    addBox(venue, "Bench", vec3(0, 0.2f, -1.5f), vec3(0.25f, 0.2f, 0.25f));
    const StableId seatId = venue.stableId(seat);
    const World clientVenue = venue;
    Session s(venue, true, &clientVenue);
    ASSERT_TRUE(s.join());
    s.client.claimSeat(seatId);
    ASSERT_TRUE(s.pump(1.0, [&] { return s.server.seatOccupant(seatId) == s.client.clientId(); }));
    const vec3 onSeat = vec3(0, 0, -1.5f) + Seat{}.sitOffset;
    s.pump(1.0, [] { return false; });  // a second of gravity, had it applied
    EXPECT_LT(glm::length(s.serverAvatar() - onSeat), 1e-5f);
    EXPECT_LT(glm::length(s.client.predictedPosition() - onSeat), 0.01f);

    // Walking stands it up on the floor beside the seat, out of the bench.
    s.client.setInput(vec2(1.0f, 0.0f));
    s.pump(0.5, [] { return false; });
    s.client.setInput(vec2(0.0f));
    s.pump(0.5, [] { return false; });
    EXPECT_EQ(s.server.seatOccupant(seatId), 0u);
    vec3 p = s.serverAvatar();
    EXPECT_NEAR(p.y, 0.0f, 0.01f);
    EXPECT_GT(glm::length(vec2(p.x, p.z) - vec2(0.0f, -1.5f)), 0.25f + kCapsuleRadius);
    EXPECT_LT(glm::length(s.client.predictedPosition() - p), 0.01f);
}

TEST(AvatarPhysics, AvatarsPushLightBodies) {
    World venue = makeVenue(false);
    Entity box = addBox(venue, "Crate", vec3(0, 0.25f, -1.5f), vec3(0.25f));
    venue.add<RigidBody>(box, RigidBody{.type = RigidBody::Type::Dynamic, .mass = 2.0f});
    Session s(venue, true, nullptr);
    ASSERT_TRUE(s.join());
    walkTowardsTheWall(s, 3.0);
    EXPECT_LT(s.server.world().get<Transform>(box)->position.z, -2.0f) << "the crate was not pushed";
    EXPECT_GT(s.serverAvatar().z, s.server.world().get<Transform>(box)->position.z) << "the avatar walked through the crate";
}

namespace {

// A corridor along x through the spawn point, closed 3.9 m either side of it, and 0.8 m wide:
// too narrow for two 0.6 m capsules to pass side by side, as a doorway someone could block.
constexpr float kEndWallFaceX = 3.9f;
constexpr float kSideWallFaceZ = 0.4f;

World makeCorridor() {
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.5f});  // spawn spots of clients 1 and 2 are within 0.1 m of it
    addBox(w, "Floor", vec3(0, -0.5f, 0), vec3(20, 0.5f, 20));
    addBox(w, "East end", vec3(kEndWallFaceX + 0.1f, 1.5f, 0), vec3(0.1f, 1.5f, 1));
    addBox(w, "West end", vec3(-kEndWallFaceX - 0.1f, 1.5f, 0), vec3(0.1f, 1.5f, 1));
    // Thick, so that nothing (two capsules that spawned inside each other pushing apart) gets
    // an avatar through them.
    addBox(w, "North side", vec3(0, 1.5f, -kSideWallFaceZ - 1.0f), vec3(5, 1.5f, 1.0f));
    addBox(w, "South side", vec3(0, 1.5f, kSideWallFaceZ + 1.0f), vec3(5, 1.5f, 1.0f));
    return w;
}

// Two clients holding the venue on one server, in simulated time as Session.
struct TwoWalkers {
    Server server;
    Client first, second;
    double t = 0.0;

    TwoWalkers(World& venue, const World* clientVenue)
        : server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = true}),
          first(ClientConfig{.token = joinToken(1), .venue = clientVenue}),
          second(ClientConfig{.token = joinToken(2), .venue = clientVenue}) {}

    bool join() {
        if (!server.start().ok()) return false;
        if (!first.connect("127.0.0.1", server.port()).ok() || !second.connect("127.0.0.1", server.port()).ok()) return false;
        return pump(5.0, [&] {
            return first.joined() && second.joined() && first.stats().snapshotsReceived > 0 && second.stats().snapshotsReceived > 0;
        });
    }

    template <typename Each>
    bool pump(double seconds, Each each) {
        return test::pump(server, std::array{&first, &second}, t, seconds, each);
    }

    vec3 onServer(const Client& c) { return *server.avatarPosition(c.clientId()); }
};

}  // namespace

TEST(AvatarPhysics, TwoAvatarsWalkingAtEachOtherPassThroughEachOtherAndOnlyTheWallsStopThem) {
    World venue = makeCorridor();
    const World clientVenue = makeCorridor();
    TwoWalkers s(venue, &clientVenue);
    ASSERT_TRUE(s.join());
    // Whoever arrived further east walks east first (avatars that collide would have pushed
    // each other apart on arrival, either way).
    const bool firstIsEast = s.onServer(s.first).x > s.onServer(s.second).x;
    Client& east = firstIsEast ? s.first : s.second;
    Client& west = firstIsEast ? s.second : s.first;
    ASSERT_TRUE(east.stats().characterPhysics && west.stats().characterPhysics);

    // Apart, 1.5 s each way from the spawn point (2.4 m), along the corridor.
    east.setInput(vec2(1.0f, 0.0f));
    west.setInput(vec2(-1.0f, 0.0f));
    s.pump(1.5, [] { return false; });
    const vec3 eastStart = s.onServer(east), westStart = s.onServer(west);
    ASSERT_GT(eastStart.x - westStart.x, 4.0f);
    ASSERT_LT(std::abs(eastStart.z - westStart.z), kCapsuleRadius) << "they could walk past each other";

    // At each other for 4.5 s: 7.2 m, more than the 6.3 m to the far wall.
    east.setInput(vec2(-1.0f, 0.0f));
    west.setInput(vec2(1.0f, 0.0f));
    float closest = 1e9f;
    double largestCorrection = 0.0;
    s.pump(4.5, [&] {
        vec3 d = s.onServer(east) - s.onServer(west);
        closest = std::min(closest, glm::length(vec2(d.x, d.z)));
        largestCorrection = std::max({largestCorrection, east.stats().correctionMeters, west.stats().correctionMeters});
        return false;
    });
    east.setInput(vec2(0.0f));
    west.setInput(vec2(0.0f));
    s.pump(0.5, [] { return false; });

    EXPECT_LT(closest, kCapsuleRadius) << "the capsules never overlapped: they stopped or went around each other";
    const vec3 eastEnd = s.onServer(east), westEnd = s.onServer(west);
    EXPECT_NEAR(eastEnd.x, -kEndWallFaceX + kCapsuleRadius, 0.05f) << "the east walker did not reach the west end";
    EXPECT_GE(eastEnd.x, -kEndWallFaceX + kCapsuleRadius - 1e-3f) << "the east walker went into the west end";
    EXPECT_NEAR(westEnd.x, kEndWallFaceX - kCapsuleRadius, 0.05f) << "the west walker did not reach the east end";
    EXPECT_LE(westEnd.x, kEndWallFaceX - kCapsuleRadius + 1e-3f) << "the west walker went into the east end";
    EXPECT_NEAR(eastEnd.z, eastStart.z, 0.01f) << "pushed aside";
    EXPECT_NEAR(westEnd.z, westStart.z, 0.01f) << "pushed aside";
    EXPECT_NEAR(eastEnd.y, 0.0f, 0.01f);
    EXPECT_NEAR(westEnd.y, 0.0f, 0.01f);
    // Their own copies of the venue have nobody else in them: the server must agree.
    EXPECT_LT(largestCorrection, 0.01) << "passing someone corrected a prediction";
    EXPECT_LT(glm::length(east.predictedPosition() - eastEnd), 0.01f);
    EXPECT_LT(glm::length(west.predictedPosition() - westEnd), 0.01f);
}

namespace {

// Six 0.18 m steps of a mesh collider (the stage kit's stairs), starting 1 m ahead (-z) of the
// spawn point and climbing onto a 1.08 m platform: too high to step onto from the floor.
World makeStairsVenue(const std::string& stairsMesh) {
    World w;
    Entity spawn = w.create("Entrance");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 0.3f});
    addBox(w, "Floor", vec3(0, -0.5f, 0), vec3(20, 0.5f, 20));
    Entity stairs = w.create("Stairs");
    w.get<Transform>(stairs)->position = vec3(0, 0, -1.0f);
    w.add<Collider>(stairs, Collider{.shape = Collider::Shape::TriangleMesh, .mesh = stairsMesh});
    addBox(w, "Platform", vec3(0, 0.54f, -4.4f), vec3(2, 0.54f, 1.6f));
    return w;
}

}  // namespace

// Stairs are mesh colliders: the server and a predicting client both build them (builtin
// meshes need no files), so the avatar climbs onto the platform and prediction agrees. Skipped
// mesh colliders left it at the foot of the platform, 1.08 m lower.
TEST(AvatarPhysics, AvatarsClimbStairsOfAMeshColliderAndPredictionAgrees) {
    const std::string mesh = "builtin:stairs?steps=6&width=2&stepHeight=0.18&stepDepth=0.3";
    World venue = makeStairsVenue(mesh);
    const World copy = makeStairsVenue(mesh);
    Session s(venue, true, &copy);
    ASSERT_TRUE(s.join());
    ASSERT_TRUE(s.client.stats().characterPhysics);
    Walk w = walkTowardsTheWall(s, 2.5);
    vec3 top = s.serverAvatar();
    EXPECT_NEAR(top.y, 1.08f, 0.02f) << "the avatar should stand on the platform at the top of the stairs";
    EXPECT_LT(top.z, -3.0f) << "it should have walked onto the platform";
    EXPECT_LT(w.largestCorrection, 0.01) << "prediction disagreed with the server on the stairs";
    EXPECT_LT(glm::length(s.client.predictedPosition() - top), 0.01f);
}

// Building a hall's physics takes tens of milliseconds: a client does it when it is made, so
// the update() that takes in JoinAccept does not stall its loop (and every bot's in that loop).
TEST(AvatarPhysics, AClientBuildsItsPredictionsPhysicsWhenMadeNotWhenItJoins) {
    auto assets = std::make_shared<AssetCache>();
    const World copy = makeStairsVenue("builtin:stairs?steps=6&width=2&stepHeight=0.18&stepDepth=0.3");
    Client client(ClientConfig{.token = joinToken(1), .venue = &copy, .assets = assets});
    EXPECT_EQ(assets->size(), 1u) << "the stairs' collider was not built with the client";
}

// Bots in one process share one AssetCache: each collider mesh is loaded once, through it (its
// root, not assetRoot), and every bot predicts its own climb with it.
TEST(AvatarPhysics, ClientsSharingAnAssetCacheAllClimbTheStairsWithoutCorrections) {
    const std::string mesh = "builtin:stairs?steps=6&width=2&stepHeight=0.18&stepDepth=0.3";
    World venue = makeStairsVenue(mesh);
    const World copy = makeStairsVenue(mesh);
    auto assets = std::make_shared<AssetCache>();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = true});
    ASSERT_TRUE(server.start().ok());
    std::vector<std::unique_ptr<Client>> clients;
    for (std::uint64_t user = 1; user <= 3; ++user) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(user), .venue = &copy, .assets = assets}));
        ASSERT_TRUE(clients.back()->connect("127.0.0.1", server.port()).ok());
    }
    EXPECT_EQ(assets->size(), 1u);
    double t = 0.0;
    auto allPredicting = [&] {
        return std::all_of(clients.begin(), clients.end(), [](const auto& c) { return c->joined() && c->stats().snapshotsReceived > 0; });
    };
    ASSERT_TRUE(pump(server, clients, t, 5.0, allPredicting));
    double largestCorrection = 0.0;
    for (const auto& c : clients) {
        EXPECT_TRUE(c->stats().characterPhysics);
        c->setInput(vec2(0.0f, -1.0f));
    }
    pump(server, clients, t, 2.5, [&] {
        for (const auto& c : clients) largestCorrection = std::max(largestCorrection, c->stats().correctionMeters);
        return false;
    });
    for (const auto& c : clients) c->setInput(vec2(0.0f));
    pump(server, clients, t, 0.5, [] { return false; });
    for (const auto& c : clients) {
        vec3 top = *server.avatarPosition(c->clientId());
        EXPECT_NEAR(top.y, 1.08f, 0.02f) << "client " << c->clientId() << " did not climb onto the platform";
        EXPECT_LT(glm::length(c->predictedPosition() - top), 0.01f);
    }
    EXPECT_LT(largestCorrection, 0.01) << "a prediction disagreed with the server on the stairs";
}

// A mesh collider whose file is missing: the server says which mesh and why, skips that
// collider and serves the venue anyway.
TEST(AvatarPhysics, AMissingColliderMeshIsLoggedAndTheServerServesTheRest) {
    std::vector<std::string> warnings;
    LogSink previous = setLogSink([&](LogLevel level, std::string_view, std::string_view message) {
        if (level >= LogLevel::Warn) warnings.emplace_back(message);
    });
    World venue = makeStairsVenue("no_such_stairs.glb");
    Session s(venue, true, nullptr);
    bool joined = s.join();
    setLogSink(previous);
    ASSERT_TRUE(joined);
    auto named = std::find_if(warnings.begin(), warnings.end(),
                              [](const std::string& m) { return m.find("no_such_stairs.glb") != std::string::npos; });
    ASSERT_NE(named, warnings.end()) << "no warning names the missing mesh";
    walkTowardsTheWall(s, 2.0);
    EXPECT_NEAR(s.serverAvatar().y, 0.0f, 0.01f) << "without its stairs the avatar stays on the floor";
    EXPECT_GT(s.serverAvatar().z, -3.0f) << "and the platform still stops it";
}

// The client's copy of the venue does not simulate bodies: a crate the server moved (here, put
// in the walker's way after it joined) is placed where the snapshots say, so walking into it is
// predicted. Left where the file had it, prediction walked on and was pulled back every snapshot.
TEST(AvatarPhysics, ABodyTheServerMovedIsWhereTheServerSaysInThePrediction) {
    World venue = makeVenue(false);
    Entity crate = addBox(venue, "Crate", vec3(6.0f, 0.5f, -2.0f), vec3(1.0f, 0.5f, 0.25f));
    venue.add<RigidBody>(crate, RigidBody{.type = RigidBody::Type::Dynamic, .mass = 2000.0f});
    const World copy = venue;  // the same entities and stable ids, as loading the same file gives
    Session s(venue, true, &copy);
    ASSERT_TRUE(s.join());
    World& served = s.server.world();
    served.get<Transform>(served.findByName("Crate"))->position = vec3(0.0f, 0.5f, -2.0f);
    s.pump(0.5, [] { return false; });
    Walk w = walkTowardsTheWall(s, 2.0);
    const float crateFace = -2.0f + 0.25f;
    EXPECT_GE(w.nearestZ, crateFace + kCapsuleRadius - 0.02f) << "the server's avatar should stop at the crate";
    EXPECT_LT(w.largestCorrection, 0.01) << "prediction did not know where the crate is";
    EXPECT_LT(glm::length(s.client.predictedPosition() - s.serverAvatar()), 0.01f);
}

// A spawn point inside solid geometry (here a block like a balcony's rake): the server warns,
// naming the block, and avatars arrive beside it instead of being pushed out sideways metres a
// step, which flung them across the venue with every client corrected all the way.
TEST(AvatarPhysics, ASpawnPointInsideABlockIsWarnedOfAndAvatarsArriveBesideIt) {
    std::vector<std::string> warnings;
    LogSink previous = setLogSink([&](LogLevel level, std::string_view, std::string_view message) {
        if (level >= LogLevel::Warn) warnings.emplace_back(message);
    });
    World venue = makeVenue(false);
    addBox(venue, "Rake", vec3(3.5f, 1.5f, 0), vec3(4.5f, 1.5f, 6));  // x from -1 to 8, over the spawn point
    const World copy = venue;
    Session s(venue, true, &copy);
    bool joined = s.join();
    setLogSink(previous);
    ASSERT_TRUE(joined);
    auto named = std::find_if(warnings.begin(), warnings.end(), [](const std::string& m) {
        return m.find("\"Entrance\"") != std::string::npos && m.find("\"Rake\"") != std::string::npos;
    });
    EXPECT_NE(named, warnings.end()) << "no warning names the spawn point and what it is inside";
    vec3 arrived = s.serverAvatar();
    EXPECT_LE(arrived.x, -1.0f - kCapsuleRadius + 1e-3f) << "the avatar arrived inside the rake";
    EXPECT_GT(arrived.x, -3.0f) << "it should arrive next to the rake, not far away";
    s.pump(0.5, [] { return false; });
    EXPECT_LT(glm::length(s.serverAvatar() - arrived), 0.01f) << "standing still it should not be pushed anywhere";
    Walk w = walkTowardsTheWall(s, 1.0);
    EXPECT_LT(w.largestCorrection, 0.01);
}

// Pressed against a curved row of seats, sliding along it: the server's avatar stops at each
// seat's corner and a replay must do exactly the same, from the same position with the same
// input. Snapshots carry positions to 1 mm, so the server keeps avatars on that grid; input
// packets carry moves to 8 bits, so the client predicts with those. Replaying from up to half a
// millimetre off with unrounded moves, the slides went their own way: 1.05 mm per snapshot on
// average here, up to 18 mm against the concert hall's stalls; on the grid alone, 0.25 mm.
TEST(AvatarPhysics, PressingAlongACurvedRowOfSeatsPredictionMatchesTheServer) {
    World venue = makeVenue(false);
    for (int i = 0; i < 24; ++i) {  // an arc of radius 6 around a point 7.5 m ahead (-z)
        float a = (float(i) - 11.5f) * 0.09f;
        Entity seat = addBox(venue, "Seat", vec3(6.0f * std::sin(a), 0.45f, -7.5f + 6.0f * std::cos(a)), vec3(0.22f, 0.45f, 0.25f));
        venue.get<Transform>(seat)->rotation = glm::angleAxis(a, vec3(0, 1, 0));
    }
    const World copy = venue;
    Session s(venue, true, &copy);
    ASSERT_TRUE(s.join());
    double largest = 0.0, sum = 0.0;
    int snapshots = 0;
    std::uint64_t last = s.client.stats().snapshotsReceived;
    for (vec2 dir : {vec2(0.1f, -1.0f), vec2(-0.5f, -1.0f), vec2(1.0f, -1.0f), vec2(-1.0f, -0.2f), vec2(0.3f, -1.0f)}) {
        s.client.setInput(glm::normalize(dir), false, false, std::atan2(dir.x, dir.y));
        s.pump(2.0, [&] {
            if (s.client.stats().snapshotsReceived == last) return false;
            last = s.client.stats().snapshotsReceived;
            largest = std::max(largest, s.client.stats().correctionMeters);
            sum += s.client.stats().correctionMeters;
            ++snapshots;
            return false;
        });
    }
    EXPECT_GT(s.serverAvatar().z, -1.6f + kCapsuleRadius - 0.01f) << "the seats should have stopped the walk";
    ASSERT_GT(snapshots, 200);
    EXPECT_LT(sum / snapshots, 0.00015) << "prediction slid along the seats differently from the server";
    EXPECT_LT(largest, 0.005);
}

// Standing still is sent as a zero move and must reach the server as exactly zero: both
// models, or the avatar creeps while its owner does nothing (a quantised "zero" of 1/255 moved
// it 9 mm a second, half a metre a minute) and the server never skips a standing avatar's step.
TEST(AvatarPhysics, AnAvatarLeftStandingStaysPutOnTheServerInEitherModel) {
    for (bool physics : {false, true}) {
        World venue = makeVenue(false);
        Session s(venue, physics, nullptr);
        ASSERT_TRUE(s.join());
        s.client.setInput(vec2(0.6f, -0.8f));
        s.pump(0.5, [] { return false; });
        s.client.setInput(vec2(0.0f));
        s.pump(0.5, [] { return false; });
        vec3 stopped = s.serverAvatar();
        s.pump(5.0, [] { return false; });
        EXPECT_LT(glm::length(s.serverAvatar() - stopped), 0.001f) << (physics ? "character physics" : "kinematic model");
    }
}

namespace {

// The floor with a portal 2 m ahead (-z) of the spawn point, leading to (8, 0, 5).
World makePortalVenue() {
    World venue = makeVenue(false);
    Entity arrival = venue.create("Arrival");
    venue.get<Transform>(arrival)->position = vec3(8.0f, 0.0f, 5.0f);
    Entity portal = venue.create("Portal");
    venue.get<Transform>(portal)->position = vec3(0.0f, 0.0f, -2.0f);
    venue.add<Portal>(portal, Portal{.target = venue.stableId(arrival)});
    return venue;
}

}  // namespace

// Portals work in a shared session as in play mode: the server moves an avatar that walks into
// one to its target, in either avatar model, and a client predicting with the venue passes
// through with it instead of being pulled across the venue by a correction.
TEST(AvatarPhysics, WalkingIntoAPortalTakesTheAvatarToItsTargetAndPredictionGoesAlong) {
    World venue = makePortalVenue();
    for (bool physics : {true, false}) {
        World served = venue;
        const World copy = venue;
        Session s(served, physics, physics ? &copy : nullptr);
        ASSERT_TRUE(s.join());
        Walk w = walkTowardsTheWall(s, 1.5);  // reaches the portal after about 1.1 s, walks on 0.4 s
        vec3 at = s.serverAvatar();
        EXPECT_NEAR(at.x, 8.0f, 0.35f) << (physics ? "character physics" : "kinematic model") << ": the portal should have moved the avatar";
        EXPECT_GT(at.z, 3.5f) << "it arrives at the target and walks on from there";
        EXPECT_LT(at.z, 5.0f);
        if (physics) {
            EXPECT_LT(w.largestCorrection, 0.01) << "prediction should pass through the portal with the server";
            EXPECT_LT(glm::length(s.client.predictedPosition() - at), 0.01f);
        }
    }
}

// Others see a portal's jump as a cut: never slid across the venue between the portal and the
// target, nor carried on past the target at the jump's speed.
TEST(AvatarPhysics, OthersSeeAnAvatarPassingThroughAPortalJumpNotSlide) {
    World venue = makePortalVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .physics = false});
    Client walker(ClientConfig{.token = joinToken(1)});
    Client watcher(ClientConfig{.token = joinToken(2)});
    ASSERT_TRUE(server.start().ok());
    ASSERT_TRUE(walker.connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(watcher.connect("127.0.0.1", server.port()).ok());
    double t = 0.0;
    const std::array clients{&walker, &watcher};
    auto seen = [&] {
        for (const RemoteEntity& e : watcher.view(t)) {
            if (e.kind == EntityKind::Avatar && e.name == "user1") return std::optional<vec3>(e.position);
        }
        return std::optional<vec3>();
    };
    ASSERT_TRUE(test::pump(server, clients, t, 5.0, [&] { return walker.joined() && seen().has_value(); }));
    walker.setInput(vec2(0.0f, -1.0f));
    int between = 0, past = 0;
    bool arrived = false;
    test::pump(server, clients, t, 2.0, [&] {
        std::optional<vec3> p = seen();
        if (!p) return false;
        between += p->x > 1.0f && p->x < 7.0f;
        past += p->z < -3.0f || p->x > 9.0f;
        arrived = arrived || glm::length(vec2(p->x, p->z) - vec2(8.0f, 5.0f)) < 1.5f;
        return false;
    });
    EXPECT_TRUE(arrived) << "the watcher should see the walker at the portal's target";
    EXPECT_EQ(between, 0) << "the walker was drawn between the portal and its target";
    EXPECT_EQ(past, 0) << "the walker was carried past the portal or the target";
}

// A portal to another venue moves nobody: the server tells the client which venue, once per
// walk through it, and the app decides whether to go there.
TEST(AvatarPhysics, APortalToAnotherVenueIsReportedToTheClientOnce) {
    World venue = makeVenue(false);
    Entity portal = venue.create("Door to the expo");
    venue.get<Transform>(portal)->position = vec3(0.0f, 0.0f, -2.0f);
    venue.add<Portal>(portal, Portal{.venue = "expo_hall", .halfExtents = {0.75f, 1.25f, 1.0f}});
    Session s(venue, true, nullptr);
    ASSERT_TRUE(s.join());
    walkTowardsTheWall(s, 1.6);  // into the 2 m deep portal, and standing in it
    s.pump(0.5, [] { return false; });
    ASSERT_EQ(s.client.venuePortals().size(), 1u);
    EXPECT_EQ(s.client.venuePortals()[0], "expo_hall");
    EXPECT_LT(s.serverAvatar().z, -1.0f) << "the avatar walked on into it and was not moved";
}
