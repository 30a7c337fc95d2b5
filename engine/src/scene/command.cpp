#include "atrium/scene/command.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "atrium/scene/kit.hpp"
#include "overloaded.hpp"

namespace atrium {

namespace {

std::string typeName(const ComponentValue& v) { return std::string(componentTypeName(typeOf(v))); }

Error fail(const Command& command, const std::string& why) { return Error{describe(command) + ": " + why}; }

Entity findEntity(const World& world, StableId id) { return id.valid() ? world.find(id) : kNullEntity; }

Status regenerateIfKit(World& world, Entity e, ComponentType type) {
    if (type != componentTypeOf<KitInstance>()) return Ok{};
    return regenerateKit(world, e);
}

Status apply(World& world, Command& command, CreateEntities& c) {
    const auto& records = c.tree.entities;
    if (records.empty()) return fail(command, "the tree to create is empty");
    std::unordered_set<StableId> ids;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const EntityRecord& r = records[i];
        if (!r.id.valid()) return fail(command, "entities[" + std::to_string(i) + "] has no id");
        if (world.find(r.id)) return fail(command, "id " + toHex(r.id) + " is already in use");
        if (!ids.insert(r.id).second) return fail(command, "id " + toHex(r.id) + " appears twice");
        if (i > 0 && !ids.count(r.parent)) {
            return fail(command, "entities[" + std::to_string(i) + "] does not have an earlier entity as its parent");
        }
    }
    Entity parent = findEntity(world, records[0].parent);
    if (records[0].parent.valid() && !parent) return fail(command, "parent " + toHex(records[0].parent) + " does not exist");
    Entity before = findEntity(world, c.tree.before);
    if (c.tree.before.valid() && (!before || world.parent(before) != parent)) before = kNullEntity;  // append instead

