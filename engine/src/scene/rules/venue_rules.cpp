#include "atrium/scene/rules/venue_rules.hpp"

#include <array>

#include "atrium/scene/world.hpp"

namespace atrium {

namespace {

const OpenVenueSpace kOpenSpace;

quat rotationOf(const mat4& m) {
    return glm::normalize(glm::quat_cast(glm::mat3(glm::normalize(vec3(m[0])), glm::normalize(vec3(m[1])), glm::normalize(vec3(m[2])))));
}

void stopCharacter(World& world, Entity avatar, bool held, bool grounded) {
    if (CharacterController* cc = world.get<CharacterController>(avatar)) {
        cc->velocity = vec3(0.0f);
        cc->grounded = grounded;
        cc->held = held;
    }
}

}  // namespace

const char* toString(RuleEvent::Kind kind) {
    switch (kind) {
        case RuleEvent::Kind::Arrived: return "arrived";
        case RuleEvent::Kind::Sat: return "sat";
        case RuleEvent::Kind::SeatRefused: return "seat refused";
        case RuleEvent::Kind::LeftSeat: return "left seat";
        case RuleEvent::Kind::PortalTravel: return "portal travel";
        case RuleEvent::Kind::PortalToVenue: return "portal to venue";
        case RuleEvent::Kind::PortalWithoutTarget: return "portal without target";
        case RuleEvent::Kind::TriggerEnter: return "trigger enter";
        case RuleEvent::Kind::TriggerLeave: return "trigger leave";
    }
    return "?";
}

VenueRules::VenueRules(World& world, const VenueSpace* space) : world_(world), space_(space ? *space : kOpenSpace) { refreshArrival(); }

void VenueRules::refreshArrival() {
    world_.updateTransforms();
    arrival_ = arrivalArea(world_, space_);
}

void VenueRules::emit(RuleEvent::Kind kind, StableId avatar, StableId subject, StableId other, std::string name) {
    events_.push_back(RuleEvent{kind, avatar, subject, other, std::move(name)});
}

std::vector<RuleEvent> VenueRules::takeEvents() {
    std::vector<RuleEvent> taken;
    taken.swap(events_);
    return taken;
}

// ---------------------------------------------------------------------------------- arrival

void VenueRules::arrive(Entity avatar, std::uint32_t n) {
    Transform* t = world_.get<Transform>(avatar);
    if (!t) return;
    t->position = arrivalSpot(arrival_, n, space_);
    stopCharacter(world_, avatar, false, true);
    travellers_[world_.stableId(avatar).value] = {};
    emit(RuleEvent::Kind::Arrived, world_.stableId(avatar), arrival_.spawnPoint);
}

void VenueRules::respawn(Entity avatar, std::uint32_t n) {
    if (const Avatar* a = world_.get<Avatar>(avatar); a && a->seat.valid()) release(avatar, a->seat);
    arrive(avatar, n);
}

void VenueRules::leave(Entity avatar) {
    if (const Avatar* a = world_.get<Avatar>(avatar); a && a->seat.valid()) release(avatar, a->seat);
    travellers_.erase(world_.stableId(avatar).value);
}

// ---------------------------------------------------------------------------------- seats

void VenueRules::release(Entity avatar, StableId seat) {
    const StableId me = world_.stableId(avatar);
    if (Seat* s = world_.get<Seat>(world_.find(seat)); s && s->occupant == me) s->occupant = {};
    if (Avatar* a = world_.get<Avatar>(avatar)) a->seat = {};
    stopCharacter(world_, avatar, false, false);
    emit(RuleEvent::Kind::LeftSeat, me, seat);
}

void VenueRules::placeOnSeat(Entity avatar, Entity seat) {
    // Avatars are root entities: their Transform is their place in the venue.
    const mat4 m = world_.computeWorldMatrix(seat);
    Transform& t = *world_.get<Transform>(avatar);
    t.position = vec3(m * vec4(world_.get<Seat>(seat)->sitOffset, 1.0f));
    t.rotation = rotationOf(m);
}

Status VenueRules::sit(Entity avatar, StableId seatId) {
    if (!world_.alive(avatar) || !world_.has<Avatar>(avatar)) return Error{"sit: that entity is not an avatar"};
    const Entity seat = world_.find(seatId);
    Seat* s = world_.get<Seat>(seat);
    if (!s) return Error{"no such seat"};
    const StableId me = world_.stableId(avatar);
    if (s->occupant.valid() && s->occupant != me && world_.alive(world_.find(s->occupant))) {
        emit(RuleEvent::Kind::SeatRefused, me, seatId, s->occupant);
        return Error{"seat is taken"};
    }
    Avatar& a = *world_.get<Avatar>(avatar);
    if (a.seat == seatId) return Ok{};
    if (a.seat.valid()) release(avatar, a.seat);
    s->occupant = me;
    a.seat = seatId;
    placeOnSeat(avatar, seat);
    stopCharacter(world_, avatar, true, true);
    emit(RuleEvent::Kind::Sat, me, seatId);
    return Ok{};
}

Status VenueRules::standUp(Entity avatar) {
    const Avatar* a = world_.get<Avatar>(avatar);
    if (!a || !a->seat.valid()) return Error{"stand up: not seated"};
    const StableId seatId = a->seat;
    const Entity seat = world_.find(seatId);
    if (world_.has<Seat>(seat)) {
        const CharacterController* cc = world_.get<CharacterController>(avatar);
        const CharacterController size = cc ? *cc : CharacterController{};
        const mat4 m = world_.computeWorldMatrix(seat);
        const vec3 at(m[3]);
        const quat facing = rotationOf(m);
        const float d = size.radius + 0.45f;
        // Seats face -z (the backrest is at +z): in front first, then behind, the sides, further out.
        const std::array<vec3, 8> offsets = {vec3{0, 0, -d},     vec3{0, 0, d},     vec3{d, 0, 0},      vec3{-d, 0, 0},
                                             vec3{0, 0, -2 * d}, vec3{2 * d, 0, 0}, vec3{-2 * d, 0, 0}, vec3{0, 0, 2 * d}};
        for (const vec3& offset : offsets) {
            if (std::optional<vec3> feet = space_.placeToStand(at + facing * offset, size)) {
                world_.get<Transform>(avatar)->position = *feet;
                break;
            }
        }
        // No spot has room (a seat boxed in): it stands where it sat, and walking sorts it out.
    }
    release(avatar, seatId);
    return Ok{};
}

bool VenueRules::mayMove(Entity avatar, bool standRequested) {
    const Avatar* a = world_.get<Avatar>(avatar);
    if (!a || !a->seat.valid()) return true;
    if (!standRequested) return false;
    (void)standUp(avatar);
    return true;
}

Entity VenueRules::nearestFreeSeat(vec3 at, float reach) const {
    const auto* seats = world_.findPool<Seat>();
    Entity best = kNullEntity;
    if (!seats) return best;
    float bestDistance = reach;
    for (std::size_t i = 0; i < seats->size(); ++i) {
        if (seats->components()[i].occupant.valid()) continue;
        const Entity e = seats->entities()[i];
        float d = glm::length(vec3(world_.worldMatrix(e)[3]) - at);
        if (d < bestDistance) bestDistance = d, best = e;
    }
    return best;
}

// ---------------------------------------------------------------------------------- portals

std::optional<PortalVisit> VenueRules::afterMove(Entity avatar) {
    const auto* portals = world_.findPool<Portal>();
    if (!portals || portals->size() == 0) return std::nullopt;
    const StableId me = world_.stableId(avatar);
    std::optional<PortalVisit> visit = followPortals(world_, avatar, travellers_[me.value]);
    if (!visit) return visit;
    if (!visit->venue.empty()) emit(RuleEvent::Kind::PortalToVenue, me, visit->portal, {}, visit->venue);
    else if (visit->moved) emit(RuleEvent::Kind::PortalTravel, me, visit->portal, visit->target);
    else emit(RuleEvent::Kind::PortalWithoutTarget, me, visit->portal, visit->target);
    return visit;
}

// ---------------------------------------------------------------------------------- the step

void VenueRules::step() {
    if (auto* avatars = world_.findPool<Avatar>()) {
        for (std::size_t i = 0; i < avatars->size(); ++i) {
            const Entity avatar = avatars->entities()[i];
            const StableId seatId = avatars->components()[i].seat;
            if (!seatId.valid()) continue;
            const Entity seat = world_.find(seatId);
            const Seat* s = world_.get<Seat>(seat);
            // A seat destroyed, or given to someone else (a host's edit), stands its occupant up.
            if (!s || s->occupant != world_.stableId(avatar)) {
                release(avatar, seatId);
                continue;
            }
            placeOnSeat(avatar, seat);  // the seat may be on something that moves
        }
    }
    // Who is in a trigger is read from world matrices; a venue without triggers skips the pass.
    if (const auto* triggers = world_.findPool<Trigger>(); triggers && triggers->size() > 0) world_.updateTransforms();
    triggers_.update(world_, events_);
}

}  // namespace atrium
