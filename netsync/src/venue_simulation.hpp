#pragma once
// The venue simulation: avatars moved by their clients' queued inputs, physics, and the venue's
// rules (scene/rules/venue_rules.hpp: arrival, seats, portals, triggers), the same system the
// editor's play mode runs. An avatar's pose is its World Transform, and only that: nobody can
// read a stale copy.
#include <cstdint>
#include <memory>
#include <string>

#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "avatar_character.hpp"
#include "input_queue.hpp"

namespace atrium::net {

// One avatar's state between ticks besides its pose: the walk (yaw, fall), the inputs its
// client sent that wait for ticks. (The portal it stands in is the venue rules'.)
struct AvatarWalk {
    std::uint32_t clientId = 0;
    Entity entity;
    float yaw = 0.0f;
    float verticalSpeed = 0.0f;
    InputQueue inputs;
    int owedInputs = 0;  // ticks run without an input of this client's, not yet repaid
    AvatarInput lastApplied;
    std::uint16_t lastInput = 0;
    bool anyInput = false;
};

// What the simulation has to tell clients; the sessions deliver it.
class VenueEvents {
public:
    virtual void seatChanged(StableId seat, std::uint32_t occupant) = 0;  // to everyone
    virtual void portalToVenue(std::uint32_t clientId, const std::string& venue) = 0;

protected:
    ~VenueEvents() = default;
};

// How a client's claim of a seat ended.
struct SeatClaim {
    enum class Outcome { Seated, NoSuchSeat, Taken } outcome = Outcome::Seated;
    std::uint32_t holder = 0;  // who has it, when taken
};

class VenueSimulation {
public:
    VenueSimulation(World& world, const ServerConfig& config, VenueEvents& events);
    ~VenueSimulation();

    // The venue's bounds (snapshots quantise positions inside them) and spawn point.
    void computeBounds();
    void startPhysics();
    const Aabb& bounds() const { return bounds_; }
    const PositionQuantizer& quantizer() const { return *quantizer_; }
    bool charactersUsePhysics() const;
    std::uint32_t tick() const { return tick_; }

    // The client's avatar enters the venue at its arrival spot, or leaves it.
    void arrive(AvatarWalk& walk, std::uint32_t clientId, const JoinClaims& claims);
    void leave(AvatarWalk& walk);
    // Queues what is newer than what the avatar has; returns how many were replays.
    std::uint64_t queueInputs(AvatarWalk& walk, const std::vector<AvatarInput>& newestFirst);

    // One tick: beginTick, then advance for every avatar in client order, then endTick.
    void beginTick();
    void advance(AvatarWalk& walk, float dt);
    void endTick(float dt);

    vec3 position(const AvatarWalk& walk) const;
    StableId seatOf(const AvatarWalk& walk) const;
    SeatClaim claimSeat(AvatarWalk& walk, StableId seat);
    void standUp(AvatarWalk& walk);
    // A returning client's avatar, just arrived, put back where it was (and on its seat).
    void resume(AvatarWalk& walk, vec3 position, float yaw, StableId seat);
    // What the venue rules did since clearRuleEvents() (Server::ruleEvents()).
    const std::vector<RuleEvent>& ruleEvents() const { return ruleEvents_; }
    void clearRuleEvents() { ruleEvents_.clear(); }

private:
    void applyInput(AvatarWalk& walk, Transform& t, float dt);
    void moveAvatar(AvatarWalk& walk, Transform& t, const AvatarInput& in, float dt);
    void enterPortals(AvatarWalk& walk, Transform& t, vec3 from);
    void respawn(AvatarWalk& walk, Transform& t);
    // The rules' events as messages (seat states, a portal to another venue), and kept.
    void drainRuleEvents();
    std::uint32_t ownerOf(StableId avatar) const;

    World& world_;
    const ServerConfig& config_;
    VenueEvents& events_;
    Aabb bounds_;
    std::unique_ptr<PositionQuantizer> quantizer_;
    float groundY_ = 0.0f;
    std::unique_ptr<VenueSpace> space_;  // physics' answers, once avatars walk with it
    std::unique_ptr<VenueRules> rules_;
    std::vector<RuleEvent> ruleEvents_;
    std::uint32_t tick_ = 0;
#ifdef ATRIUM_NET_HAS_PHYSICS
    std::unique_ptr<AssetCache> assets_;  // mesh colliders' meshes; outlives physics
    std::unique_ptr<PhysicsWorld> physics_;
    // Avatars walk with the character controller (stepAvatarCharacter), not stepAvatar.
    bool characterPhysics_ = false;
#endif
};

}  // namespace atrium::net
