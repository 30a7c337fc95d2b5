#pragma once
// Edits of the World as plain data. Every change the editor makes is a Command applied here, so
// undo/redo and the replication of edits over the network see the same operations.
//
// - Commands name entities by StableId, never by Entity handle: undo recreates entities, which
//   get new handles but keep their ids.
// - applyCommand() both performs a command and records in it what undo needs (the previous
//   value, the destroyed subtree, the old parent), so an applied command is self-contained and
//   inverseOf() needs no World.
// - Commands hold values only (no pointers, no handles), so they can be serialised as they are.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/core/id.hpp"
#include "atrium/scene/component_value.hpp"
#include "atrium/scene/venue_settings.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct EntityRecord {
    StableId id;
    StableId parent;  // null for a root
    std::vector<ComponentValue> components;
};

// A subtree in pre-order (parents before children, siblings in order); entities[0] is its root.
struct EntityTree {
    std::vector<EntityRecord> entities;
    StableId before;  // the root's next sibling, so it returns to the same place (null: last)
};

// Creates the entities of `tree` under entities[0].parent, with their ids and components.
// Kits in the tree regenerate their generated children (a duplicate leaves those out).
struct CreateEntities {
    EntityTree tree;
};

// Destroys an entity and its subtree; applying records the subtree so undo restores it.
struct DestroyEntity {
    StableId entity;
    EntityTree removed;  // recorded on apply
};

// Replaces a component the entity has (any type). Consecutive sets of the same component on the
// same entity can merge into one undo step (one slider or gizmo drag).
struct SetComponent {
    StableId entity;
    ComponentValue after;
    ComponentValue before;  // recorded on apply
};

struct AddComponent {
    StableId entity;
    ComponentValue value;
};

struct RemoveComponent {
    StableId entity;
    ComponentType type = 0;
    ComponentValue removed;  // recorded on apply
};

// Moves an entity under a new parent (null: make it a root), before sibling `newBefore` (null:
// last). The world transform is not preserved: the local transform is kept, as World does.
struct Reparent {
    StableId entity;
    StableId newParent;
    StableId newBefore;
    StableId oldParent;  // recorded on apply
    StableId oldBefore;  // recorded on apply
};

// Sets the Name component's text; an empty name removes the component.
struct Rename {
    StableId entity;
    std::string after;
    std::string before;  // recorded on apply
};

// Changes one generator parameter of a kit and regenerates it. nullopt: the generator default.
struct SetKitParam {
    StableId kit;
    std::string param;
    std::optional<double> after;
    std::optional<double> before;  // recorded on apply
};

struct SetVenueSettings {
    VenueSettings after;
    VenueSettings before;  // recorded on apply
};

struct CommandGroup;

using Command = std::variant<CreateEntities, DestroyEntity, SetComponent, AddComponent, RemoveComponent, Reparent, Rename, SetKitParam,
                             SetVenueSettings, CommandGroup>;

// Several commands as one step (a multi-entity edit). Applied in order, undone in reverse; if one
// fails, the ones before it are undone and the World is left as it was.
struct CommandGroup {
    std::string label;
    std::vector<Command> commands;
};

// Performs `command` on `world` and records its undo data into it. On error the World is unchanged
// and the error names the command and the entity.
Status applyCommand(World& world, Command& command);

// The command that undoes an applied command.
Command inverseOf(const Command& command);

// Whether `next` continues `previous` (same field of the same entities) so the two can be one
// undo step, and the merge itself (previous keeps its "before", takes next's "after").
bool canMerge(const Command& previous, const Command& next);
void mergeInto(Command& previous, const Command& next);

// "Set light on 0123456789abcdef", for the undo menu and logs.
std::string describe(const Command& command);

// ---- building commands from the current World (the editor's verbs)

// Records an entity and its subtree (with every component and id) as it is now.
EntityTree captureTree(const World& world, Entity root);

// Records a subtree for copying: like captureTree, but without kit-generated entities (the copied
// kits regenerate them).
EntityTree copyTree(const World& world, Entity root);

// A command creating `copied` again with fresh ids under `parent`, before `before` (null: last).
// References inside the copy (portal targets, seat occupants) point to the new copies.
Command makePaste(const World& world, EntityTree copied, StableId parent, StableId before = {});

// A command creating a copy of `source`'s subtree with fresh ids, placed right after it. References
// inside the copy (portal targets, seat occupants) are remapped to the copies; generated children
// are left out (the copied kit regenerates them).
Result<Command> makeDuplicate(const World& world, StableId source);

// A new entity with a Transform (and a Name if given) under `parent`.
Command makeCreate(std::string_view name, StableId parent = {}, std::vector<ComponentValue> components = {}, StableId id = {});

template <typename T>
Command makeSet(StableId entity, T value) {
    return SetComponent{entity, ComponentValue(std::move(value)), ComponentValue(std::move(T{}))};
}

}  // namespace atrium
