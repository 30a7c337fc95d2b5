#pragma once
// What a click in the venue means for an attendee: a button (Interactable) is used; a seat (or anything inside one) sits there,
// or stands up when it is the attendee's own; a portal walks into it (the venue rules do the
// travelling); the floor walks there. Decided from the picked entity alone, so tests need no
// window or GPU.
#include <string>

#include "atrium/core/math.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::player {

struct ClickAction {
    enum class Kind { None, Sit, Stand, Portal, Walk, Use } kind = Kind::None;
    Entity target;      // Sit: the seat; Portal: the portal; Use: the button
    vec3 point{0.0f};   // where to walk (Sit, Portal, Walk)
    std::string label;  // for the log: "sit on Seat A3", "walk into Portal to Foyer"
};

// `mySeat` is the seat the attendee holds (invalid if standing). Clicks on avatars do nothing;
// a click on something about as high as the attendee's feet (a floor, a step, a stage edge)
// within `walkRange` metres walks there; higher up (walls, screens, ceilings) does nothing.
ClickAction clickActionFor(const World& world, Entity hit, vec3 hitPoint, StableId mySeat, vec3 feet, float walkRange = 25.0f);

}  // namespace atrium::player