    std::unordered_map<StableId, Entity> created;
    created.reserve(records.size());
    for (const EntityRecord& r : records) {
        Entity e = world.create({}, r.id);
        world.remove<Transform>(e);
        for (const ComponentValue& v : r.components) putComponent(world, e, v);
        created.emplace(r.id, e);
    }
    // Link children last to first, each before the sibling linked just before it: O(1) per
    // entity (appending would walk the sibling list, quadratic for a wide subtree).
    std::unordered_map<StableId, Entity> firstLinked;
    for (std::size_t i = records.size(); i-- > 1;) {
        Entity e = created.at(records[i].id);
        auto it = firstLinked.find(records[i].parent);
        Entity next = it == firstLinked.end() ? kNullEntity : it->second;
        if (Status s = world.setParent(e, created.at(records[i].parent), next); !s.ok()) {
            for (auto& [id, ent] : created) world.destroy(ent);
            return fail(command, s.error().message);
        }
        firstLinked[records[i].parent] = e;
    }
    Entity root = created.at(records[0].id);
    if (Status s = world.setParent(root, parent, before); !s.ok()) {
        world.destroy(root);
        return fail(command, s.error().message);
    }
    for (const EntityRecord& r : records) {
        Entity e = created.at(r.id);
        if (!world.has<KitInstance>(e)) continue;
        if (Status s = regenerateKit(world, e); !s.ok()) {
            world.destroy(created.at(records[0].id));
            return fail(command, s.error().message);
        }
    }
    return Ok{};
}

Status apply(World& world, Command& command, DestroyEntity& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    c.removed = captureTree(world, e);
    world.destroy(e);
    return Ok{};
}

Status apply(World& world, Command& command, SetComponent& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    ComponentType type = typeOf(c.after);
    std::optional<ComponentValue> current = getComponent(world, e, type);
    if (!current) return fail(command, "the entity has no " + typeName(c.after) + " component (add it first)");
    putComponent(world, e, c.after);
    if (Status s = regenerateIfKit(world, e, type); !s.ok()) {
        putComponent(world, e, *current);
        (void)regenerateIfKit(world, e, type);
        return fail(command, s.error().message);
    }
    c.before = std::move(*current);
    return Ok{};
}

Status apply(World& world, Command& command, AddComponent& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    ComponentType type = typeOf(c.value);
    if (hasComponent(world, e, type)) return fail(command, "the entity already has a " + typeName(c.value) + " component");
    putComponent(world, e, c.value);
    if (Status s = regenerateIfKit(world, e, type); !s.ok()) {
        removeComponent(world, e, type);
        return fail(command, s.error().message);
    }
    return Ok{};
}

Status apply(World& world, Command& command, RemoveComponent& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    if (c.type >= kComponentTypeCount) return fail(command, "unknown component type " + std::to_string(c.type));
    std::optional<ComponentValue> current = getComponent(world, e, c.type);
    if (!current) return fail(command, "the entity has no " + std::string(componentTypeName(c.type)) + " component");
    if (c.type == componentTypeOf<KitInstance>()) {
        // Generated children are derived from the kit; without it they would be orphans that
        // files drop. Undo (adding the kit back) regenerates them with the same ids.
        StableId kitId = world.stableId(e);
        for (Entity child : world.children(e)) {
            const Generated* g = world.get<Generated>(child);
            if (g && g->kit == kitId) world.destroy(child);
        }
    }
    removeComponent(world, e, c.type);
    c.removed = std::move(*current);
    return Ok{};
}

Status apply(World& world, Command& command, Reparent& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    Entity parent = findEntity(world, c.newParent);
    if (c.newParent.valid() && !parent) return fail(command, "the new parent " + toHex(c.newParent) + " does not exist");
    Entity before = findEntity(world, c.newBefore);
    if (c.newBefore.valid() && !before) return fail(command, "the sibling " + toHex(c.newBefore) + " does not exist");
    StableId oldParent = world.stableId(world.parent(e));
    StableId oldBefore = world.stableId(world.nextSibling(e));
    if (Status s = world.setParent(e, parent, before); !s.ok()) return fail(command, s.error().message);
    c.oldParent = oldParent;
    c.oldBefore = oldBefore;
    return Ok{};
}

Status apply(World& world, Command& command, Rename& c) {
    Entity e = findEntity(world, c.entity);
    if (!e) return fail(command, "the entity does not exist");
    const Name* name = world.get<Name>(e);
    std::string before = name ? name->value : std::string();
    if (c.after.empty()) world.remove<Name>(e);
    else world.add<Name>(e, Name{c.after});
    c.before = std::move(before);
    return Ok{};
}

Status apply(World& world, Command& command, SetKitParam& c) {
    Entity e = findEntity(world, c.kit);
    if (!e) return fail(command, "the entity does not exist");
    KitInstance* kit = world.get<KitInstance>(e);
    if (!kit) return fail(command, "the entity is not a kit");
    KitInstance changed = *kit;
    if (c.after) changed.params[c.param] = *c.after;
    else changed.params.erase(c.param);
    if (std::vector<Error> errors = validateKit(changed); !errors.empty()) {
        return fail(command, errors.front().jsonPath + ": " + errors.front().message);
    }
    // Refused here, before the old children are touched, so there is nothing to restore.
    if (Status s = checkKitBudget(world, e, changed); !s.ok()) return fail(command, s.error().message);
    auto it = kit->params.find(c.param);
    std::optional<double> before = it == kit->params.end() ? std::nullopt : std::optional<double>(it->second);
    KitInstance previous = std::exchange(*kit, std::move(changed));
    if (Status s = regenerateKit(world, e); !s.ok()) {
        *world.get<KitInstance>(e) = std::move(previous);
        (void)regenerateKit(world, e);
        return fail(command, s.error().message);
    }
    c.before = before;
    return Ok{};
}

Status apply(World& world, Command&, SetVenueSettings& c) {
    c.before = std::exchange(world.settings, c.after);
    return Ok{};
}

Status apply(World& world, Command& command, CommandGroup& group) {
    for (std::size_t i = 0; i < group.commands.size(); ++i) {
        Status s = applyCommand(world, group.commands[i]);
        if (s.ok()) continue;
        for (std::size_t j = i; j-- > 0;) {
            Command undo = inverseOf(group.commands[j]);
            (void)applyCommand(world, undo);
        }
        return Error{describe(command) + ": " + s.error().message};
    }
    return Ok{};
}

void collectTree(const World& world, Entity e, std::vector<EntityRecord>& out) {
    out.push_back(EntityRecord{world.stableId(e), world.stableId(world.parent(e)), captureComponents(world, e)});
    for (Entity c : world.children(e)) collectTree(world, c, out);
}

void collectCopy(const World& world, Entity e, std::vector<EntityRecord>& out) {
    if (world.has<Generated>(e)) return;
    out.push_back(EntityRecord{world.stableId(e), world.stableId(world.parent(e)), captureComponents(world, e)});
    for (Entity c : world.children(e)) collectCopy(world, c, out);
}

std::string shortId(StableId id) { return toHex(id); }

}  // namespace

