#include <gtest/gtest.h>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;

TEST(InstantiateModel, CreatesOneEntityPerNodeWithHierarchyAndMeshRefs) {
    Result<Model> r = importGltf(std::string(ATRIUM_TEST_DATA) + "/gltf/models/2CylinderEngine.glb");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const Model& model = *r;
    World world;
    Entity venueRoot = world.create("venue");
    Entity root = instantiateModel(world, model, "models/2CylinderEngine.glb", venueRoot);
    ASSERT_TRUE(world.alive(root));
    EXPECT_EQ(world.parent(root), venueRoot);
    EXPECT_EQ(world.childCount(root), model.rootNodes.size());
    // venue + model root + one per node reachable from the scene (every node here).
    EXPECT_EQ(world.entityCount(), 2 + model.nodes.size());

    std::size_t meshNodes = 0;
    for (const ModelNode& n : model.nodes) meshNodes += n.mesh >= 0;
    std::size_t renderers = 0;
    world.each<MeshRenderer>([&](Entity e, MeshRenderer& mr) {
        ++renderers;
        EXPECT_EQ(mr.mesh.rfind("models/2CylinderEngine.glb#", 0), 0u) << mr.mesh;
        EXPECT_TRUE(world.isAncestor(root, e));
    });
    EXPECT_EQ(renderers, meshNodes);
}

TEST(InstantiateModel, NodeTransformsAndNamesCarryOver) {
    Result<Model> r = importGltf(std::string(ATRIUM_TEST_DATA) + "/gltf/models/BoxTextured.glb");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    World world;
    Entity root = instantiateModel(world, *r, "box.glb");
    ASSERT_EQ(world.childCount(root), 1u);
    Entity top = world.children(root)[0];
    // BoxTextured's root node rotates -90 degrees about x (a Z-up to Y-up matrix).
    const Transform* t = world.get<Transform>(top);
    ASSERT_NE(t, nullptr);
    vec3 y = t->rotation * vec3(0, 0, 1);
    EXPECT_NEAR(y.y, 1.0f, 1e-5f);
    ASSERT_EQ(world.childCount(top), 1u);
    Entity meshEntity = world.children(top)[0];
    const MeshRenderer* mr = world.get<MeshRenderer>(meshEntity);
    ASSERT_NE(mr, nullptr);
    EXPECT_EQ(mr->mesh, "box.glb#0");
    world.updateTransforms();
    mat4 expected = world.worldMatrix(root) * t->matrix() * world.get<Transform>(meshEntity)->matrix();
    const mat4& actual = world.worldMatrix(meshEntity);
    for (int c = 0; c < 4; ++c)
        for (int k = 0; k < 4; ++k) EXPECT_NEAR(actual[c][k], expected[c][k], 1e-5f);
}
