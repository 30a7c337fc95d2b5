#include <gtest/gtest.h>

#include <random>

#include "atrium/scene/command.hpp"
#include "atrium/scene/command_json.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/undo_stack.hpp"
#include "world_compare.hpp"

using namespace atrium;
using atrium::test::sameWorld;

namespace {

// A value of each component type that differs from the default in at least one field.
ComponentValue sampleValue(ComponentType type, StableId ref) {
    ComponentValue v = defaultComponent(type);
    std::visit(
        [&](auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, Name>) c.value = "sample";
            else if constexpr (std::is_same_v<T, Transform>) c.position = {1, 2, 3};
            else if constexpr (std::is_same_v<T, MeshRenderer>) c.mesh = "builtin:box";
            else if constexpr (std::is_same_v<T, Light>) c.intensity = 42.0f;
            else if constexpr (std::is_same_v<T, Camera>) c.fovYDegrees = 75.0f;
            else if constexpr (std::is_same_v<T, RigidBody>) c.mass = 3.0f;
            else if constexpr (std::is_same_v<T, Collider>) c.radius = 2.0f;
            else if constexpr (std::is_same_v<T, CharacterController>) c.walkSpeed = 2.0f;
            else if constexpr (std::is_same_v<T, Avatar>) c.displayName = "ada";
            else if constexpr (std::is_same_v<T, SpawnPoint>) c.group = "vip";
            else if constexpr (std::is_same_v<T, Seat>) c.group = "stalls";
            else if constexpr (std::is_same_v<T, MediaScreen>) c.source = "slides/1.pdf", c.loop = true;
            else if constexpr (std::is_same_v<T, Trigger>) c.event = "door";
            else if constexpr (std::is_same_v<T, Portal>) c.target = ref;
            else if constexpr (std::is_same_v<T, Replicated>) c.owner = 7;
            else if constexpr (std::is_same_v<T, KitInstance>) {
                c.generator = "seating_block";
                c.params = {{"rows", 2}, {"seatsPerRow", 3}};
            } else if constexpr (std::is_same_v<T, Generated>) c.kit = ref;
            else if constexpr (std::is_same_v<T, UnknownComponents>) c.json = {{"x.custom", "{\"a\":1}"}};
            else if constexpr (std::is_same_v<T, Interactions>) {
                c.bindings.push_back({{.kind = ShowEvent::Kind::Cue, .name = "go"}, {}, {{.kind = ShowAction::Kind::Hide, .target = ref}}});
            } else if constexpr (std::is_same_v<T, Interactable>) c.prompt = "Ring the bell";
            else if constexpr (std::is_same_v<T, Timeline>) c.length = 42.0f;
            else if constexpr (std::is_same_v<T, StageZone>) c.halfExtents = {6, 3, 2};
        },
        v);
    return v;
}

// root
//  +- a (light)
//  |   +- a1
//  +- b (mesh)
//  +- c
struct Fixture {
    World world;
    StableId root, a, a1, b, c;

    Fixture() {
        Entity r = world.create("root");
        Entity ea = world.create("a");
        Entity ea1 = world.create("a1");
        Entity eb = world.create("b");
        Entity ec = world.create("c");
        world.setParent(ea, r);
        world.setParent(ea1, ea);
        world.setParent(eb, r);
        world.setParent(ec, r);
        world.add<Light>(ea, Light{.type = Light::Type::Spot, .intensity = 9.0f});
        world.add<MeshRenderer>(eb, MeshRenderer{.mesh = "builtin:box"});
        world.get<Transform>(eb)->position = {4, 5, 6};
        root = world.stableId(r);
        a = world.stableId(ea);
        a1 = world.stableId(ea1);
        b = world.stableId(eb);
        c = world.stableId(ec);
    }
    Entity e(StableId id) const { return world.find(id); }
};