Status applyCommand(World& world, Command& command) {
    return std::visit([&](auto& c) { return apply(world, command, c); }, command);
}

Command inverseOf(const Command& command) {
    return std::visit(Overloaded{
                          [](const CreateEntities& c) -> Command {
                              StableId root = c.tree.entities.empty() ? StableId{} : c.tree.entities.front().id;
                              return DestroyEntity{root, c.tree};
                          },
                          [](const DestroyEntity& c) -> Command { return CreateEntities{c.removed}; },
                          [](const SetComponent& c) -> Command {
                              return SetComponent{c.entity, c.before, c.after};
                          },
                          [](const AddComponent& c) -> Command {
                              return RemoveComponent{c.entity, typeOf(c.value), c.value};
                          },
                          [](const RemoveComponent& c) -> Command {
                              return AddComponent{c.entity, c.removed};
                          },
                          [](const Reparent& c) -> Command {
                              return Reparent{c.entity, c.oldParent, c.oldBefore, c.newParent, c.newBefore};
                          },
                          [](const Rename& c) -> Command {
                              return Rename{c.entity, c.before, c.after};
                          },
                          [](const SetKitParam& c) -> Command {
                              return SetKitParam{c.kit, c.param, c.before, c.after};
                          },
                          [](const SetVenueSettings& c) -> Command {
                              return SetVenueSettings{c.before, c.after};
                          },
                          [](const CommandGroup& g) -> Command {
                              CommandGroup out{g.label, {}};
                              out.commands.reserve(g.commands.size());
                              for (auto it = g.commands.rbegin(); it != g.commands.rend(); ++it) out.commands.push_back(inverseOf(*it));
                              return out;
                          },
                      },
                      command);
}

bool canMerge(const Command& previous, const Command& next) {
    if (previous.index() != next.index()) return false;
    return std::visit(Overloaded{
                          [&](const SetComponent& p) {
                              const auto& n = std::get<SetComponent>(next);
                              return p.entity == n.entity && p.after.index() == n.after.index();
                          },
                          [&](const Rename& p) { return p.entity == std::get<Rename>(next).entity; },
                          [&](const SetKitParam& p) {
                              const auto& n = std::get<SetKitParam>(next);
                              return p.kit == n.kit && p.param == n.param;
                          },
                          [&](const SetVenueSettings&) { return true; },
                          [&](const CommandGroup& p) {
                              const auto& n = std::get<CommandGroup>(next);
                              if (p.commands.size() != n.commands.size() || p.commands.empty()) return false;
                              for (std::size_t i = 0; i < p.commands.size(); ++i) {
                                  if (!canMerge(p.commands[i], n.commands[i])) return false;
                              }
                              return true;
                          },
                          [](const auto&) { return false; },
                      },
                      previous);
}

void mergeInto(Command& previous, const Command& next) {
    std::visit(Overloaded{
                   [&](SetComponent& p) { p.after = std::get<SetComponent>(next).after; },
                   [&](Rename& p) { p.after = std::get<Rename>(next).after; },
                   [&](SetKitParam& p) { p.after = std::get<SetKitParam>(next).after; },
                   [&](SetVenueSettings& p) { p.after = std::get<SetVenueSettings>(next).after; },
                   [&](CommandGroup& p) {
                       const auto& n = std::get<CommandGroup>(next);
                       for (std::size_t i = 0; i < p.commands.size() && i < n.commands.size(); ++i) {
                           mergeInto(p.commands[i], n.commands[i]);
                       }
                   },
                   [](auto&) {},
               },
               previous);
}

