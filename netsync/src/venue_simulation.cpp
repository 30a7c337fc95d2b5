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
// A client sees its own avatar ahead of the server's and buttons where they are: this much
// beyond a button's reach still counts, so that pressing E at the edge works.
constexpr float kReachSlackMeters = 1.0f;
// At most this many firings of one binding a second on the server, whatever its cooldown
// says: a crowd in a trigger volume cannot flood everyone with changes.
constexpr double kMinBindingSeconds = 1.0 / 20.0;

PersonRole personRole(Role role) {
    switch (role) {
        case Role::Host: return PersonRole::Host;
        case Role::Presenter: return PersonRole::Presenter;
        case Role::Attendee: break;
    }
    return PersonRole::Attendee;
}

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
    // Open space until physics says otherwise (startPhysics).
    rules_ = std::make_unique<VenueRules>(world_);
    groundY_ = rules_->arrival().centre.y;
    show_ = std::make_unique<ShowRunner>(world_, [this](StableId avatar) {
        auto it = roles_.find(avatar);
        return it != roles_.end() ? it->second : PersonRole::Attendee;
    });
    show_->recordChanges();
    show_->setMinCooldown(kMinBindingSeconds);
    for (const std::string& p : show_->problems()) logWarn("server", "show: " + p);
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
    const vec3 spawn = rules_->arrival().centre;
    characterPhysics_ = physics_->raycast(spawn + vec3(0.0f, 0.5f, 0.0f), vec3(0.0f, -1.0f, 0.0f), 2.5f).has_value();
    if (!characterPhysics_ && !bodies) physics_.reset();
    if (!characterPhysics_) return;
    logInfo("server", "avatars walk with the physics character controller");
    // From now on arrivals, standing up and the rest ask physics for room.
    space_ = std::make_unique<PhysicsVenueSpace>(*physics_);
    rules_ = std::make_unique<VenueRules>(world_, space_.get());
    if (!rules_->arrival().warning.empty()) logWarn("server", rules_->arrival().warning);
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
    walk.entity = world_.create(claims.displayName);
    world_.add<Avatar>(walk.entity, Avatar{.displayName = claims.displayName, .userId = claims.userId});
    world_.add<Replicated>(walk.entity, Replicated{.owner = clientId, .priority = 2.0f});
    // It arrives standing still, as a client replaying from a snapshot (a position and no
    // more) assumes.
    if (charactersUsePhysics()) addAvatarCharacter(world_, walk.entity, CharacterController{.grounded = true});
    // Client ids spread arrivals over the spawn circle; snapshots carry the 1 mm grid.
    roles_[world_.stableId(walk.entity)] = personRole(claims.role);
    rules_->arrive(walk.entity, clientId);
    Transform& t = *world_.get<Transform>(walk.entity);
    t.position = quantizer_->snap(t.position);
    drainRuleEvents();
}

void VenueSimulation::leave(AvatarWalk& walk) {
    roles_.erase(world_.stableId(walk.entity));
    rules_->leave(walk.entity);
    drainRuleEvents();
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
    // Seats and triggers, after everyone moved: a seat that moved carries its occupant.
    rules_->step();
    drainRuleEvents();
#ifdef ATRIUM_NET_HAS_PHYSICS
    if (physics_ && characterPhysics_) physics_->stepBodies(dt);
    else if (physics_) physics_->step(dt);
#else
    (void)dt;
#endif
    ++tick_;
    // The show after the rules: trigger events this tick's moves caused, then timers, tweens
    // and timelines sampled at the tick's time, which is what the tick's snapshots carry.
    if (!showStarted_) {
        showStarted_ = true;
        show_->start(showClock());
    }
    show_->update(showClock(), std::span<const RuleEvent>(ruleEvents_).subspan(showEventsSeen_));
    showEventsSeen_ = ruleEvents_.size();
    drainShow();
}

UseOutcome VenueSimulation::use(const AvatarWalk& walk, StableId button) {
    const Entity e = world_.find(button);
    const Interactable* it = world_.get<Interactable>(e);
    if (!it || !world_.alive(walk.entity)) return UseOutcome::NoSuchButton;
    world_.updateTransforms();
    const vec3 at = vec3(world_.worldMatrix(e)[3]);
    if (glm::distance(at, position(walk)) > it->reach + kReachSlackMeters) return UseOutcome::OutOfReach;
    // Between ticks: what it does is the next tick's, sampled and sent with it, so every
    // follower makes the change at the tick the server's snapshots first show it.
    const bool used = show_->use(button, world_.stableId(walk.entity), double(tick_ + 1) / config_.tickRate);
    drainShow();
    return used ? UseOutcome::Used : UseOutcome::Refused;
}

void VenueSimulation::cue(const std::string& name) {
    show_->cue(name, double(tick_ + 1) / config_.tickRate);
    drainShow();
}

void VenueSimulation::worldEdited() {
    show_->rebuild();
    for (const std::string& p : show_->problems()) logWarn("server", "show: " + p);
}

