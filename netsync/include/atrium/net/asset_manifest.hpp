#pragma once
// What a server offers of its venue: the venue file and every file it references, found by
// walking the venue JSON's asset fields (meshRenderer.mesh and .material, collider.mesh,
// avatar.model, mediaScreen.source, kit.material, the venue-level "avatars" list) and the
// `uri`s of the glTF files among them (.gltf and .glb: buffers and images). "builtin:"
// references, data: URIs and URLs name no file. Nothing else is ever served.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/asset_transfer.hpp"

namespace atrium::net {

struct VenueAssetLimits {
    std::uint64_t fileMaxBytes = kDefaultAssetFileMaxBytes;
    std::uint64_t venueMaxBytes = kDefaultVenueMaxBytes;
};

struct VenueAssets {
    AssetManifest manifest;
    std::vector<std::filesystem::path> files;  // where each entry's bytes are read, by index
};

// Hashes every file. A reference that escapes the venue's folder, names a missing file or goes
// over a limit is an error naming the venue file, the field and the path.
Result<VenueAssets> collectVenueAssets(const std::filesystem::path& venueFile, const VenueAssetLimits& limits = {});

}  // namespace atrium::net
