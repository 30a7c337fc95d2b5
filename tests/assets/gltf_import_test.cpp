// Every shared model imports with the vertex and index counts its JSON declares. The expected
// numbers were computed from the accessor counts in each file (POSITION count summed over
// primitives; index count from the indices accessor, or the vertex count when non-indexed;
// strips and fans as 3 * (n - 2)).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;

namespace {

std::string data(const std::string& rel) { return std::string(ATRIUM_TEST_DATA) + "/gltf/" + rel; }

struct Expected {
    const char* file;
    std::size_t meshes, nodes, vertices, indices, materials, textures, skins, animations;
};

const Expected kModels[] = {
    {"models/2CylinderEngine.glb", 29, 82, 55843, 227190, 34, 0, 0, 0},
    {"models/BoxTextured.glb", 1, 2, 24, 36, 1, 1, 0, 0},
    {"models/CesiumMan.glb", 1, 22, 3273, 14016, 1, 1, 1, 1},
    {"models/cube.gltf", 1, 3, 24, 36, 1, 0, 0, 0},
    {"models/samplebuilding.gltf", 12, 72, 15068, 33396, 6, 0, 0, 0},
    {"models/sampleroom.gltf", 12, 16, 2093, 6540, 7, 0, 0, 0},
    {"models/suzanne.gltf", 1, 1, 7958, 47232, 1, 0, 0, 0},
    {"models/teapot.gltf", 1, 3, 4690, 27384, 0, 0, 0, 0},
    {"models/AnimatedMorphCube/AnimatedMorphCube.gltf", 1, 1, 24, 36, 1, 0, 0, 1},
};

std::size_t totalVertices(const Model& m) {
    std::size_t n = 0;
    for (const Mesh& mesh : m.meshes) n += mesh.vertexCount();
    return n;
}
std::size_t totalIndices(const Model& m) {
    std::size_t n = 0;
    for (const Mesh& mesh : m.meshes) n += mesh.indexCount();
    return n;
}

class SharedModel : public ::testing::TestWithParam<Expected> {};

}  // namespace

