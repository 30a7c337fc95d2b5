#pragma once
// The client's state per remote entity (its samples to interpolate between) and, with physics,
// the prediction over its own copy of the venue: client.cpp's, kept here to keep that file short.
#include <array>
#include <deque>
#include <memory>

#include "atrium/net/client.hpp"
#include "avatar_character.hpp"

namespace atrium::net::client_detail {

struct Sample {
    double serverTime;
    vec3 position;
    quat rotation;
    bool jump = false;  // arrived from the sample before faster than anything walks or flies
};

// A move between two samples is a jump (a portal, a respawn, a host moving something) when it
// is longer than this and faster than kJumpSpeed: drawn as a cut, not slid across the venue.
constexpr float kJumpMeters = 2.0f;
constexpr float kJumpSpeed = 25.0f;  // m/s: running is 4, a body falling 3 s reaches 29

struct Tracked {
    RemoteEntity info;
    std::deque<Sample> samples;  // oldest first
};

constexpr double kMaxExtrapolation = 0.25;
constexpr std::size_t kInputRedundancy = 6;
constexpr float kServerStep = float(1.0 / 60.0);

#ifdef ATRIUM_NET_HAS_PHYSICS
// Prediction sweeps and contact-tests one capsule: a few collision algorithms at a time and no
// lasting contacts, so Bullet's pools for a simulated scene would be 4.4 MB of nothing.
constexpr int kPredictionContactPairs = 64;

// Prediction with the server's character physics over the client's own copy of the venue.
struct CharacterPrediction {
    World venue;
    std::shared_ptr<AssetCache> assets;  // the mesh colliders' meshes, as the server builds them
    std::unique_ptr<PhysicsWorld> physics;
    Entity avatar;
    // The controller's state after each predicted input (the Transform is the position): a
    // replay from the server's position after input n starts from the state after n.
    struct After {
        std::uint16_t sequence = 0;
        bool valid = false;
        vec3 velocity{0.0f};
        bool grounded = false;
        StableId portal;  // the portal it stood in
    };
    std::array<After, 128> after{};
    PortalTraveller traveller;

    // Builds every body now (the sync): left to the first predicted input, that is a stall in
    // the middle of the network loop, once per client.
    CharacterPrediction(const World& v, std::shared_ptr<AssetCache> a) : venue(v), assets(std::move(a)) {
        avatar = venue.create("predicted avatar");
        venue.add<Avatar>(avatar);
        addAvatarCharacter(venue, avatar, CharacterController{});
        venue.updateTransforms();  // portals are found by their world matrices
        physics = std::make_unique<PhysicsWorld>(venue, assets.get(), kPredictionContactPairs);
        physics->sync();
    }
    CharacterController& controller() { return *venue.get<CharacterController>(avatar); }
};
#endif

}  // namespace atrium::net::client_detail