// Executes, checks undo restores the exact World and redo the exact edited World.
void expectUndoRedoExact(World& world, Command command) {
    World before = world;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(world, std::move(command)).ok());
    World after = world;
    EXPECT_FALSE(sameWorld(before, after)) << "the command changed nothing";
    ASSERT_TRUE(stack.undo(world).ok());
    EXPECT_TRUE(sameWorld(world, before));
    ASSERT_TRUE(stack.redo(world).ok());
    EXPECT_TRUE(sameWorld(world, after));
    ASSERT_TRUE(stack.undo(world).ok());
    EXPECT_TRUE(sameWorld(world, before));
}

}  // namespace

TEST(Command, CreateEntityUndoRedo) {
    Fixture f;
    Command create = makeCreate("lamp", f.a, {Light{}});
    StableId id = std::get<CreateEntities>(create).tree.entities[0].id;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, create).ok());
    Entity e = f.world.find(id);
    ASSERT_TRUE(e);
    EXPECT_EQ(f.world.parent(e), f.e(f.a));
    EXPECT_EQ(f.world.get<Name>(e)->value, "lamp");
    EXPECT_TRUE(f.world.has<Light>(e));
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_FALSE(f.world.find(id));
    ASSERT_TRUE(stack.redo(f.world).ok());
    EXPECT_TRUE(f.world.find(id)) << "redo recreates the same stable id";
    expectUndoRedoExact(f.world, makeCreate("other", f.root));
}

TEST(Command, CreateWithIdInUseFailsAndChangesNothing) {
    Fixture f;
    World before = f.world;
    Command create = makeCreate("dup", {}, {}, f.b);
    Status s = applyCommand(f.world, create);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("already in use"), std::string::npos);
    EXPECT_TRUE(sameWorld(f.world, before));
}

TEST(Command, DestroyRestoresSubtreeComponentsIdsAndSiblingPosition) {
    Fixture f;
    World before = f.world;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, DestroyEntity{f.a}).ok());
    EXPECT_FALSE(f.e(f.a));
    EXPECT_FALSE(f.e(f.a1));
    EXPECT_EQ(f.world.entityCount(), 3u);
    ASSERT_TRUE(stack.undo(f.world).ok());
    // a was the first child of root: it must come back first, not appended after c.
    EXPECT_TRUE(sameWorld(f.world, before));
    EXPECT_EQ(f.world.children(f.e(f.root)).front(), f.e(f.a));
    EXPECT_EQ(f.world.get<Light>(f.e(f.a))->intensity, 9.0f);
    expectUndoRedoExact(f.world, DestroyEntity{f.root});
    expectUndoRedoExact(f.world, DestroyEntity{f.b});
}

TEST(Command, DestroyMissingEntityIsAnError) {
    Fixture f;
    Command d = DestroyEntity{StableId{12345}};
    Status s = applyCommand(f.world, d);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("does not exist"), std::string::npos);
}

TEST(Command, SetComponentOfEveryTypeUndoRedo) {
    for (ComponentType t = 0; t < kComponentTypeCount; ++t) {
        SCOPED_TRACE(std::string(componentTypeName(t)));
        Fixture f;
        Entity e = f.e(f.c);
        if (t == componentTypeOf<KitInstance>()) {
            // A kit needs a valid generator to regenerate; start from a different valid one.
            Command addKit = AddComponent{f.c, KitInstance{"stage", {}, ""}};
            ASSERT_TRUE(applyCommand(f.world, addKit).ok());
        } else if (!hasComponent(f.world, e, t)) {
            putComponent(f.world, e, defaultComponent(t));
        }
        expectUndoRedoExact(f.world, SetComponent{f.c, sampleValue(t, f.b), {}});
    }
}

TEST(Command, SetComponentTheEntityLacksIsAnError) {
    Fixture f;
    World before = f.world;
    Command set = makeSet(f.c, Light{});
    Status s = applyCommand(f.world, set);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("has no light"), std::string::npos) << s.error().message;
    EXPECT_TRUE(sameWorld(f.world, before));
}

TEST(Command, AddAndRemoveComponentOfEveryTypeUndoRedo) {
    for (ComponentType t = 0; t < kComponentTypeCount; ++t) {
        SCOPED_TRACE(std::string(componentTypeName(t)));
        Fixture f;
        Entity e = f.e(f.c);
        removeComponent(f.world, e, t);
        expectUndoRedoExact(f.world, AddComponent{f.c, sampleValue(t, f.b)});
        Command add = AddComponent{f.c, sampleValue(t, f.b)};
        ASSERT_TRUE(applyCommand(f.world, add).ok());
        expectUndoRedoExact(f.world, RemoveComponent{f.c, t, {}});
    }
}

