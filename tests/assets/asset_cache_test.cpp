#include <gtest/gtest.h>

#include <thread>

#include "atrium/assets/asset_cache.hpp"

using namespace atrium;

namespace {
std::string gltfDir() { return std::string(ATRIUM_TEST_DATA) + "/gltf"; }
}  // namespace

TEST(AssetCache, OnePathLoadedTwiceIsShared) {
    AssetCache cache(gltfDir());
    Result<ModelPtr> a = cache.loadModel("models/BoxTextured.glb");
    ASSERT_TRUE(a.ok()) << a.error().toString();
    Result<ModelPtr> b = cache.loadModel("models/BoxTextured.glb");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->get(), b->get());
    // The same file by another spelling, and by absolute path.
    Result<ModelPtr> c = cache.loadModel("models/../models/BoxTextured.glb");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(a->get(), c->get());
    Result<ModelPtr> d = cache.loadModel(gltfDir() + "/models/BoxTextured.glb");
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(a->get(), d->get());
    EXPECT_EQ(cache.size(), 1u);
}

TEST(AssetCache, BuiltinsAreCachedByFullReference) {
    AssetCache cache;
    auto a = cache.loadModel("builtin:box");
    auto b = cache.loadModel("builtin:box");
    auto c = cache.loadModel("builtin:box?width=2");
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->get(), b->get());
    EXPECT_NE(a->get(), c->get());
    EXPECT_EQ(cache.size(), 2u);
    cache.clear();
    EXPECT_EQ(cache.size(), 0u);
}

TEST(AssetCache, ConcurrentLoadsOfOnePathShareOneModel) {
    AssetCache cache(gltfDir());
    constexpr int kThreads = 8;
    std::vector<const Model*> seen(kThreads, nullptr);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            auto r = cache.loadModel(i % 2 ? "models/cube.gltf" : "builtin:sphere");
            if (r.ok()) seen[std::size_t(i)] = r->get();
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kThreads; ++i) {
        ASSERT_NE(seen[std::size_t(i)], nullptr);
        EXPECT_EQ(seen[std::size_t(i)], seen[std::size_t(i % 2)]);
    }
    EXPECT_EQ(cache.size(), 2u);
}

TEST(AssetCache, ResolvesMeshReferences) {
    AssetCache cache(gltfDir());
    Result<MeshRef> m = cache.resolveMesh("models/2CylinderEngine.glb#5");
    ASSERT_TRUE(m.ok()) << m.error().toString();
    EXPECT_EQ(m->mesh, 5);
    EXPECT_EQ(&m->get(), &m->model->meshes[5]);
    Result<MeshRef> first = cache.resolveMesh("models/2CylinderEngine.glb");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->mesh, 0);
    EXPECT_EQ(first->model.get(), m->model.get());
    Result<MeshRef> builtin = cache.resolveMesh("builtin:stairs?steps=3#0");
    ASSERT_TRUE(builtin.ok()) << builtin.error().toString();
}

TEST(AssetCache, BadReferencesAreErrors) {
    AssetCache cache(gltfDir());
    auto outOfRange = cache.resolveMesh("models/cube.gltf#7");
    ASSERT_FALSE(outOfRange.ok());
    EXPECT_NE(outOfRange.error().toString().find("mesh 7 out of range"), std::string::npos);
    auto badIndex = cache.resolveMesh("models/cube.gltf#x");
    ASSERT_FALSE(badIndex.ok());
    EXPECT_NE(badIndex.error().toString().find("'x'"), std::string::npos);
    auto missing = cache.loadModel("models/nothing_here.gltf");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().toString().find("nothing_here.gltf"), std::string::npos);
    auto badBuiltin = cache.loadModel("builtin:nope");
    ASSERT_FALSE(badBuiltin.ok());
    EXPECT_EQ(cache.size(), 1u) << "only cube.gltf loaded; failures are not cached";
}
