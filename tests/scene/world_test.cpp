#include <gtest/gtest.h>

#include "atrium/scene/world.hpp"

#include <glm/gtc/matrix_transform.hpp>
#include <set>

using namespace atrium;

TEST(World, CreateGivesLiveEntityWithTransformAndName) {
    World w;
    Entity e = w.create("lamp");
    ASSERT_TRUE(w.alive(e));
    EXPECT_TRUE(w.has<Transform>(e));
    ASSERT_NE(w.get<Name>(e), nullptr);
    EXPECT_EQ(w.get<Name>(e)->value, "lamp");
    EXPECT_EQ(w.entityCount(), 1u);
    EXPECT_TRUE(w.stableId(e).valid());
    EXPECT_EQ(w.find(w.stableId(e)), e);
}

TEST(World, DestroyedSlotIsReusedWithNewGeneration) {
    World w;
    Entity a = w.create();
    StableId aId = w.stableId(a);
    w.destroy(a);
    EXPECT_FALSE(w.alive(a));
    EXPECT_EQ(w.find(aId), kNullEntity);
    Entity b = w.create();
    EXPECT_EQ(b.index, a.index);
    EXPECT_EQ(b.generation, a.generation + 1);
    EXPECT_TRUE(w.alive(b));
    EXPECT_FALSE(w.alive(a));  // the stale handle stays dead
    EXPECT_EQ(w.get<Transform>(a), nullptr);
}

TEST(World, CreateWithUsedIdFails) {
    World w;
    Entity a = w.create("a", StableId{7});
    ASSERT_TRUE(w.alive(a));
    EXPECT_EQ(w.create("b", StableId{7}), kNullEntity);
}

TEST(World, ComponentsAddGetRemove) {
    World w;
    Entity e = w.create();
    w.add<Light>(e, Light{.type = Light::Type::Spot, .intensity = 5.0f});
    ASSERT_TRUE(w.has<Light>(e));
    EXPECT_EQ(w.get<Light>(e)->intensity, 5.0f);
    w.remove<Light>(e);
    EXPECT_FALSE(w.has<Light>(e));
}

TEST(World, DestroyRemovesSubtreeAndComponents) {
    World w;
    Entity root = w.create("root");
    Entity child = w.create("child");
    Entity grandchild = w.create("grandchild");
    ASSERT_TRUE(w.setParent(child, root).ok());
    ASSERT_TRUE(w.setParent(grandchild, child).ok());
    w.add<Seat>(grandchild);
    w.destroy(root);
    EXPECT_FALSE(w.alive(child));
    EXPECT_FALSE(w.alive(grandchild));
    EXPECT_EQ(w.entityCount(), 0u);
    EXPECT_EQ(w.pool<Seat>().size(), 0u);
}

TEST(World, ReparentCyclesAreRejected) {
    World w;
    Entity a = w.create("a"), b = w.create("b"), c = w.create("c");
    ASSERT_TRUE(w.setParent(b, a).ok());
    ASSERT_TRUE(w.setParent(c, b).ok());
    Status s = w.setParent(a, c);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("cycle"), std::string::npos);
    EXPECT_FALSE(w.setParent(a, a).ok());
    EXPECT_EQ(w.parent(a), kNullEntity);  // unchanged by the failed calls
    EXPECT_EQ(w.parent(c), b);
}

TEST(World, ReparentMovesBetweenSiblingLists) {
    World w;
    Entity p1 = w.create(), p2 = w.create(), c1 = w.create(), c2 = w.create();
    ASSERT_TRUE(w.setParent(c1, p1).ok());
    ASSERT_TRUE(w.setParent(c2, p1).ok());
    EXPECT_EQ(w.children(p1), (std::vector<Entity>{c1, c2}));
    ASSERT_TRUE(w.setParent(c1, p2).ok());
    EXPECT_EQ(w.children(p1), (std::vector<Entity>{c2}));
    EXPECT_EQ(w.children(p2), (std::vector<Entity>{c1}));
    ASSERT_TRUE(w.setParent(c2, kNullEntity).ok());
    EXPECT_EQ(w.childCount(p1), 0u);
    EXPECT_EQ(w.roots().size(), 3u);
}

TEST(World, TransformsPropagateDownTheHierarchy) {
    World w;
    Entity parent = w.create(), child = w.create();
    ASSERT_TRUE(w.setParent(child, parent).ok());
    w.get<Transform>(parent)->position = vec3(10, 0, 0);
    w.get<Transform>(parent)->rotation = glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0));
    w.get<Transform>(parent)->scale = vec3(2.0f);
    w.get<Transform>(child)->position = vec3(1, 0, 0);
    w.updateTransforms();
    vec3 childWorld = vec3(w.worldMatrix(child)[3]);
    // Parent rotates +x onto -z and doubles it: (10,0,0) + 2 * (0,0,-1).
    EXPECT_NEAR(childWorld.x, 10.0f, 1e-5);
    EXPECT_NEAR(childWorld.z, -2.0f, 1e-5);
    EXPECT_NEAR(glm::length(w.computeWorldMatrix(child)[3] - w.worldMatrix(child)[3]), 0.0f, 1e-5);
}

TEST(World, ChildCreatedBeforeParentStillUpdatesAfterIt) {
    World w;
    Entity child = w.create();
    Entity parent = w.create();
    ASSERT_TRUE(w.setParent(child, parent).ok());
    w.get<Transform>(parent)->position = vec3(0, 5, 0);
    w.updateTransforms();
    EXPECT_NEAR(w.worldMatrix(child)[3].y, 5.0f, 1e-6);
}

TEST(World, EachVisitsOnlyEntitiesWithAllComponents) {
    World w;
    Entity a = w.create(), b = w.create(), c = w.create();
    w.add<Seat>(a);
    w.add<Seat>(b);
    w.add<Light>(b);
    w.add<Light>(c);
    std::set<std::uint32_t> seen;
    w.each<Seat, Light>([&](Entity e, Seat&, Light&) { seen.insert(e.index); });
    EXPECT_EQ(seen, std::set<std::uint32_t>{b.index});
    int lights = 0;
    w.each<Light>([&](Entity, Light&) { ++lights; });
    EXPECT_EQ(lights, 2);
}

TEST(World, CopyIsDeepAndIndependent) {
    World w;
    Entity e = w.create("x");
    w.add<Seat>(e);
    World copy = w;
    copy.get<Transform>(e)->position = vec3(3);
    copy.destroy(e);
    EXPECT_TRUE(w.alive(e));
    EXPECT_EQ(w.get<Transform>(e)->position, vec3(0));
    EXPECT_TRUE(w.has<Seat>(e));
}
