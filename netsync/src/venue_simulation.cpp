#include "venue_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "atrium/core/log.hpp"

namespace atrium::net {
namespace {
// Ticks a client may be owed (see advance): a stall longer than this (200 ms) costs it the
// rest, and its avatar stops short of where its own screen showed it.
constexpr int kMaxOwedInputs = 12;

// Whether the next input waiting changes the walk (against the last applied), or one
// further back does.
bool changeQueued(const AvatarWalk& walk) {
    const AvatarInput* before = &walk.lastApplied;
    for (std::size_t i = 0; i < walk.inputs.size(); ++i) {
        const AvatarInput& in = walk.inputs[i];
        if (walkChanged(*before, in)) return true;
        before = &in;
    }
    return false;
}
}  // namespace

VenueSimulation::VenueSimulation(World& world, const ServerConfig& config, VenueEvents& events)
    : world_(world), config_(config), events_(events) {}

VenueSimulation::~VenueSimulation() = default;

void VenueSimulation::computeBounds() {
    world_.updateTransforms();
    Aabb b;
    world_.forEachEntity([&](Entity e) { b.expand(vec3(world_.worldMatrix(e)[3])); });
    if (b.empty()) b = Aabb{vec3(0), vec3(0)};
    // Room to walk around everything, and up to 50 m for jumps, stacks and balconies.
    b.min -= vec3(20.0f, 5.0f, 20.0f);
    b.max += vec3(20.0f, 50.0f, 20.0f);
    bounds_ = b;
    quantizer_ = std::make_unique<PositionQuantizer>(bounds_);
    if (auto* spawns = world_.findPool<SpawnPoint>(); spawns && spawns->size() > 0) {
        Entity s = spawns->entities()[0];
        spawnCenter_ = vec3(world_.worldMatrix(s)[3]);
        spawnRadius_ = std::max(0.5f, spawns->components()[0].radius);
        spawnName_ = "spawn point \"" + (world_.get<Name>(s) ? world_.get<Name>(s)->value : std::string("?")) + "\"";
    }
    groundY_ = spawnCenter_.y;
}

// Physics runs when the venue has anything solid: bodies to simulate, or colliders for
// avatars to walk into.
void VenueSimulation::startPhysics() {
#ifdef ATRIUM_NET_HAS_PHYSICS
    auto any = [](const auto* pool) { return pool && pool->size() > 0; };
    const bool bodies = any(world_.findPool<RigidBody>());
    if (!config_.physics || !(bodies || any(world_.findPool<Collider>()))) return;
    assets_ = std::make_unique<AssetCache>(config_.assetRoot);
    physics_ = std::make_unique<PhysicsWorld>(world_, assets_.get());
    physics_->sync();
    for (const Error& e : physics_->errors()) logWarn("server", "physics: " + e.toString());
    // With no floor collider under the spawn point (walls and furniture on an implied
    // floor) characters would fall out of the venue: avatars there keep stepAvatar's ground.
    characterPhysics_ = physics_->raycast(spawnCenter_ + vec3(0.0f, 0.5f, 0.0f), vec3(0.0f, -1.0f, 0.0f), 2.5f).has_value();
    if (!characterPhysics_ && !bodies) physics_.reset();
    if (characterPhysics_) {
        logInfo("server", "avatars walk with the physics character controller");
        arriveOutsideGeometry();
    }
#endif
}

bool VenueSimulation::charactersUsePhysics() const {
#ifdef ATRIUM_NET_HAS_PHYSICS
    return characterPhysics_;
#else
    return false;
#endif
}

void VenueSimulation::arrive(AvatarWalk& walk, std::uint32_t clientId, const JoinClaims& claims) {
    walk.clientId = clientId;
    const vec3 spot = arrivalSpot(clientId);
    walk.entity = world_.create(claims.displayName);
    world_.get<Transform>(walk.entity)->position = spot;
    world_.add<Avatar>(walk.entity, Avatar{.displayName = claims.displayName, .userId = claims.userId});
    world_.add<Replicated>(walk.entity, Replicated{.owner = clientId, .priority = 2.0f});
    // It arrives standing still, as a client replaying from a snapshot (a position and no
    // more) assumes.
    if (charactersUsePhysics()) addAvatarCharacter(world_, walk.entity, CharacterController{.grounded = true});
}

void VenueSimulation::leave(AvatarWalk& walk) {
    releaseSeat(walk);
    if (world_.alive(walk.entity)) world_.destroy(walk.entity);
}

std::uint64_t VenueSimulation::queueInputs(AvatarWalk& walk, const std::vector<AvatarInput>& newestFirst) {
    std::uint64_t replayed = 0;
    // Redundant copies arrive newest first; queue only what is newer than what we have.
    for (auto it = newestFirst.rbegin(); it != newestFirst.rend(); ++it) {
        std::uint16_t newest = walk.inputs.empty() ? walk.lastInput : walk.inputs.back().sequence;
        if ((walk.anyInput || !walk.inputs.empty()) && !sequenceGreater(it->sequence, newest)) {
            ++replayed;
            continue;
        }
        walk.inputs.push_back(*it);
    }
    while (walk.inputs.size() > 12) walk.inputs.pop_front();  // a client far ahead catches up, not the server
    return replayed;
}

void VenueSimulation::beginTick() {
#ifdef ATRIUM_NET_HAS_PHYSICS
    // One sync for every avatar's steps this tick (stepAvatarCharacter); endTick's stepBodies
    // leaves the characters where their inputs took them instead of moving them again.
    if (characterPhysics_) physics_->sync();
#endif
}

void VenueSimulation::advance(AvatarWalk& walk, float dt) {
    // Each tick owes the client one input. With none queued (a late packet) the avatar
    // holds still and the tick stays owed; a later tick repays it with a second input
    // once more than one waits (a late packet's inputs arriving together) or a start,
    // stop or turn waits behind others (what everyone sees late). The queue so stays
    // about a tick deep instead of deepening by a tick with every late packet, the
    // avatar ends exactly where the client predicted it, and no client gets more
    // inputs applied than ticks have run: sending faster or in bursts gains no speed.
    walk.owedInputs = std::min(walk.owedInputs + 1, kMaxOwedInputs);
    // Found once for the tick's steps, not once a step: this runs for every avatar every tick.
    Transform* t = world_.get<Transform>(walk.entity);
    if (!t) return;
    if (!walk.inputs.empty()) applyInput(walk, *t, dt);
    if (!walk.inputs.empty() && walk.owedInputs > 0 && (walk.inputs.size() > 1 || changeQueued(walk))) applyInput(walk, *t, dt);
    t->rotation = glm::angleAxis(walk.yaw, vec3(0, 1, 0));
}

void VenueSimulation::endTick(float dt) {
#ifdef ATRIUM_NET_HAS_PHYSICS
    if (physics_ && characterPhysics_) physics_->stepBodies(dt);
    else if (physics_) physics_->step(dt);
#else
    (void)dt;
#endif
    ++tick_;
}

// The client's next input, applied to its avatar.
void VenueSimulation::applyInput(AvatarWalk& walk, Transform& t, float dt) {
    AvatarInput in = walk.inputs.front();
    walk.inputs.pop_front();
    walk.lastInput = in.sequence;
    walk.anyInput = true;
    --walk.owedInputs;
    walk.lastApplied = in;
    if (seatOf(walk).valid()) {
        if (standsUp(in)) standUp(walk);
        else return;
    }
    moveAvatar(walk, t, in, dt);
}

// One input's step of the avatar, by the model this server runs (JoinAccept tells clients).
void VenueSimulation::moveAvatar(AvatarWalk& walk, Transform& t, const AvatarInput& in, float dt) {
    const vec3 from = t.position;
#ifdef ATRIUM_NET_HAS_PHYSICS
    if (characterPhysics_) {
        walk.yaw = in.yaw;
        // It writes the Transform too, but may return without stepping.
        t.position = stepAvatarCharacter(*physics_, world_, walk.entity, from, in, dt, *quantizer_);
        if (t.position.y < bounds_.min.y) respawn(walk, t);  // walked off the edge of the floor
        return enterPortals(walk, t, from);
    }
#endif
    AvatarMotion motion{from, walk.yaw, walk.verticalSpeed};  // a scratch copy: the pose stays the Transform's
    stepAvatar(motion, in, dt, groundY_, bounds_);
    t.position = motion.position;
    walk.yaw = motion.yaw;
    walk.verticalSpeed = motion.verticalSpeed;
    enterPortals(walk, t, from);
}

vec3 VenueSimulation::position(const AvatarWalk& walk) const {
    const Transform* t = world_.get<Transform>(walk.entity);
    return t ? t->position : vec3(0.0f);
}

StableId VenueSimulation::seatOf(const AvatarWalk& walk) const {
    const Avatar* a = world_.get<Avatar>(walk.entity);
    return a ? a->seat : StableId{};
}

// ---------------------------------------------------------------- venue rules

// Where a client's avatar arrives: spread over the spawn circle so avatars do not start
// inside each other.
vec3 VenueSimulation::arrivalSpot(std::uint32_t clientId) const {
    float a = float(clientId) * 2.39996f, rad = spawnRadius_ * std::sqrt(float(clientId % 97) / 97.0f);
    vec3 spot = spawnCenter_ + vec3(std::cos(a) * rad, 0.0f, std::sin(a) * rad);
#ifdef ATRIUM_NET_HAS_PHYSICS
    // Part of the spawn circle may be in a wall or under the seats.
    if (characterPhysics_) spot = findStandingSpot(*physics_, spot, spawnRadius_ + 1.0f).value_or(spawnCenter_);
#endif
    return quantizer_->snap(spot);
}

// A spawn point inside the venue's geometry (a kit's solid under it, a wall moved onto it)
// would have the controller push each arriving avatar out sideways, metres a step: arrivals
// move to the nearest spot with room, and the server says what the spawn point is inside.
void VenueSimulation::arriveOutsideGeometry() {
#ifdef ATRIUM_NET_HAS_PHYSICS
    std::vector<Entity> inside = standingOverlaps(*physics_, spawnCenter_);
    if (inside.empty()) return;
    std::string what = describeOverlaps(world_, inside);
    std::optional<vec3> free = findStandingSpot(*physics_, spawnCenter_, kArrivalSearchMeters);
    char where[96];
    if (free) std::snprintf(where, sizeof where, "%.1f m away, at (%.2f, %.2f, %.2f)", glm::length(*free - spawnCenter_), free->x, free->y, free->z);
    logWarn("server", spawnName_ + " is inside " + what + ": avatars arrive " +
                          (free ? std::string("at the nearest spot with room, ") + where
                                : "there anyway (no room within " + std::to_string(int(kArrivalSearchMeters)) + " m)") +
                          "; move the spawn point in the editor");
    if (free) spawnCenter_ = *free;
#endif
}

SeatClaim VenueSimulation::claimSeat(AvatarWalk& walk, StableId id) {
    Entity e = world_.find(id);
    Seat* seat = world_.get<Seat>(e);
    if (!seat) return {SeatClaim::Outcome::NoSuchSeat};
    if (seat->occupant.valid() && seat->occupant != world_.stableId(walk.entity)) {
        // The first claim the server saw wins; the loser hears who has it.
        const Replicated* rep = world_.get<Replicated>(world_.find(seat->occupant));
        return {SeatClaim::Outcome::Taken, rep ? rep->owner : 0};
    }
    releaseSeat(walk);
    seat->occupant = world_.stableId(walk.entity);
    if (Avatar* a = world_.get<Avatar>(walk.entity)) a->seat = id;
    world_.updateTransforms();
    world_.get<Transform>(walk.entity)->position = vec3(world_.worldMatrix(e) * vec4(seat->sitOffset, 1.0f));
    walk.verticalSpeed = 0.0f;
    events_.seatChanged(id, walk.clientId);
    return {};
}

void VenueSimulation::releaseSeat(AvatarWalk& walk) {
    Avatar* a = world_.get<Avatar>(walk.entity);
    if (!a || !a->seat.valid()) return;
    const StableId seat = a->seat;
    if (Seat* s = world_.get<Seat>(world_.find(seat))) s->occupant = {};
    a->seat = {};
    events_.seatChanged(seat, 0);
}

// Leaves the seat by the client's choice. With character physics the avatar steps off to a
// free spot beside it: walking from the seat's position would start inside its collider.
void VenueSimulation::standUp(AvatarWalk& walk) {
    if (!seatOf(walk).valid()) return;
#ifdef ATRIUM_NET_HAS_PHYSICS
    if (characterPhysics_) {
        // No free spot (a seat boxed in): it stands where it sat and the walk sorts it out.
        (void)physics_->standUp(walk.entity);
        CharacterController& cc = *world_.get<CharacterController>(walk.entity);
        cc.velocity = vec3(0.0f);
        cc.grounded = false;
    }
#endif
    releaseSeat(walk);
}

// A portal in this venue moves the avatar; one to another venue is the client's to follow
// (connecting to that venue's server is the app's choice), so the client is told.
void VenueSimulation::enterPortals(AvatarWalk& walk, Transform& t, vec3 from) {
    std::string otherVenue;
    t.position = passPortals(world_, walk.entity, from, t.position, walk.portal, *quantizer_, &otherVenue);
    if (!otherVenue.empty()) events_.portalToVenue(walk.clientId, otherVenue);
}

// An avatar fallen out of the venue starts again where avatars arrive.
void VenueSimulation::respawn(AvatarWalk& walk, Transform& t) {
#ifdef ATRIUM_NET_HAS_PHYSICS
    t.position = arrivalSpot(walk.clientId);
    walk.portal = {};
    CharacterController& cc = *world_.get<CharacterController>(walk.entity);
    cc.velocity = vec3(0.0f);
    cc.grounded = true;
#else
    (void)walk, (void)t;
#endif
}

}  // namespace atrium::net