void VenueSimulation::followShow(const ShowAction& change, double atSeconds) {
    show_->follow(change, atSeconds);
    drainShow();
}

void VenueSimulation::drainShow() {
    for (ShowChange& c : show_->takeChanges()) {
        const auto tick = std::uint32_t(std::llround(c.at * config_.tickRate));
        events_.showChanged({tick, std::move(c.action)});
    }
    for (ShowEffect& e : show_->takeEffects()) {
        using K = ShowEffect::Kind;
        if (e.kind == K::Teleport) {
            teleport(e.person, e.target);
            continue;
        }
        const std::uint32_t to = e.person.valid() ? ownerOf(e.person) : 0;
        // A person's own effect for nobody else: one whose client is gone is dropped.
        if (e.kind == K::OpenUrl && to == 0) continue;
        events_.showEffect({tick_, e.kind, e.target, e.seconds, std::move(e.text)}, e.kind == K::OpenUrl ? to : 0);
    }
}

// The server moves the avatar (it is authoritative); its client reconciles to the snapshot.
void VenueSimulation::teleport(StableId avatar, StableId to) {
    const Entity a = world_.find(avatar), target = world_.find(to);
    Transform* t = world_.get<Transform>(a);
    if (!t || !target || !world_.has<Avatar>(a)) return;
    world_.updateTransforms();
    t->position = quantizer_->snap(vec3(world_.worldMatrix(target)[3]));
}

// The client's next input, applied to its avatar.
void VenueSimulation::applyInput(AvatarWalk& walk, Transform& t, float dt) {
    AvatarInput in = walk.inputs.front();
    walk.inputs.pop_front();
    walk.lastInput = in.sequence;
    walk.anyInput = true;
    --walk.owedInputs;
    const AvatarInput before = walk.lastApplied;
    walk.lastApplied = in;
    if (seatOf(walk).valid()) {
        if (!rules_->mayMove(walk.entity, standsUp(in, before))) return;
        drainRuleEvents();  // stood up beside the seat
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

SeatClaim VenueSimulation::claimSeat(AvatarWalk& walk, StableId id) {
    if (!world_.has<Seat>(world_.find(id))) return {SeatClaim::Outcome::NoSuchSeat};
    const bool seated = rules_->sit(walk.entity, id).ok();
    SeatClaim claim;
    for (const RuleEvent& e : rules_->events()) {
        // The first claim the server saw wins; the loser hears who has it.
        if (e.kind == RuleEvent::Kind::SeatRefused) claim = {SeatClaim::Outcome::Taken, ownerOf(e.other)};
    }
    if (seated) walk.verticalSpeed = 0.0f;
    drainRuleEvents();
    return claim;
}

// Leaves the seat by the client's choice: the rules stand the avatar up beside it.
void VenueSimulation::standUp(AvatarWalk& walk) {
    if (!rules_->standUp(walk.entity).ok()) return;  // not seated
    drainRuleEvents();
}

void VenueSimulation::resume(AvatarWalk& walk, vec3 position, float yaw, StableId seat) {
    Transform& t = *world_.get<Transform>(walk.entity);
    t.position = quantizer_->snap(position);
    t.rotation = glm::angleAxis(yaw, vec3(0, 1, 0));
    walk.yaw = yaw;
    // The seat may have been taken meanwhile: then the claim is refused and it stands where it was.
    if (seat.valid()) claimSeat(walk, seat);
}

// After each input's step, as a predicting client does (passPortals): a portal in this venue
// moves the avatar, onto the snapshots' 1 mm grid. A step that left the avatar where it was
// (most of a standing crowd) costs nothing.
void VenueSimulation::enterPortals(AvatarWalk& walk, Transform& t, vec3 from) {
    if (t.position == from || !world_.findPool<Portal>()) return;
    std::optional<PortalVisit> visit = rules_->afterMove(walk.entity);
    if (visit && visit->moved) t.position = quantizer_->snap(t.position);
    drainRuleEvents();
}

// An avatar fallen out of the venue starts again where avatars arrive.
void VenueSimulation::respawn(AvatarWalk& walk, Transform& t) {
    rules_->respawn(walk.entity, walk.clientId);
    t.position = quantizer_->snap(t.position);
    drainRuleEvents();
}

std::uint32_t VenueSimulation::ownerOf(StableId avatar) const {
    const Replicated* rep = world_.get<Replicated>(world_.find(avatar));
    return rep ? rep->owner : 0;
}

void VenueSimulation::drainRuleEvents() {
    for (RuleEvent& e : rules_->takeEvents()) {
        using K = RuleEvent::Kind;
        if (e.kind == K::Sat) events_.seatChanged(e.subject, ownerOf(e.avatar));
        else if (e.kind == K::LeftSeat) events_.seatChanged(e.subject, 0);
        // Connecting to that venue's server is the app's choice: the client is told.
        else if (e.kind == K::PortalToVenue) events_.portalToVenue(ownerOf(e.avatar), e.name);
        ruleEvents_.push_back(std::move(e));
    }
}

}  // namespace atrium::net
