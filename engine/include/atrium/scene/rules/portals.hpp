#pragma once
// Portal behaviour, one of the venue rules (VenueRules): an avatar whose feet walk into a Portal volume
// is moved to the portal's target entity in this venue; a portal to another venue only reports,
// and the app decides how to switch venues. Shared by the editor's play mode and the samples.
#include <optional>
#include <string>

#include "atrium/core/id.hpp"
#include "atrium/scene/entity.hpp"

namespace atrium {

class World;

struct PortalVisit {
    StableId portal;     // the portal walked into
    StableId target;     // where it leads in this venue (may be invalid)
    std::string venue;   // non-empty: a portal to another venue; the avatar was not moved
    bool moved = false;  // the avatar now stands at the target
};

// One traveller's state: the portal it stands in, so that arriving inside the target portal
// does not send it straight back. Keep one per avatar and reset it when the avatar respawns.
struct PortalTraveller {
    StableId inside;
};

// Call after the avatar moved (the portals' and a parented avatar's world matrices current; a
// root avatar is read from its Transform). Returns the portal entered this call, if any; a
// portal whose target does not exist is returned with moved == false.
std::optional<PortalVisit> followPortals(World& world, Entity avatar, PortalTraveller& traveller);

}  // namespace atrium
