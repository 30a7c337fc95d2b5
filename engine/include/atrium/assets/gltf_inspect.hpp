#pragma once
// What a glTF file says about itself that importGltf() does not keep: the sizes its images
// decode to (read from their headers, nothing decoded, so a budget can refuse a texture bomb
// before it takes memory) and a VRM humanoid's bone table (VRM 0.x "VRM", VRM 1.0 "VRMC_vrm").
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium {

struct GltfInspection {
    struct ImageSize {
        std::uint32_t width = 0, height = 0;  // 0 x 0: the header could not be read
    };
    std::vector<ImageSize> images;
    // Bytes of the buffers and images a .gltf keeps in files beside it (0 for a .glb or data URIs).
    std::uint64_t externalBytes = 0;
    // "0.x", "1.0", or empty for a file without a VRM humanoid.
    std::string vrmVersion;
    // (VRM bone name as written, e.g. "leftUpperLeg"; node index), in file order.
    std::vector<std::pair<std::string, int>> vrmHumanBones;

    // Every image as RGBA8 with its mipmap chain (a third more), as the renderer would hold it.
    std::uint64_t decodedTextureBytes() const;
};

// Reads `path` (.gltf or .glb). Errors name the file: not glTF, a malformed VRM bone table.
Result<GltfInspection> inspectGltf(const std::string& path);

}  // namespace atrium
