// Every file in the invalid set is rejected with an Error naming the file and the field at fault.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;

namespace {

struct Invalid {
    const char* file;
    const char* field;    // the JSON path or object the message must name
    const char* problem;  // what the message must say about it
};

const Invalid kInvalid[] = {
    {"BoundsChecking/integer-out-of-bounds.gltf", "bufferViews[0].byteLength", "expected a non-negative integer, got 1e+300"},
    {"BoundsChecking/invalid-buffer-index.gltf", "bufferViews[1].buffer", "buffers[1] out of range (1 buffers)"},
    {"BoundsChecking/invalid-buffer-view-index.gltf", "accessors[0].bufferView", "bufferViews[1] out of range (1 bufferViews)"},
    {"BoundsChecking/invalid-primitive-indices.gltf", "meshes[0].primitives[0].indices", "accessors[1] out of range (1 accessors)"},
    {"BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb", "attributes.POSITION", "is not a finite number"},
    // Its views run past its 514-byte buffer, found before its indices are read.
    {"IncorrectVertexArrays/Cube.gltf", "bufferViews[2]", "runs past the end of buffers[0]"},
    {"IndexOutOfRange/AllIndicesOutOfRange.gltf", "accessors[0]", "out of range for 24 vertices"},
    {"IndexOutOfRange/IndexOutOfRange.gltf", "accessors[0]", "out of range for 24 vertices"},
    {"MissingBin/BoxTextured.gltf", "buffers[0].uri", "missing buffer file 'BoxTextured0.bin'"},
    {"RecursiveNodes/RecursiveNodes.gltf", "nodes[", "cycle"},
    {"SchemaFailures/sceneWrongType.gltf", "scene", "expected a non-negative integer"},
    {"wrongTypes/badArray.gltf", "meshes[0].primitives", "expected an array"},
    {"wrongTypes/badExtension.gltf", "extensions.KHR_texture_transform", "expected an object"},
    {"wrongTypes/badNumber.gltf", "materials[0].normalTexture.scale", "expected a number"},
    {"wrongTypes/badObject.gltf", "materials[0].pbrMetallicRoughness", "expected an object"},
    {"wrongTypes/badString.gltf", "scenes[0].name", "expected a string"},
    {"wrongTypes/badUint.gltf", "baseColorTexture.index", "expected a non-negative integer"},
};

class InvalidFile : public ::testing::TestWithParam<Invalid> {};

}  // namespace

TEST_P(InvalidFile, IsRejectedNamingFileAndField) {
    const Invalid& c = GetParam();
    const std::string path = std::string(ATRIUM_TEST_DATA) + "/gltf/invalid/" + c.file;
    Result<Model> r = importGltf(path);
    ASSERT_FALSE(r.ok()) << c.file << " imported";
    const std::string msg = r.error().toString();
    const std::string name = std::filesystem::path(c.file).filename().string();
    EXPECT_NE(msg.find(name), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.field), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.problem), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(Invalid, InvalidFile, ::testing::ValuesIn(kInvalid), [](const auto& info) {
    std::string name = info.param.file;
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return name;
});

TEST(InvalidFile, EveryFileInTheInvalidSetIsCovered) {
    // A new file dropped into invalid/ must get an entry above.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(ATRIUM_TEST_DATA) + "/gltf/invalid")) {
        std::string ext = e.path().extension().string();
        if (ext == ".gltf" || ext == ".glb") ++files;
    }
    EXPECT_EQ(files, std::size(kInvalid));
}

TEST(InvalidFile, UnsupportedRequiredExtensionIsRejected) {
    const std::string path = ::testing::TempDir() + "/atrium_draco_required.gltf";
    std::ofstream(path) << R"({"asset":{"version":"2.0"},"extensionsUsed":["KHR_draco_mesh_compression"],
        "extensionsRequired":["KHR_draco_mesh_compression"]})";
    Result<Model> r = importGltf(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().toString().find("atrium_draco_required.gltf: extensionsRequired[0]: required extension "
                                        "'KHR_draco_mesh_compression' is not supported"),
              std::string::npos)
        << r.error().toString();
}

TEST(InvalidFile, MorphTargetsAreReportedAsNotImported) {
    Result<Model> r = importGltf(std::string(ATRIUM_TEST_DATA) + "/gltf/models/AnimatedMorphCube/AnimatedMorphCube.gltf");
    ASSERT_TRUE(r.ok()) << r.error().toString();
    bool reported = false;
    for (const std::string& w : r->warnings) reported = reported || w.find("morph targets are not imported") != std::string::npos;
    EXPECT_TRUE(reported);
}

TEST(InvalidFile, IndicesThatDoNotMakeWholeTrianglesAreRejected) {
    // Three vec3 positions and four uint16 indices (0, 1, 2, 0), base64, all inside the buffer.
    const std::string path = ::testing::TempDir() + "/atrium_four_indices.gltf";
    std::ofstream(path) << R"({"asset":{"version":"2.0"},
        "buffers":[{"byteLength":44,"uri":"data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAAAAABAAIAAAA="}],
        "bufferViews":[{"buffer":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":8}],
        "accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
                     {"bufferView":1,"componentType":5123,"count":4,"type":"SCALAR"}],
        "meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1}]}],"nodes":[{"mesh":0}],"scenes":[{"nodes":[0]}]})";
    Result<Model> r = importGltf(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().toString().find("meshes[0].primitives[0].indices: 4 indices do not make whole triangles"), std::string::npos)
        << r.error().toString();
}
