#include <gtest/gtest.h>

#include <filesystem>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {
const fs::path kGltf = fs::path(ATRIUM_TEST_DATA) / "gltf";

struct ModelCounts {
    const char* file;
    std::size_t meshes, vertices, indices, materials, textures, skins, animations;
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
}  // namespace

namespace {
void PrintTo(const ModelCounts& c, std::ostream* os) { *os << c.file; }
}  // namespace

class SharedModel : public ::testing::TestWithParam<ModelCounts> {};

// Expected counts are the POSITION and index accessor counts read from each file's JSON.
TEST_P(SharedModel, ImportsWithExpectedCounts) {
    const ModelCounts& c = GetParam();
    Result<Model> m = importGltf((kGltf / "models" / c.file).string());
    ASSERT_TRUE(m.ok()) << m.error().toString();
    EXPECT_EQ(m->meshes.size(), c.meshes);
    EXPECT_EQ(totalVertices(*m), c.vertices);
    EXPECT_EQ(totalIndices(*m), c.indices);
    EXPECT_EQ(m->materials.size(), c.materials);
    EXPECT_EQ(m->textures.size(), c.textures);
    EXPECT_EQ(m->skins.size(), c.skins);
    EXPECT_EQ(m->animations.size(), c.animations);
    EXPECT_FALSE(m->bounds.empty());
    for (const Mesh& mesh : m->meshes) {
        for (const MeshPrimitive& p : mesh.primitives) {
            EXPECT_EQ(p.normals.size(), p.positions.size());
            if (!p.uv0.empty()) {
                EXPECT_EQ(p.tangents.size(), p.positions.size()) << "tangents not generated";
            }
            for (std::uint32_t i : p.indices) ASSERT_LT(i, p.positions.size());
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Models, SharedModel,
    ::testing::Values(ModelCounts{"2CylinderEngine.glb", 29, 55843, 227190, 34, 0, 0, 0}, ModelCounts{"BoxTextured.glb", 1, 24, 36, 1, 1, 0, 0},
                      ModelCounts{"CesiumMan.glb", 1, 3273, 14016, 1, 1, 1, 1}, ModelCounts{"cube.gltf", 1, 24, 36, 1, 0, 0, 0},
                      ModelCounts{"samplebuilding.gltf", 12, 15068, 33396, 6, 0, 0, 0},
                      ModelCounts{"sampleroom.gltf", 12, 2093, 6540, 7, 0, 0, 0}, ModelCounts{"suzanne.gltf", 1, 7958, 47232, 1, 0, 0, 0},
                      ModelCounts{"teapot.gltf", 1, 4690, 27384, 0, 0, 0, 0},
                      ModelCounts{"AnimatedMorphCube/AnimatedMorphCube.gltf", 1, 24, 36, 1, 0, 0, 1}),
    [](const ::testing::TestParamInfo<ModelCounts>& info) {
        std::string name = fs::path(info.param.file).stem().string();
        for (char& ch : name)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return name;
    });

TEST(GltfImport, TexturesDecodeToRgba8WithColourSpaceFromUse) {
    Result<Model> m = importGltf((kGltf / "models" / "BoxTextured.glb").string());
    ASSERT_TRUE(m.ok());
    const Texture& t = m->textures[0];
    EXPECT_GT(t.width, 0u);
    EXPECT_EQ(t.pixels.size(), std::size_t(t.width) * t.height * 4);
    EXPECT_TRUE(t.srgb);  // used as base colour
    EXPECT_EQ(m->materials[0].baseColorTexture.texture, 0);
}

TEST(GltfImport, SkinAndAnimationAreKept) {
    Result<Model> m = importGltf((kGltf / "models" / "CesiumMan.glb").string());
    ASSERT_TRUE(m.ok());
    ASSERT_EQ(m->skins.size(), 1u);
    EXPECT_EQ(m->skins[0].joints.size(), m->skins[0].inverseBindMatrices.size());
    EXPECT_GT(m->skins[0].joints.size(), 10u);
    ASSERT_EQ(m->animations.size(), 1u);
    EXPECT_GT(m->animations[0].duration, 1.0f);
    EXPECT_FALSE(m->animations[0].channels.empty());
    const MeshPrimitive& p = m->meshes[0].primitives[0];
    EXPECT_EQ(p.joints.size(), p.positions.size());
    EXPECT_EQ(p.weights.size(), p.positions.size());
}

TEST(GltfImport, ImagesCanBeSkipped) {
    Result<Model> m = importGltf((kGltf / "models" / "BoxTextured.glb").string(), GltfImportOptions{.loadImages = false});
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(m->textures[0].pixels.empty());
}

TEST(GltfImport, EveryConformancePrimitiveModeImports) {
    int files = 0;
    for (const auto& entry : fs::directory_iterator(kGltf / "conformance" / "Mesh_PrimitiveMode")) {
        if (entry.path().extension() != ".gltf") continue;
        ++files;
        Result<Model> m = importGltf(entry.path().string());
        ASSERT_TRUE(m.ok()) << m.error().toString();
        const MeshPrimitive& p = m->meshes.at(0).primitives.at(0);
        if (p.mode == PrimitiveMode::Triangles) {
            EXPECT_EQ(p.indices.size() % 3, 0u) << entry.path();
            EXPECT_TRUE(m->warnings.empty());
        } else {
            EXPECT_FALSE(m->warnings.empty()) << "an undrawn mode must be reported: " << entry.path();
        }
    }
    EXPECT_EQ(files, 16);
}

TEST(GltfImport, StripsAndFansBecomeTriangleLists) {
    // Modes 05 and 06 are a strip and a fan over the same 4 vertices: 2 triangles each.
    for (const char* f : {"Mesh_PrimitiveMode_05.gltf", "Mesh_PrimitiveMode_06.gltf"}) {
        Result<Model> m = importGltf((kGltf / "conformance" / "Mesh_PrimitiveMode" / f).string());
        ASSERT_TRUE(m.ok());
        const MeshPrimitive& p = m->meshes[0].primitives[0];
        EXPECT_EQ(p.mode, PrimitiveMode::Triangles);
        EXPECT_EQ(p.indices.size(), 6u) << f;
    }
}

struct InvalidFile {
    const char* file;
    const char* fragment;  // the field or problem the message must name
};

void PrintTo(const InvalidFile& f, std::ostream* os) { *os << f.file; }

class InvalidGltf : public ::testing::TestWithParam<InvalidFile> {};

TEST_P(InvalidGltf, IsRejectedNamingFileAndProblem) {
    fs::path path = kGltf / "invalid" / GetParam().file;
    Result<Model> m = importGltf(path.string());
    ASSERT_FALSE(m.ok()) << path;
    std::string text = m.error().toString();
    EXPECT_NE(text.find(path.string()), std::string::npos) << text;
    EXPECT_NE(text.find(GetParam().fragment), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(
    Files, InvalidGltf,
    ::testing::Values(InvalidFile{"BoundsChecking/integer-out-of-bounds.gltf", "bufferViews[0].byteLength"},
                      InvalidFile{"BoundsChecking/invalid-buffer-index.gltf", "buffer"},
                      InvalidFile{"BoundsChecking/invalid-buffer-view-index.gltf", "bufferView"},
                      InvalidFile{"BoundsChecking/invalid-primitive-indices.gltf", "indices"},
                      InvalidFile{"BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb", "POSITION: element 0 is not a finite number"},
                      InvalidFile{"IncorrectVertexArrays/Cube.gltf", "bufferViews[2]"},
                      InvalidFile{"IndexOutOfRange/AllIndicesOutOfRange.gltf", "out of range for 24 vertices"},
                      InvalidFile{"IndexOutOfRange/IndexOutOfRange.gltf", "out of range for 24 vertices"},
                      InvalidFile{"MissingBin/BoxTextured.gltf", "BoxTextured0.bin"}, InvalidFile{"RecursiveNodes/RecursiveNodes.gltf", "cycle"},
                      InvalidFile{"SchemaFailures/sceneWrongType.gltf", "scene: expected a non-negative integer"},
                      InvalidFile{"wrongTypes/badArray.gltf", "meshes[0].primitives: expected an array"},
                      InvalidFile{"wrongTypes/badExtension.gltf", "extensions.KHR_texture_transform: expected an object"},
                      InvalidFile{"wrongTypes/badNumber.gltf", "normalTexture.scale: expected a number"},
                      InvalidFile{"wrongTypes/badObject.gltf", "pbrMetallicRoughness: expected an object"},
                      InvalidFile{"wrongTypes/badString.gltf", "scenes[0].name: expected a string"},
                      InvalidFile{"wrongTypes/badUint.gltf", "baseColorTexture.index: expected a non-negative integer"}),
    [](const ::testing::TestParamInfo<InvalidFile>& info) {
        std::string name = info.param.file;
        for (char& ch : name)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return name;
    });

TEST(GltfImport, EveryFileInTheInvalidFolderIsCovered) {
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kGltf / "invalid")) {
        auto ext = entry.path().extension();
        if (ext == ".gltf" || ext == ".glb") {
            ++files;
            EXPECT_FALSE(importGltf(entry.path().string()).ok()) << entry.path();
        }
    }
    EXPECT_EQ(files, 17u);
}

TEST(GltfImport, MissingFileIsAClearError) {
    Result<Model> m = importGltf("/no/such/model.glb");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().toString(), "/no/such/model.glb: no such file");
}

TEST(GltfImport, InstantiateBuildsTheNodeHierarchy) {
    Result<Model> m = importGltf((kGltf / "models" / "2CylinderEngine.glb").string());
    ASSERT_TRUE(m.ok());
    World w;
    Entity root = instantiateModel(w, *m, "models/2CylinderEngine.glb");
    EXPECT_EQ(w.entityCount(), m->nodes.size() + 1);
    EXPECT_EQ(w.get<Name>(root)->value, "2CylinderEngine");
    std::size_t meshNodes = 0;
    for (const ModelNode& n : m->nodes) meshNodes += n.mesh >= 0;
    EXPECT_EQ(w.pool<MeshRenderer>().size(), meshNodes);
    for (const MeshRenderer& mr : w.pool<MeshRenderer>().components()) EXPECT_EQ(mr.mesh.rfind("models/2CylinderEngine.glb#", 0), 0u);
    // Depth is preserved: every node's entity has the parent its glTF node has.
    for (Entity e : w.pool<MeshRenderer>().entities()) EXPECT_TRUE(w.isAncestor(root, e));
}