TEST(Command, AddComponentAlreadyPresentIsAnError) {
    Fixture f;
    Command add = AddComponent{f.a, Light{}};
    EXPECT_FALSE(applyCommand(f.world, add).ok());
}

TEST(Command, ReparentRestoresOldParentAndSiblingOrder) {
    Fixture f;
    expectUndoRedoExact(f.world, Reparent{f.b, f.a, f.a1});    // b before a1 under a
    expectUndoRedoExact(f.world, Reparent{f.a, {}, {}});       // a to the root
    expectUndoRedoExact(f.world, Reparent{f.c, f.root, f.a});  // c first among its siblings
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, Reparent{f.b, f.a, f.a1}).ok());
    auto kids = f.world.children(f.e(f.a));
    ASSERT_EQ(kids.size(), 2u);
    EXPECT_EQ(kids[0], f.e(f.b));
    EXPECT_EQ(kids[1], f.e(f.a1));
}

TEST(Command, ReparentIntoOwnSubtreeIsRejected) {
    Fixture f;
    World before = f.world;
    Command r = Reparent{f.a, f.a1, {}};
    Status s = applyCommand(f.world, r);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("cycle"), std::string::npos);
    EXPECT_TRUE(sameWorld(f.world, before));
}

TEST(Command, RenameSetsAddsAndRemovesName) {
    Fixture f;
    expectUndoRedoExact(f.world, Rename{f.a, "Spot", {}});
    expectUndoRedoExact(f.world, Rename{f.a, "", {}});
    f.world.remove<Name>(f.e(f.c));
    expectUndoRedoExact(f.world, Rename{f.c, "named now", {}});
}

TEST(Command, KitParamChangeRegeneratesAndUndoRestoresChildren) {
    World w;
    auto kit = spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 3}});
    ASSERT_TRUE(kit.ok());
    StableId kitId = w.stableId(*kit);
    std::size_t seats = w.pool<Seat>().size();
    EXPECT_EQ(seats, 6u);
    World before = w;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(w, SetKitParam{kitId, "rows", 5.0, {}}).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 15u);
    ASSERT_TRUE(stack.undo(w).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 6u);
    EXPECT_TRUE(sameWorld(w, before));
    expectUndoRedoExact(w, SetKitParam{kitId, "seatsPerRow", 10.0, {}});
    expectUndoRedoExact(w, SetKitParam{kitId, "rows", std::nullopt, {}});  // back to the default (10)
}

TEST(Command, KitParamOutOfRangeIsRejected) {
    World w;
    auto kit = spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 3}});
    ASSERT_TRUE(kit.ok());
    World before = w;
    Command bad = SetKitParam{w.stableId(*kit), "rows", 100000.0, {}};
    EXPECT_FALSE(applyCommand(w, bad).ok());
    Command unknown = SetKitParam{w.stableId(*kit), "nonsense", 1.0, {}};
    EXPECT_FALSE(applyCommand(w, unknown).ok());
    EXPECT_TRUE(sameWorld(w, before));
}

TEST(Command, DestroyedKitComesBackWithItsGeneratedChildren) {
    World w;
    auto kit = spawnKit(w, "seating_block", {{"rows", 3}, {"seatsPerRow", 4}});
    ASSERT_TRUE(kit.ok());
    expectUndoRedoExact(w, DestroyEntity{w.stableId(*kit)});
}

TEST(Command, VenueSettingsUndoRedo) {
    Fixture f;
    VenueSettings s = f.world.settings;
    s.sunIntensity = 10.0f;
    s.gravity = {0, -1.6f, 0};
    expectUndoRedoExact(f.world, SetVenueSettings{s, {}});
}

