#pragma once
// The venue's rules, in one place: where people arrive, seats, portals and trigger volumes.
// The netsync server, the editor's play mode and Runtime (so every embedding app) run this one
// system, so that play mode behaves as a live session does. It reads and writes World
// components only; physics is a service it asks through VenueSpace (room to stand), never the
// other way round. What it did comes out as RuleEvents.
//
//     VenueRules rules(world, &space);          // space: a PhysicsVenueSpace, or none (open space)
//     rules.arrive(avatar, n);                  // place the n-th arrival
//     ... move avatars (physics, inputs) ...
//     rules.afterMove(avatar);                  // portals, after each move of an avatar
//     rules.step();                             // once per fixed step: seats, triggers
//     for (const RuleEvent& e : rules.takeEvents()) ...
//
// Seats: the first claim wins; a seated avatar's CharacterController is `held`, so physics keeps
// it where the rules put it (on the seat, following a seat that moves); standing up puts it
// beside the seat, in front first. A seat destroyed or given to someone else stands its
// occupant up where it was.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/scene/entity.hpp"
#include "atrium/scene/rules/arrival.hpp"
#include "atrium/scene/rules/portals.hpp"
#include "atrium/scene/rules/rule_event.hpp"
#include "atrium/scene/rules/triggers.hpp"
#include "atrium/scene/rules/venue_space.hpp"

namespace atrium {

class World;

class VenueRules {
public:
    // `space` (null: open space) must outlive the rules, as must the World.
    explicit VenueRules(World& world, const VenueSpace* space = nullptr);

    // ---- arrival
    // The arrival area, found afresh from the venue's spawn points (after an edit moved one).
    void refreshArrival();
    const ArrivalArea& arrival() const { return arrival_; }
    // Puts `avatar` (an entity with a Transform) at the `n`th arrival spot, standing still.
    void arrive(Entity avatar, std::uint32_t n);
    // Back to its arrival spot (it fell out of the venue): out of any seat, portal and trigger.
    void respawn(Entity avatar, std::uint32_t n);
    // The avatar is leaving the venue: frees its seat. Call before destroying it.
    void leave(Entity avatar);

    // ---- seats
    // Sits `avatar` on `seat`: its feet to the seat's sitOffset, facing the seat's forward.
    // Leaves the seat it had. Fails (and reports SeatRefused) when someone else holds the seat.
    Status sit(Entity avatar, StableId seat);
    // Stands a seated avatar up beside its seat (in front first, then behind, the sides, further
    // out); where nothing has room it stands where it sat. Fails when it is not seated.
    Status standUp(Entity avatar);
    // Whether a seated avatar's input may move it: a seated avatar holds still unless the input
    // asks it to stand (a firm push or a jump: the app's reading of its controls), which stands
    // it up. True for anyone not seated.
    bool mayMove(Entity avatar, bool standRequested);
    // The nearest free seat within `reach` metres of `at` (null: none), for "press E to sit".
    Entity nearestFreeSeat(vec3 at, float reach) const;

    // ---- portals
    // After `avatar` moved: walking into a portal moves it to the portal's target.
    std::optional<PortalVisit> afterMove(Entity avatar);

    // ---- the fixed step
    // Seated avatars follow their seats (a seat that is gone stands its occupant up); trigger
    // volumes report who entered and left (from world matrices brought up to date first).
    void step();

    // What happened since the last call, in order.
    std::vector<RuleEvent> takeEvents();
    const std::vector<RuleEvent>& events() const { return events_; }

private:
    void emit(RuleEvent::Kind kind, StableId avatar, StableId subject, StableId other = {}, std::string name = {});
    void release(Entity avatar, StableId seat);
    void placeOnSeat(Entity avatar, Entity seat);

    World& world_;
    const VenueSpace& space_;
    ArrivalArea arrival_;
    std::unordered_map<std::uint64_t, PortalTraveller> travellers_;  // by avatar stable id
    TriggerWatch triggers_;
    std::vector<RuleEvent> events_;
};

}  // namespace atrium
