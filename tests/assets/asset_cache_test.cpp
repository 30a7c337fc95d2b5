#include <gtest/gtest.h>

#include <thread>

#include "atrium/assets/asset_cache.hpp"

using namespace atrium;

TEST(AssetCache, OnePathLoadedTwiceIsShared) {
    AssetCache cache(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf");
    Result<ModelPtr> a = cache.loadModel("models/BoxTextured.glb");
    Result<ModelPtr> b = cache.loadModel("models/../models/BoxTextured.glb");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->get(), b->get());
    EXPECT_EQ(cache.size(), 1u);
}

TEST(AssetCache, ConcurrentLoadsShareOneModel) {
    AssetCache cache(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf");
    std::vector<const Model*> seen(4, nullptr);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            auto m = cache.loadModel("models/cube.gltf");
            if (m) seen[std::size_t(i)] = m->get();
        });
    }
    for (auto& t : threads) t.join();
    for (const Model* m : seen) EXPECT_EQ(m, seen[0]);
    EXPECT_NE(seen[0], nullptr);
}

TEST(AssetCache, MeshReferencesSelectMeshes) {
    AssetCache cache(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf");
    Result<MeshRef> m = cache.resolveMesh("models/2CylinderEngine.glb#28");
    ASSERT_TRUE(m.ok()) << m.error().toString();
    EXPECT_EQ(m->mesh, 28);
    EXPECT_GT(m->get().vertexCount(), 0u);
    Result<MeshRef> outOfRange = cache.resolveMesh("models/2CylinderEngine.glb#29");
    ASSERT_FALSE(outOfRange.ok());
    EXPECT_NE(outOfRange.error().message.find("29 mesh(es)"), std::string::npos);
    EXPECT_FALSE(cache.resolveMesh("models/cube.gltf#x").ok());
}

TEST(AssetCache, BuiltinsResolveAndAreCachedToo) {
    AssetCache cache;
    Result<MeshRef> a = cache.resolveMesh("builtin:box");
    Result<MeshRef> b = cache.resolveMesh("builtin:box#0");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->model.get(), b->model.get());
    EXPECT_EQ(a->get().indexCount(), 36u);
}

TEST(AssetCache, FailuresAreNotCached) {
    AssetCache cache(std::filesystem::path(ATRIUM_TEST_DATA) / "gltf");
    EXPECT_FALSE(cache.loadModel("models/missing.glb").ok());
    EXPECT_EQ(cache.size(), 0u);
}