TEST(Command, DuplicateCopiesSubtreeWithFreshIdsRightAfterTheSource) {
    Fixture f;
    Entity target = f.e(f.b);
    f.world.add<Portal>(f.e(f.a1), Portal{.target = f.a});                      // inside the copy: remapped
    f.world.add<Portal>(f.e(f.a), Portal{.target = f.world.stableId(target)});  // outside: kept
    auto dup = makeDuplicate(f.world, f.a);
    ASSERT_TRUE(dup.ok());
    const EntityTree& tree = std::get<CreateEntities>(*dup).tree;
    ASSERT_EQ(tree.entities.size(), 2u);
    StableId copy = tree.entities[0].id, copy1 = tree.entities[1].id;
    EXPECT_NE(copy, f.a);
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, *dup).ok());
    auto kids = f.world.children(f.e(f.root));
    ASSERT_EQ(kids.size(), 4u);
    EXPECT_EQ(kids[1], f.e(copy));
    EXPECT_EQ(f.world.get<Name>(f.e(copy))->value, "a");
    EXPECT_EQ(f.world.get<Light>(f.e(copy))->intensity, 9.0f);
    EXPECT_EQ(f.world.parent(f.e(copy1)), f.e(copy));
    EXPECT_EQ(f.world.get<Portal>(f.e(copy1))->target, copy);
    EXPECT_EQ(f.world.get<Portal>(f.e(copy))->target, f.b);
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_FALSE(f.e(copy));
    EXPECT_EQ(f.world.entityCount(), 5u);
}

TEST(Command, DuplicatedKitRegeneratesItsOwnChildren) {
    World w;
    auto kit = spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 2}});
    ASSERT_TRUE(kit.ok());
    auto dup = makeDuplicate(w, w.stableId(*kit));
    ASSERT_TRUE(dup.ok());
    EXPECT_EQ(std::get<CreateEntities>(*dup).tree.entities.size(), 1u) << "generated children are not copied";
    ASSERT_TRUE(applyCommand(w, *dup).ok());
    EXPECT_EQ(w.pool<Seat>().size(), 8u);
    Entity copy = w.find(std::get<CreateEntities>(*dup).tree.entities[0].id);
    for (Entity child : w.children(copy)) {
        if (const Generated* g = w.get<Generated>(child)) {
            EXPECT_EQ(g->kit, w.stableId(copy));
        }
    }
}

TEST(Command, GroupIsOneStepAndRollsBackOnFailure) {
    Fixture f;
    World before = f.world;
    CommandGroup group{"Move two", {makeSet(f.b, Transform{.position = {9, 9, 9}}), Rename{f.c, "C", {}}}};
    expectUndoRedoExact(f.world, group);

    CommandGroup failing{"Bad", {Rename{f.c, "C", {}}, DestroyEntity{StableId{999}}}};
    UndoStack stack;
    Status s = stack.execute(f.world, failing);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("Bad"), std::string::npos);
    EXPECT_TRUE(sameWorld(f.world, before)) << "the rename was rolled back";
    EXPECT_FALSE(stack.canUndo());
}

TEST(UndoStack, ContinuousEditMergesIntoOneStepUntilSealed) {
    Fixture f;
    World before = f.world;
    UndoStack stack;
    for (int i = 1; i <= 30; ++i) {
        Transform t = *f.world.get<Transform>(f.e(f.b));
        t.position.x = float(i);
        ASSERT_TRUE(stack.execute(f.world, makeSet(f.b, t), MergePolicy::Continue).ok());
    }
    EXPECT_EQ(stack.undoCount(), 1u);
    EXPECT_EQ(f.world.get<Transform>(f.e(f.b))->position.x, 30.0f);
    stack.seal();
    Transform t = *f.world.get<Transform>(f.e(f.b));
    t.position.y = -1;
    ASSERT_TRUE(stack.execute(f.world, makeSet(f.b, t), MergePolicy::Continue).ok());
    EXPECT_EQ(stack.undoCount(), 2u) << "a new drag after seal() is a new step";
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_EQ(f.world.get<Transform>(f.e(f.b))->position.x, 30.0f);
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_TRUE(sameWorld(f.world, before)) << "one undo reverts the whole drag";
}

