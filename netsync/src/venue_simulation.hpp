#pragma once
// The venue simulation: avatars moved by their clients' queued inputs, physics, and the venue's
// rules (scene/rules/venue_rules.hpp: arrival, seats, portals, triggers), the same system the
// editor's play mode runs. An avatar's pose is its World Transform, and only that: nobody can
// read a stale copy.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#include "atrium/net/show_protocol.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "atrium/scene/show/show_runner.hpp"
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
    // The show: a World change for everyone; an effect for everyone, or for one client only
    // (onlyTo: a teleport's or a URL's person).
    virtual void showChanged(const ShowChangeMsg& change) = 0;
    virtual void showEffect(const ShowEffectMsg& effect, std::uint32_t onlyTo) = 0;

protected:
    ~VenueEvents() = default;
};

// How a client's use of a button ended.
enum class UseOutcome { Used, NoSuchButton, OutOfReach, Refused };

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
    void clearRuleEvents() {
        ruleEvents_.clear();
        showEventsSeen_ = 0;
    }

    // The venue's show (interactions and timelines), the ShowRunner that Runtime and the
    // editor's play mode run too, on the server clock: tick() / tickRate seconds.
    ShowRunner& show() { return *show_; }
    // A change another server's show made (the stage mirrored), at `atSeconds` on this clock:
    // made in this World and sent as this show's own change.
    void followShow(const ShowAction& change, double atSeconds);
    double showClock() const { return double(tick_) / config_.tickRate; }
    // The client's avatar uses a button (within its reach, give or take what the client sees late).
    UseOutcome use(const AvatarWalk& walk, StableId button);
    void cue(const std::string& name);
    // After a host's command changed the World: the show finds its bindings afresh.
    void worldEdited();

private:
    void applyInput(AvatarWalk& walk, Transform& t, float dt);
    void moveAvatar(AvatarWalk& walk, Transform& t, const AvatarInput& in, float dt);
    void enterPortals(AvatarWalk& walk, Transform& t, vec3 from);
    void respawn(AvatarWalk& walk, Transform& t);
    // The rules' events as messages (seat states, a portal to another venue), and kept.
    void drainRuleEvents();
    std::uint32_t ownerOf(StableId avatar) const;
    // The show's changes and effects to the clients (events_); a teleport done here.
    void drainShow();
    void teleport(StableId avatar, StableId to);

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
    std::unique_ptr<ShowRunner> show_;
    std::map<StableId, PersonRole> roles_;  // each avatar's, from its join token
    std::size_t showEventsSeen_ = 0;        // ruleEvents_ the show has had
    bool showStarted_ = false;
#ifdef ATRIUM_NET_HAS_PHYSICS
    std::unique_ptr<AssetCache> assets_;  // mesh colliders' meshes; outlives physics
    std::unique_ptr<PhysicsWorld> physics_;
    // Avatars walk with the character controller (stepAvatarCharacter), not stepAvatar.
    bool characterPhysics_ = false;
#endif
};

}  // namespace atrium::net
