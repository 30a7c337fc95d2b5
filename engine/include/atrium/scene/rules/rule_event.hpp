#pragma once
// What the venue rules did, for whoever runs them: the netsync server turns these into messages
// (seat states, a portal to another venue), the editor's play mode shows them, and an app on
// Runtime reads them to react (a sound when someone enters the stage, a door that opens).
// Entities are named by stable id: the entity may be gone by the time the event is read.
#include <cstdint>
#include <string>

#include "atrium/core/id.hpp"

namespace atrium {

struct RuleEvent {
    enum class Kind : std::uint8_t {
        Arrived,              // avatar placed at its arrival spot (joining or respawning)
        Sat,                  // avatar sat on seat `subject`
        SeatRefused,          // avatar's claim of seat `subject` lost to `other`, who holds it
        LeftSeat,             // avatar left seat `subject` (stood up, moved seats, left, seat gone)
        PortalTravel,         // avatar walked into portal `subject` and now stands at `other`
        PortalToVenue,        // avatar walked into portal `subject`, which leads to venue `name`
        PortalWithoutTarget,  // avatar walked into portal `subject`, whose target does not exist
        TriggerEnter,         // `avatar` (an avatar or a body) entered trigger `subject` (event `name`)
        TriggerLeave,         // `avatar` left trigger `subject`, or was destroyed inside it
    };
    Kind kind = Kind::Arrived;
    StableId avatar;   // who it happened to (for triggers: whatever entered or left)
    StableId subject;  // the seat, portal or trigger
    StableId other;    // the seat's holder, the portal's target
    std::string name;  // the trigger's event name, or the other venue
};

const char* toString(RuleEvent::Kind kind);

}  // namespace atrium