TEST(UndoStack, DifferentFieldOrEntityStartsANewStep) {
    Fixture f;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, makeSet(f.b, Transform{}), MergePolicy::Continue).ok());
    ASSERT_TRUE(stack.execute(f.world, makeSet(f.a, Transform{}), MergePolicy::Continue).ok());
    ASSERT_TRUE(stack.execute(f.world, makeSet(f.a, Light{}), MergePolicy::Continue).ok());
    ASSERT_TRUE(stack.execute(f.world, makeSet(f.a, Light{.intensity = 3}), MergePolicy::NewStep).ok());
    EXPECT_EQ(stack.undoCount(), 4u);
}

TEST(UndoStack, GroupDragsMergeWhenTheyTouchTheSameEntities) {
    Fixture f;
    World before = f.world;
    UndoStack stack;
    for (int i = 0; i < 5; ++i) {
        CommandGroup g{"Move", {makeSet(f.b, Transform{.position = {float(i), 0, 0}}), makeSet(f.c, Transform{.position = {0, float(i), 0}})}};
        ASSERT_TRUE(stack.execute(f.world, g, MergePolicy::Continue).ok());
    }
    EXPECT_EQ(stack.undoCount(), 1u);
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_TRUE(sameWorld(f.world, before));
}

TEST(UndoStack, NewCommandDropsRedoButUndoRedoKeepIt) {
    Fixture f;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "1", {}}).ok());
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "2", {}}).ok());
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_TRUE(stack.canRedo());
    EXPECT_EQ(stack.redoLabel(), describe(Rename{f.a, "2", {}}));
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "3", {}}).ok());
    EXPECT_FALSE(stack.canRedo());
    EXPECT_FALSE(stack.redo(f.world).ok());
}

TEST(UndoStack, DirtyTracksTheSavedState) {
    Fixture f;
    UndoStack stack;
    EXPECT_FALSE(stack.dirty());
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "1", {}}).ok());
    EXPECT_TRUE(stack.dirty());
    stack.markSaved();
    EXPECT_FALSE(stack.dirty());
    ASSERT_TRUE(stack.undo(f.world).ok());
    EXPECT_TRUE(stack.dirty());
    ASSERT_TRUE(stack.redo(f.world).ok());
    EXPECT_FALSE(stack.dirty());
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "2", {}}, MergePolicy::Continue).ok());
    ASSERT_TRUE(stack.execute(f.world, Rename{f.a, "3", {}}, MergePolicy::Continue).ok());
    EXPECT_TRUE(stack.dirty());
}

// A random sequence of every kind of command; every intermediate World is recorded, then undone
// step by step and redone step by step, comparing with the records each time.
TEST(UndoStack, RandomEditSequenceUndoesAndRedoesExactly) {
    std::mt19937 rng(1234);
    World world;
    std::vector<StableId> ids;
    for (int i = 0; i < 30; ++i) {
        Entity e = world.create("e" + std::to_string(i));
        if (i > 0 && i % 3) world.setParent(e, world.find(ids[rng() % ids.size()]));
        ids.push_back(world.stableId(e));
    }
    auto kit = spawnKit(world, "light_truss", {{"lights", 3}});
    ASSERT_TRUE(kit.ok());
    StableId kitId = world.stableId(*kit);

    UndoStack stack;
    std::vector<World> states{world};
    auto pickLive = [&]() -> StableId {
        for (int tries = 0; tries < 100; ++tries) {
            StableId id = ids[rng() % ids.size()];
            if (world.find(id)) return id;
        }
        return {};
    };
    int applied = 0;
    for (int step = 0; step < 300; ++step) {
        StableId id = pickLive();
        if (!id.valid()) break;
        Command cmd;
        switch (rng() % 9) {
            case 0: cmd = makeCreate("new", rng() % 2 ? id : StableId{}); break;
            case 1: cmd = DestroyEntity{id, {}}; break;
            case 2: cmd = makeSet(id, Transform{.position = {float(rng() % 10), 0, 1}}); break;
            case 3: cmd = AddComponent{id, sampleValue(ComponentType(3 + rng() % 12), pickLive())}; break;
            case 4: cmd = RemoveComponent{id, ComponentType(rng() % 15), {}}; break;
            case 5: cmd = Reparent{id, rng() % 3 ? pickLive() : StableId{}, {}}; break;
            case 6: cmd = Rename{id, rng() % 4 ? "n" + std::to_string(step) : "", {}}; break;
            case 7: cmd = SetKitParam{kitId, "lights", double(1 + rng() % 8), {}}; break;
            default: {
                auto dup = makeDuplicate(world, id);
                if (!dup.ok()) continue;
                cmd = *dup;
            }
        }
        if (auto* c = std::get_if<CreateEntities>(&cmd)) {
            for (auto& r : c->tree.entities) ids.push_back(r.id);
        }
        if (!stack.execute(world, cmd).ok()) continue;  // e.g. a reparent cycle: rejected, nothing changed
        ASSERT_TRUE(sameWorld(world, states.back()) == false || std::holds_alternative<Reparent>(cmd) ||
                    std::holds_alternative<SetComponent>(cmd) || std::holds_alternative<Rename>(cmd) ||
                    std::holds_alternative<SetKitParam>(cmd));
        states.push_back(world);
        ++applied;
    }
    ASSERT_GT(applied, 100);
    ASSERT_EQ(stack.undoCount(), states.size() - 1);
    for (std::size_t i = states.size() - 1; i-- > 0;) {
        ASSERT_TRUE(stack.undo(world).ok());
        ASSERT_TRUE(sameWorld(world, states[i])) << "after undoing to state " << i;
    }
    for (std::size_t i = 1; i < states.size(); ++i) {
        ASSERT_TRUE(stack.redo(world).ok());
        ASSERT_TRUE(sameWorld(world, states[i])) << "after redoing to state " << i;
    }
}

