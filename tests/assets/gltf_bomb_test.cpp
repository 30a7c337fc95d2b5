// Small glTF files that claim enormous accessors are refused before the memory is allocated.
// Every allocation through operator new is counted while an import runs, so a reader that
// allocates first and checks later fails here even when the allocation happens to succeed.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;

namespace {
std::atomic<bool> gCounting{false};
std::atomic<std::size_t> gAllocated{0};
}  // namespace

// Replacing the global allocator is what lets the test see an allocation it then refuses.
void* operator new(std::size_t n) {
    if (gCounting.load(std::memory_order_relaxed)) gAllocated.fetch_add(n, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr std::size_t kImportAllowance = 8u << 20;  // a 500-byte file decodes to far less

// 36 bytes: three float vec3s, base64.
const char* kBuffer = R"({"byteLength": 36, "uri": "data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"})";

struct Outcome {
    Result<Model> result = Error{"not run"};
    std::size_t allocated = 0;
};

Outcome importCounting(const std::string& name, const std::string& json, const GltfImportOptions& options = {}) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path) << json;
    gAllocated = 0;
    gCounting = true;
    Outcome out;
    out.result = importGltf(path, options);
    gCounting = false;
    out.allocated = gAllocated;
    std::filesystem::remove(path);
    return out;
}

std::string meshWithPositions(const std::string& accessor) {
    return std::string(R"({"asset": {"version": "2.0"}, "buffers": [)") + kBuffer +
           R"(], "bufferViews": [{"buffer": 0, "byteLength": 36}], "accessors": [)" + accessor +
           R"(], "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}], "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}]})";
}

}  // namespace

TEST(GltfBomb, TwoGigabyteAccessorOverATinyViewIsRefusedBeforeAllocating) {
    std::string json = meshWithPositions(R"({"bufferView": 0, "componentType": 5126, "count": 178956971, "type": "VEC3"})");
    ASSERT_LT(json.size(), 600u);
    Outcome o = importCounting("atrium_bomb_2gb.gltf", json);
    ASSERT_FALSE(o.result.ok());
    const std::string msg = o.result.error().toString();
    EXPECT_NE(msg.find("accessors[0]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("178956971 elements of 12 bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("bufferViews[0] (36 bytes)"), std::string::npos) << msg;
    EXPECT_LT(o.allocated, kImportAllowance);
}

TEST(GltfBomb, Mat4AccessorOfTwoToThe28WithoutAViewIsRefusedByTheMemoryCap) {
    // No bufferView means zeros, which glTF allows: only the cap stands between the file and 16 GiB.
    std::string json = std::string(R"({"asset": {"version": "2.0"}, "accessors": [{"componentType": 5126, "count": 268435456, "type": "MAT4"}],
        "nodes": [{"skin": 0}], "skins": [{"joints": [0], "inverseBindMatrices": 0}], "scenes": [{"nodes": [0]}]})");
    Outcome o = importCounting("atrium_bomb_mat4.gltf", json);
    ASSERT_FALSE(o.result.ok());
    const std::string msg = o.result.error().toString();
    EXPECT_NE(msg.find("atrium_bomb_mat4.gltf"), std::string::npos) << msg;
    EXPECT_NE(msg.find("accessors[0]: 268435456 MAT4 elements would decode to 17179869184 bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("536870912-byte memory cap"), std::string::npos) << msg;
    EXPECT_LT(o.allocated, kImportAllowance);
}

TEST(GltfBomb, CapCountsEveryAccessorOfTheImportTogether) {
    // Two 12 MB zero accessors: each fits a 16 MiB cap alone, not both.
    std::string acc = R"({"componentType": 5126, "count": 1048575, "type": "VEC3"})";
    std::string json = std::string(R"({"asset": {"version": "2.0"}, "accessors": [)") + acc + ", " + acc +
                       R"(], "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}, {"attributes": {"POSITION": 1}}]}]})";
    GltfImportOptions options;
    options.memoryCap = 16u << 20;
    Outcome o = importCounting("atrium_bomb_pair.gltf", json, options);
    ASSERT_FALSE(o.result.ok());
    const std::string msg = o.result.error().toString();
    EXPECT_NE(msg.find("accessors[1]: 1048575 VEC3 elements would decode to 12582900 bytes; this import has used 12582900 of its 16777216"),
              std::string::npos)
        << msg;
    options.memoryCap = 32u << 20;
    EXPECT_TRUE(importCounting("atrium_bomb_pair.gltf", json, options).result.ok());
}

TEST(GltfBomb, OrdinaryFileStillImportsUnderTheDefaultCap) {
    Outcome o = importCounting("atrium_small.gltf",
                               meshWithPositions(R"({"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"})"));
    ASSERT_TRUE(o.result.ok()) << o.result.error().toString();
    EXPECT_EQ(o.result->meshes.at(0).primitives.at(0).positions.size(), 3u);
    EXPECT_GT(o.allocated, 0u);  // the counter sees the importer's allocations at all
}