TEST_P(SharedModel, ImportsWithDeclaredCounts) {
    const Expected& e = GetParam();
    Result<Model> r = importGltf(data(e.file));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const Model& m = *r;
    EXPECT_EQ(m.meshes.size(), e.meshes);
    EXPECT_EQ(m.nodes.size(), e.nodes);
    EXPECT_EQ(totalVertices(m), e.vertices);
    EXPECT_EQ(totalIndices(m), e.indices);
    EXPECT_EQ(m.materials.size(), e.materials);
    EXPECT_EQ(m.textures.size(), e.textures);
    EXPECT_EQ(m.skins.size(), e.skins);
    EXPECT_EQ(m.animations.size(), e.animations);
    EXPECT_FALSE(m.bounds.empty());
    EXPECT_FALSE(m.rootNodes.empty());
    for (const Mesh& mesh : m.meshes) {
        for (const MeshPrimitive& p : mesh.primitives) {
            const std::size_t n = p.positions.size();
            ASSERT_EQ(p.normals.size(), n) << "normals present or generated for triangles";
            if (!p.uv0.empty()) {
                EXPECT_EQ(p.tangents.size(), n);
            }
            for (std::uint32_t i : p.indices) ASSERT_LT(i, n);
            for (const vec3& nrm : p.normals) ASSERT_NEAR(glm::length(nrm), 1.0f, 1e-3f);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Models, SharedModel, ::testing::ValuesIn(kModels), [](const auto& info) {
    std::string name = std::filesystem::path(info.param.file).stem().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});

TEST(GltfImport, BoxTexturedHasDecodedSrgbBaseColourTexture) {
    Result<Model> r = importGltf(data("models/BoxTextured.glb"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    ASSERT_EQ(r->textures.size(), 1u);
    const Texture& t = r->textures[0];
    EXPECT_GT(t.width, 0u);
    EXPECT_GT(t.height, 0u);
    EXPECT_EQ(t.pixels.size(), std::size_t(t.width) * t.height * 4);
    EXPECT_TRUE(t.srgb);
    ASSERT_EQ(r->materials[0].baseColorTexture.texture, 0);
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    EXPECT_EQ(p.uv0.size(), 24u);
    EXPECT_EQ(p.tangents.size(), 24u) << "generated from UVs";
    for (const vec4& t4 : p.tangents) {
        EXPECT_NEAR(glm::length(vec3(t4)), 1.0f, 1e-3f);
        EXPECT_TRUE(t4.w == 1.0f || t4.w == -1.0f);
    }
}

TEST(GltfImport, LoadImagesOffKeepsSlotsWithoutPixels) {
    GltfImportOptions opts;
    opts.loadImages = false;
    Result<Model> r = importGltf(data("models/BoxTextured.glb"), opts);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    ASSERT_EQ(r->textures.size(), 1u);
    EXPECT_TRUE(r->textures[0].pixels.empty());
    EXPECT_EQ(r->materials[0].baseColorTexture.texture, 0);
}

TEST(GltfImport, CesiumManKeepsSkinAndAnimation) {
    Result<Model> r = importGltf(data("models/CesiumMan.glb"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const Skin& skin = r->skins[0];
    EXPECT_EQ(skin.joints.size(), 19u);
    EXPECT_EQ(skin.inverseBindMatrices.size(), skin.joints.size());
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    EXPECT_EQ(p.joints.size(), p.positions.size());
    EXPECT_EQ(p.weights.size(), p.positions.size());
    for (std::size_t i = 0; i < p.weights.size(); ++i) {
        const vec4& w = p.weights[i];
        ASSERT_NEAR(w.x + w.y + w.z + w.w, 1.0f, 1e-2f);
        for (int k = 0; k < 4; ++k) ASSERT_LT(p.joints[i][k], skin.joints.size());
    }
    const Animation& a = r->animations[0];
    EXPECT_FALSE(a.channels.empty());
    EXPECT_GT(a.duration, 0.0f);
    for (const AnimationChannel& c : a.channels) {
        ASSERT_GE(c.node, 0);
        ASSERT_LT(std::size_t(c.sampler), a.samplers.size());
        const AnimationSampler& s = a.samplers[std::size_t(c.sampler)];
        EXPECT_EQ(s.values.size(), s.times.size());
    }
}

TEST(GltfImport, NodeHierarchyHasParentsAndRoots) {
    Result<Model> r = importGltf(data("models/2CylinderEngine.glb"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    for (int root : r->rootNodes) EXPECT_EQ(r->nodes[std::size_t(root)].parent, -1);
    std::size_t withParent = 0;
    for (std::size_t i = 0; i < r->nodes.size(); ++i) {
        for (int c : r->nodes[i].children) EXPECT_EQ(r->nodes[std::size_t(c)].parent, int(i));
        if (r->nodes[i].parent >= 0) ++withParent;
    }
    EXPECT_EQ(withParent + r->rootNodes.size(), r->nodes.size());
}

TEST(GltfImport, MissingNormalsAreGeneratedFacingOutwards) {
    // Mesh_PrimitiveMode_13 is an indexed quad with positions only.
    Result<Model> r = importGltf(data("conformance/Mesh_PrimitiveMode/Mesh_PrimitiveMode_13.gltf"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    ASSERT_EQ(p.normals.size(), p.positions.size());
    for (std::size_t t = 0; t < p.indices.size(); t += 3) {
        vec3 a = p.positions[p.indices[t]], b = p.positions[p.indices[t + 1]], c = p.positions[p.indices[t + 2]];
        vec3 g = glm::normalize(glm::cross(b - a, c - a));
        EXPECT_GT(glm::dot(g, p.normals[p.indices[t]]), 0.99f);
    }
}

namespace {
struct Conformance {
    int number;
    PrimitiveMode mode;
    std::size_t vertices, indices;
};
// Modes 5 (strip) and 6 (fan) become triangle lists of 3 * (n - 2) indices.
const Conformance kConformance[] = {
    {0, PrimitiveMode::Points, 1024, 1024},   {1, PrimitiveMode::Lines, 8, 8},
    {2, PrimitiveMode::LineLoop, 4, 4},       {3, PrimitiveMode::LineStrip, 5, 5},
    {4, PrimitiveMode::Triangles, 4, 6},      {5, PrimitiveMode::Triangles, 4, 6},
    {6, PrimitiveMode::Triangles, 6, 6},      {7, PrimitiveMode::Points, 1024, 1024},
    {8, PrimitiveMode::Lines, 4, 8},          {9, PrimitiveMode::LineLoop, 4, 4},
    {10, PrimitiveMode::LineStrip, 4, 5},     {11, PrimitiveMode::Triangles, 4, 6},
    {12, PrimitiveMode::Triangles, 4, 6},     {13, PrimitiveMode::Triangles, 4, 6},
    {14, PrimitiveMode::Triangles, 4, 6},     {15, PrimitiveMode::Triangles, 4, 6},
};
class ConformanceFile : public ::testing::TestWithParam<Conformance> {};
}  // namespace

TEST_P(ConformanceFile, ImportsWithModeAndCounts) {
    const Conformance& c = GetParam();
    char name[64];
    std::snprintf(name, sizeof name, "conformance/Mesh_PrimitiveMode/Mesh_PrimitiveMode_%02d.gltf", c.number);
    Result<Model> r = importGltf(data(name));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    EXPECT_EQ(p.mode, c.mode);
    EXPECT_EQ(p.positions.size(), c.vertices);
    EXPECT_EQ(p.indices.size(), c.indices);
    for (std::uint32_t i : p.indices) ASSERT_LT(i, p.positions.size());
    const bool drawable = c.mode == PrimitiveMode::Triangles;
    EXPECT_EQ(r->warnings.empty(), drawable) << "modes the renderer does not draw are reported";
}

INSTANTIATE_TEST_SUITE_P(MeshPrimitiveMode, ConformanceFile, ::testing::ValuesIn(kConformance),
                         [](const auto& info) { return "Mode" + std::to_string(info.param.number); });

TEST(GltfImport, StripKeepsConsistentWinding) {
    // Mesh_PrimitiveMode_04 is a quad as a triangle strip: both triangles must face the same way.
    Result<Model> r = importGltf(data("conformance/Mesh_PrimitiveMode/Mesh_PrimitiveMode_04.gltf"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    ASSERT_EQ(p.indices.size(), 6u);
    auto normal = [&](std::size_t t) {
        vec3 a = p.positions[p.indices[t]], b = p.positions[p.indices[t + 1]], c = p.positions[p.indices[t + 2]];
        return glm::normalize(glm::cross(b - a, c - a));
    };
    EXPECT_GT(glm::dot(normal(0), normal(3)), 0.99f);
}

TEST(GltfImport, MissingFileIsAnErrorNamingIt) {
    Result<Model> r = importGltf(data("models/does_not_exist.glb"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().toString().find("does_not_exist.glb"), std::string::npos);
}

TEST(GltfImport, MorphTargetsAreReportedAsNotImported) {
    Result<Model> r = importGltf(data("models/AnimatedMorphCube/AnimatedMorphCube.gltf"));
    ASSERT_TRUE(r.ok()) << r.error().toString();
    ASSERT_EQ(r->warnings.size(), 1u);
    EXPECT_NE(r->warnings[0].find("morph targets"), std::string::npos);
}

TEST(GltfImport, UnsupportedRequiredExtensionIsAnError) {
    std::string json = R"({"asset":{"version":"2.0"},"extensionsUsed":["KHR_draco_mesh_compression"],
        "extensionsRequired":["KHR_draco_mesh_compression"]})";
    std::vector<unsigned char> bytes(json.begin(), json.end());
    Result<Model> r = importGltfFromMemory(bytes, "draco.gltf");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().toString().find("draco.gltf: extensionsRequired[0]: required extension "
                                        "'KHR_draco_mesh_compression' is not supported"),
              std::string::npos)
        << r.error().toString();
}

TEST(GltfImport, SparseAccessorOverridesBaseValues) {
    // Three vertices of a triangle in a data URI buffer; a sparse accessor moves vertex 1 to y = 5.
    // Buffer: 3 x vec3 float (36 bytes) + 1 u16 index (2 bytes, padded to 4) + 1 vec3 (12 bytes).
    std::vector<unsigned char> buffer(52, 0);
    float positions[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    std::memcpy(buffer.data(), positions, sizeof positions);
    std::uint16_t index = 1;
    std::memcpy(buffer.data() + 36, &index, 2);
    float moved[3] = {1, 5, 0};
    std::memcpy(buffer.data() + 40, moved, sizeof moved);
    static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    for (std::size_t i = 0; i < buffer.size(); i += 3) {
        std::uint32_t v = std::uint32_t(buffer[i]) << 16;
        if (i + 1 < buffer.size()) v |= std::uint32_t(buffer[i + 1]) << 8;
        if (i + 2 < buffer.size()) v |= buffer[i + 2];
        encoded += b64[(v >> 18) & 63];
        encoded += b64[(v >> 12) & 63];
        encoded += i + 1 < buffer.size() ? b64[(v >> 6) & 63] : '=';
        encoded += i + 2 < buffer.size() ? b64[v & 63] : '=';
    }
    std::string json = R"({"asset":{"version":"2.0"},"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],
        "meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}],
        "buffers":[{"byteLength":52,"uri":"data:application/octet-stream;base64,)" + encoded + R"("}],
        "bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":2},
                       {"buffer":0,"byteOffset":40,"byteLength":12}],
        "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3",
                      "sparse":{"count":1,"indices":{"bufferView":1,"componentType":5123},"values":{"bufferView":2}}}]})";
    std::vector<unsigned char> bytes(json.begin(), json.end());
    Result<Model> r = importGltfFromMemory(bytes, "sparse.gltf");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    const MeshPrimitive& p = r->meshes[0].primitives[0];
    ASSERT_EQ(p.positions.size(), 3u);
    EXPECT_EQ(p.positions[0], vec3(0, 0, 0));
    EXPECT_EQ(p.positions[1], vec3(1, 5, 0));
    EXPECT_EQ(p.positions[2], vec3(0, 1, 0));
    EXPECT_EQ(p.indices, (std::vector<std::uint32_t>{0, 1, 2}));
}