TEST(UndoStack, DeletingAndRestoringTenThousandEntities) {
    World world;
    Entity hall = world.create("hall");
    for (int i = 0; i < 10000; ++i) {
        Entity e = world.create("chair");
        world.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:box"});
        world.setParent(e, hall);
    }
    World before = world;
    UndoStack stack;
    ASSERT_TRUE(stack.execute(world, DestroyEntity{world.stableId(hall), {}}).ok());
    EXPECT_EQ(world.entityCount(), 0u);
    ASSERT_TRUE(stack.undo(world).ok());
    EXPECT_TRUE(sameWorld(world, before));
}

TEST(WorldSiblingOrder, SetParentBeforeInsertsAtThatPosition) {
    World w;
    Entity p = w.create("p");
    Entity a = w.create("a"), b = w.create("b"), c = w.create("c");
    w.setParent(a, p);
    w.setParent(b, p);
    ASSERT_TRUE(w.setParent(c, p, a).ok());
    EXPECT_EQ(w.children(p), (std::vector<Entity>{c, a, b}));
    EXPECT_EQ(w.nextSibling(c), a);
    ASSERT_TRUE(w.setParent(c, p, b).ok());  // move within the same parent
    EXPECT_EQ(w.children(p), (std::vector<Entity>{a, c, b}));
    EXPECT_FALSE(w.setParent(a, kNullEntity, b).ok()) << "a root has no sibling order";
    EXPECT_FALSE(w.setParent(c, p, c).ok());
    EXPECT_EQ(w.children(p), (std::vector<Entity>{a, c, b}));
}

// ---- JSON (for replicating edits)

