#include "atrium/assets/gltf_inspect.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <stb/stb_image.h>
#include <tiny_gltf.h>

#include "gltf_schema.hpp"

namespace atrium {
namespace {

// Installed as tinygltf's image loader: reads the header for the size, decodes nothing.
bool measureImage(tinygltf::Image* image, const int index, std::string*, std::string*, int, int, const unsigned char* bytes, int size,
                  void* user) {
    auto& sizes = *static_cast<std::vector<GltfInspection::ImageSize>*>(user);
    if (index < 0) return true;
    if (sizes.size() <= std::size_t(index)) sizes.resize(std::size_t(index) + 1);
    int w = 0, h = 0, channels = 0;
    if (bytes && size > 0 && stbi_info_from_memory(bytes, size, &w, &h, &channels) && w > 0 && h > 0) {
        sizes[std::size_t(index)] = {std::uint32_t(w), std::uint32_t(h)};
    }
    image->width = w;
    image->height = h;
    return true;
}

// VRM 0.x: "humanBones": [{"bone": "hips", "node": 3}, ...].
Status readVrm0(const tinygltf::Value& vrm, GltfInspection& out) {
    const std::string at = "extensions.VRM.humanoid.humanBones";
    if (!vrm.IsObject() || !vrm.Has("humanoid") || !vrm.Get("humanoid").Has("humanBones")) return Error{"missing", "", at};
    const tinygltf::Value& bones = vrm.Get("humanoid").Get("humanBones");
    if (!bones.IsArray()) return Error{"expected an array", "", at};
    for (std::size_t i = 0; i < bones.ArrayLen(); ++i) {
        const tinygltf::Value& b = bones.Get(int(i));
        const std::string item = at + "[" + std::to_string(i) + "]";
        if (!b.IsObject() || !b.Has("bone") || !b.Get("bone").IsString() || !b.Has("node") || !b.Get("node").IsNumber())
            return Error{"expected {\"bone\": name, \"node\": index}", "", item};
        out.vrmHumanBones.emplace_back(b.Get("bone").Get<std::string>(), b.Get("node").GetNumberAsInt());
    }
    out.vrmVersion = "0.x";
    return Ok{};
}

// VRM 1.0: "humanBones": {"hips": {"node": 3}, ...}.
Status readVrm1(const tinygltf::Value& vrm, GltfInspection& out) {
    const std::string at = "extensions.VRMC_vrm.humanoid.humanBones";
    if (!vrm.IsObject() || !vrm.Has("humanoid") || !vrm.Get("humanoid").Has("humanBones")) return Error{"missing", "", at};
    const tinygltf::Value& bones = vrm.Get("humanoid").Get("humanBones");
    if (!bones.IsObject()) return Error{"expected an object", "", at};
    for (const std::string& name : bones.Keys()) {
        const tinygltf::Value& b = bones.Get(name);
        if (!b.IsObject() || !b.Has("node") || !b.Get("node").IsNumber()) return Error{"expected {\"node\": index}", "", at + "." + name};
        out.vrmHumanBones.emplace_back(name, b.Get("node").GetNumberAsInt());
    }
    out.vrmVersion = "1.0";
    return Ok{};
}

}  // namespace

std::uint64_t GltfInspection::decodedTextureBytes() const {
    std::uint64_t total = 0;
    for (const ImageSize& s : images) total += std::uint64_t(s.width) * s.height * 4u * 4u / 3u;
    return total;
}

Result<GltfInspection> inspectGltf(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Error{"no such file", path};
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    // The same checks as an import (views inside their buffers, nesting, indices) before
    // tinygltf, which trusts them; no file checks: the inspection reports what is missing.
    if (Status s = checkGltfSchema(bytes, {}, false); !s.ok()) {
        Error e = s.error();
        e.file = path;
        return e;
    }
    GltfInspection out;
    tinygltf::TinyGLTF loader;
    loader.SetImageLoader(measureImage, &out.images);
    tinygltf::Model src;
    std::string err, warn;
    bool ok = false;
    try {
        const std::string baseDir = std::filesystem::path(path).parent_path().string();
        const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
        ok = bytes.compare(0, 4, "glTF") == 0 ? loader.LoadBinaryFromMemory(&src, &err, &warn, data, unsigned(bytes.size()), baseDir)
                                              : loader.LoadASCIIFromString(&src, &err, &warn, bytes.data(), unsigned(bytes.size()), baseDir);
    } catch (const std::exception& e) {
        return Error{std::string("invalid glTF: ") + e.what(), path};
    }
    if (!ok) return Error{"invalid glTF: " + (err.empty() ? warn : err), path};
    out.images.resize(src.images.size());
    auto external = [](const std::string& uri) { return !uri.empty() && uri.rfind("data:", 0) != 0; };
    for (const tinygltf::Buffer& b : src.buffers) out.externalBytes += external(b.uri) ? b.data.size() : 0;
    for (const tinygltf::Image& img : src.images) {
        if (!external(img.uri)) continue;
        std::error_code sizeError;
        const std::uintmax_t n = std::filesystem::file_size(std::filesystem::path(path).parent_path() / img.uri, sizeError);
        out.externalBytes += sizeError ? 0 : n;
    }
    Status vrm = Ok{};
    if (auto it = src.extensions.find("VRMC_vrm"); it != src.extensions.end()) vrm = readVrm1(it->second, out);
    else if (auto it0 = src.extensions.find("VRM"); it0 != src.extensions.end()) vrm = readVrm0(it0->second, out);
    if (!vrm.ok()) {
        Error e = vrm.error();
        e.file = path;
        return e;
    }
    return out;
}

}  // namespace atrium