std::string describe(const Command& command) {
    return std::visit(
        Overloaded{
            [](const CreateEntities& c) {
                if (c.tree.entities.empty()) return std::string("Create nothing");
                std::string n = c.tree.entities.size() == 1 ? "" : " (" + std::to_string(c.tree.entities.size()) + " entities)";
                return "Create " + shortId(c.tree.entities.front().id) + n;
            },
            [](const DestroyEntity& c) { return "Delete " + shortId(c.entity); },
            [](const SetComponent& c) { return "Set " + typeName(c.after) + " on " + shortId(c.entity); },
            [](const AddComponent& c) { return "Add " + typeName(c.value) + " to " + shortId(c.entity); },
            [](const RemoveComponent& c) { return "Remove " + std::string(componentTypeName(c.type)) + " from " + shortId(c.entity); },
            [](const Reparent& c) {
                return "Move " + shortId(c.entity) + " under " + (c.newParent.valid() ? shortId(c.newParent) : "the root");
            },
            [](const Rename& c) { return "Rename " + shortId(c.entity) + " to \"" + c.after + "\""; },
            [](const SetKitParam& c) { return "Set " + c.param + " of kit " + shortId(c.kit); },
            [](const SetVenueSettings&) { return std::string("Change venue settings"); },
            [](const CommandGroup& g) { return g.label.empty() ? std::to_string(g.commands.size()) + " edits" : g.label; },
        },
        command);
}

EntityTree captureTree(const World& world, Entity root) {
    EntityTree tree;
    if (!world.alive(root)) return tree;
    collectTree(world, root, tree.entities);
    tree.before = world.stableId(world.nextSibling(root));
    return tree;
}

EntityTree copyTree(const World& world, Entity root) {
    EntityTree tree;
    if (!world.alive(root)) return tree;
    collectCopy(world, root, tree.entities);
    tree.before = world.stableId(world.nextSibling(root));
    return tree;
}

Command makePaste(const World& world, EntityTree tree, StableId parent, StableId before) {
    std::unordered_map<StableId, StableId> remap;
    for (const EntityRecord& r : tree.entities) {
        StableId fresh;
        do fresh = generateStableId();
        while (world.find(fresh) || remap.count(fresh));
        remap.emplace(r.id, fresh);
    }
    auto mapped = [&](StableId id) {
        auto it = remap.find(id);
        return it == remap.end() ? id : it->second;
    };
    auto mappedOrNone = [&](StableId id) {
        auto it = remap.find(id);
        return it == remap.end() ? StableId{} : it->second;
    };
    for (EntityRecord& r : tree.entities) {
        r.id = mapped(r.id);
        r.parent = mapped(r.parent);
        for (ComponentValue& v : r.components) {
            if (auto* p = std::get_if<Portal>(&v)) p->target = mapped(p->target);
            // Nobody sits in a copied seat unless the sitter was copied along with it.
            if (auto* s = std::get_if<Seat>(&v)) s->occupant = mappedOrNone(s->occupant);
            if (auto* a = std::get_if<Avatar>(&v)) a->seat = mappedOrNone(a->seat);
        }
    }
    if (!tree.entities.empty()) tree.entities.front().parent = parent;
    tree.before = before;
    return CreateEntities{std::move(tree)};
}

Result<Command> makeDuplicate(const World& world, StableId source) {
    Entity e = findEntity(world, source);
    if (!e) return Error{"Duplicate " + toHex(source) + ": the entity does not exist"};
    if (world.has<Generated>(e)) return Error{"Duplicate " + toHex(source) + ": the entity is generated by a kit; duplicate the kit"};
    return makePaste(world, copyTree(world, e), world.stableId(world.parent(e)), world.stableId(world.nextSibling(e)));
}

Command makeCreate(std::string_view name, StableId parent, std::vector<ComponentValue> components, StableId id) {
    EntityRecord r{id.valid() ? id : generateStableId(), parent, {}};
    bool hasTransform = std::any_of(components.begin(), components.end(),
                                    [](const ComponentValue& v) { return std::holds_alternative<Transform>(v); });
    if (!hasTransform) r.components.push_back(Transform{});
    if (!name.empty()) r.components.push_back(Name{std::string(name)});
    for (ComponentValue& v : components) r.components.push_back(std::move(v));
    return CreateEntities{EntityTree{{std::move(r)}, {}}};
}

}  // namespace atrium