TEST(CommandJson, EveryCommandTypeRoundTripsAndReplaysIdentically) {
    Fixture f;
    f.world.add<Portal>(f.e(f.a1), Portal{.target = f.b});
    auto dup = makeDuplicate(f.world, f.a);
    ASSERT_TRUE(dup.ok());
    VenueSettings settings = f.world.settings;
    settings.sunIntensity = 7.0f;
    std::vector<Command> commands = {
        makeCreate("new", f.root, {Light{.intensity = 3}}),
        *dup,
        SetComponent{f.b, MeshRenderer{.mesh = "builtin:sphere", .tint = {1, 0, 0, 1}}, {}},
        AddComponent{f.c, Trigger{.event = "enter"}},
        RemoveComponent{f.a, componentTypeOf<Light>(), {}},
        Reparent{f.c, f.a, f.a1},
        Rename{f.b, "Bee", {}},
        SetVenueSettings{settings, {}},
        CommandGroup{"two", {Rename{f.a, "A!", {}}, DestroyEntity{f.a1, {}}}},
    };
    World mirror = f.world;  // a client holding the same venue
    for (Command& c : commands) {
        ASSERT_TRUE(applyCommand(f.world, c).ok()) << describe(c);
        std::string text = commandToJson(c);
        Result<Command> back = commandFromJson(text);
        ASSERT_TRUE(back.ok()) << back.error().toString() << "\n" << text;
        EXPECT_EQ(commandToJson(*back), text) << "stable round trip";
        ASSERT_TRUE(applyCommand(mirror, *back).ok()) << describe(*back);
        EXPECT_TRUE(sameWorld(mirror, f.world)) << describe(c);
    }
    // The applied commands carry their undo data through JSON: undo on the mirror matches.
    for (auto it = commands.rbegin(); it != commands.rend(); ++it) {
        Command inv = inverseOf(*commandFromJson(commandToJson(*it)));
        ASSERT_TRUE(applyCommand(mirror, inv).ok());
        Command inv2 = inverseOf(*it);
        ASSERT_TRUE(applyCommand(f.world, inv2).ok());
        EXPECT_TRUE(sameWorld(mirror, f.world));
    }
}

TEST(CommandJson, KitCommandsRoundTrip) {
    World w;
    auto kit = spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 3}});
    ASSERT_TRUE(kit.ok());
    World mirror = w;
    Command c = SetKitParam{w.stableId(*kit), "rows", 4.0, {}};
    ASSERT_TRUE(applyCommand(w, c).ok());
    Result<Command> back = commandFromJson(commandToJson(c));
    ASSERT_TRUE(back.ok());
    ASSERT_TRUE(applyCommand(mirror, *back).ok());
    EXPECT_TRUE(sameWorld(mirror, w));
    std::size_t subtree = captureTree(w, *kit).entities.size();
    EXPECT_GT(subtree, 12u) << "the kit and its generated pieces";
    Command d = DestroyEntity{w.stableId(*kit), {}};
    ASSERT_TRUE(applyCommand(w, d).ok());
    Result<Command> dback = commandFromJson(commandToJson(d));
    ASSERT_TRUE(dback.ok()) << dback.error().toString();
    EXPECT_EQ(std::get<DestroyEntity>(*dback).removed.entities.size(), subtree);
    ASSERT_TRUE(applyCommand(mirror, *dback).ok());
    Command undo = inverseOf(*dback);
    ASSERT_TRUE(applyCommand(mirror, undo).ok());
    Command undoLocal = inverseOf(d);
    ASSERT_TRUE(applyCommand(w, undoLocal).ok());
    EXPECT_TRUE(sameWorld(mirror, w));
}

TEST(CommandJson, BadInputIsAnErrorWithItsPath) {
    EXPECT_FALSE(commandFromJson("not json").ok());
    auto unknownOp = commandFromJson(R"({"op": "explode"})");
    ASSERT_FALSE(unknownOp.ok());
    EXPECT_NE(unknownOp.error().toString().find("op"), std::string::npos);
    auto badField = commandFromJson(
        R"({"op": "set", "entity": "00000000000000aa", "after": {"type": "light", "value": {"intensity": "bright"}},
            "before": {"type": "light", "value": {}}})");
    ASSERT_FALSE(badField.ok());
    EXPECT_NE(badField.error().toString().find("after.value.intensity"), std::string::npos) << badField.error().toString();
    auto badId = commandFromJson(R"({"op": "destroy", "entity": "xyz", "removed": {"before": null, "entities": []}})");
    ASSERT_FALSE(badId.ok());
    EXPECT_NE(badId.error().toString().find("entity"), std::string::npos);
    std::string deep = R"({"op":"group","label":"","commands":[)";
    for (int i = 0; i < 40; ++i) deep += R"({"op":"group","label":"","commands":[)";
    for (int i = 0; i < 41; ++i) deep += "]}";
    EXPECT_FALSE(commandFromJson(deep).ok());
}
