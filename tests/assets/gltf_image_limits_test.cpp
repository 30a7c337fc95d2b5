// Images inside a glTF reach stb_image only when they can be decoded safely: their view lies
// inside its buffer, they are PNG or JPEG, and their header's size is within the limits.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/gltf_inspect.hpp"

using namespace atrium;

namespace {

std::string base64(const std::string& bytes) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) out += k[(acc >> (bits -= 6)) & 63];
    }
    if (bits > 0) out += k[(acc << (6 - bits)) & 63];
    while (out.size() % 4) out += '=';
    return out;
}

std::string be32(std::uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

// A PNG signature and IHDR chunk claiming `w` x `h` RGBA pixels, and no pixels.
std::string pngHeader(std::uint32_t w, std::uint32_t h) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) + std::string("\x08\x06\x00\x00\x00", 5) + be32(0);
}

// A textured-less glTF whose only image is `image`, in a buffer, through a view of
// `viewLength` bytes (the image's own length when 0).
std::string gltfWithImage(const std::string& image, std::size_t viewLength = 0) {
    return R"({"asset": {"version": "2.0"}, "buffers": [{"byteLength": )" + std::to_string(image.size()) +
           R"(, "uri": "data:application/octet-stream;base64,)" + base64(image) + R"("}], "bufferViews": [{"buffer": 0, "byteLength": )" +
           std::to_string(viewLength ? viewLength : image.size()) + R"(}], "images": [{"bufferView": 0, "mimeType": "image/png"}],
           "textures": [{"source": 0}], "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}],
           "scenes": [{"nodes": []}]})";
}

std::string write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST(GltfImages, AnImageViewPastTheEndOfItsBufferIsRefusedBeforeAnyDecoderReadsIt) {
    const std::string path = write("view_past.gltf", gltfWithImage(pngHeader(4, 4), 4096));
    for (const Error& e : {importGltf(path).error(), inspectGltf(path).error()}) {
        EXPECT_EQ(e.jsonPath, "bufferViews[0]") << e.toString();
        EXPECT_NE(e.message.find("runs past the end of buffers[0]"), std::string::npos) << e.toString();
    }
}

TEST(GltfImages, AnImageOverTheSizeLimitIsRefusedFromItsHeader) {
    Result<Model> r = importGltf(write("huge.gltf", gltfWithImage(pngHeader(10000, 10000))));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("images[0]: 10000 x 10000 pixels is over the limit"), std::string::npos) << r.error().toString();
}

TEST(GltfImages, OnlyPngAndJpegReachTheDecoder) {
    Result<Model> r = importGltf(write("gif.gltf", gltfWithImage("GIF89a\x04\x00\x04\x00\x80\x00\x00")));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("images[0]: not a PNG or JPEG image"), std::string::npos) << r.error().toString();
}

TEST(GltfImages, ASmallPngInsideItsBufferStillImports) {
    // The limits must not refuse the ordinary case: the BoxTextured sample's PNG.
    Result<Model> r = importGltf(ATRIUM_TEST_DATA "/gltf/models/BoxTextured.glb");
    ASSERT_TRUE(r) << r.error().toString();
    ASSERT_FALSE(r->textures.empty());
}
