#pragma once
// Trigger volumes: who is inside each Trigger box, and the enter and leave events as that
// changes. An avatar is inside while its body (the line from its feet to the top of its head,
// its CharacterController's height or 1.8 m) passes through the volume; a body (an entity with
// a RigidBody or Replicated) while its origin is in it. A Trigger notices what
// is on a collider layer in its mask: an entity's own Collider gives the layer, else layer 1.
#include <cstdint>
#include <vector>

#include "atrium/core/id.hpp"
#include "atrium/scene/rules/rule_event.hpp"

namespace atrium {

class World;

class TriggerWatch {
public:
    // Compares who is inside each trigger now (the World's cached world matrices: call
    // updateTransforms() first) with the last call, appending an event per change in the order
    // of the triggers and, within one, of the entities. Something destroyed inside a trigger
    // leaves it; a trigger removed reports nothing more.
    void update(const World& world, std::vector<RuleEvent>& events);
    // Forgets everything inside (the next update reports each as entering again).
    void clear() { inside_.clear(); }

private:
    struct Presence {
        StableId trigger, entity;
        // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=> (its synthesised `0`)
        friend auto operator<=>(const Presence&, const Presence&) = default;
    };
    std::vector<Presence> inside_, now_;  // sorted
};

}  // namespace atrium
