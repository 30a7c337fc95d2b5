#pragma once
// The avatar motion model of a server that runs physics: the physics layer's character
// controller (walls, stairs, slopes, pushing light bodies) instead of stepAvatar's flat ground.
// The server and a predicting client holding the venue both move avatars with this one
// function, so a prediction matches the server wherever no one else is in the way.
#if __has_include("atrium/physics/physics_world.hpp")
#include "atrium/assets/asset_cache.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/physics/standing_spot.hpp"
#define ATRIUM_NET_HAS_PHYSICS 1
#endif

#include "atrium/net/protocol.hpp"
#include "atrium/scene/rules/portals.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::net {

// After one input's step to `feet`: a Portal the avatar walked into moves it to the portal's
// target in this venue (the scene's portal behaviour, as in play mode), on the snapshots' 1 mm
// grid. The server and a predicting client both call it after every step, so a prediction
// passes through a portal with the server instead of being pulled there by a correction.
// Returns the feet, moved or not; a venue without portals, or a step that left the avatar where
// it was (`from`: most of a standing crowd), costs one lookup. A portal to another venue moves
// nothing and names that venue in `otherVenue`, if given.
vec3 passPortals(World& world, Entity avatar, vec3 from, vec3 feet, PortalTraveller& traveller, const PositionQuantizer& quantizer,
                 std::string* otherVenue = nullptr);

// Makes `avatar` a character on kAvatarLayer that collides with everything but other avatars.
// The server and a predicting client both use it: the client's copy of the venue has no other
// avatars in it, so only a server whose avatars pass through one another agrees with it.
void addAvatarCharacter(World& world, Entity avatar, const CharacterController& controller);

#ifdef ATRIUM_NET_HAS_PHYSICS
// One input of `avatar` (an entity with Avatar and CharacterController) from feet at `from`,
// with physics.sync() run since the venue last changed. Returns the new feet position, kept
// inside the quantiser's bounds on the ground plane as stepAvatar keeps it and on its 1 mm grid
// (snapshots carry exactly it, so a client replays from where the server is, not up to half a
// millimetre off, which pressed against a wall grew into centimetres); the Transform and
// the controller's velocity and grounded hold the rest of the state. The yaw is the caller's.
// An avatar standing still on the ground is stepped only on every 8th input (by sequence).
vec3 stepAvatarCharacter(PhysicsWorld& physics, World& world, Entity avatar, vec3 from, const AvatarInput& input, float dt,
                         const PositionQuantizer& quantizer);
#endif

}  // namespace atrium::net
