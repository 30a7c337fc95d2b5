#pragma once
// The local bounds of mesh references for picking and framing: each reference ("builtin:seat",
// "models/chair.glb#1") is resolved through an asset cache once and its mesh's bounds kept.
// A reference that cannot be loaded, or has no extent, counts as the unit box.
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>

#include "atrium/assets/asset_cache.hpp"

namespace atrium::editor {

class MeshBounds {
public:
    // Relative references resolve against `root` (the venue file's folder); a new root forgets
    // what was resolved against the old one.
    void setRoot(const std::filesystem::path& root);
    std::pair<vec3, vec3> of(const std::string& meshRef) const;
    std::size_t known() const { return known_.size(); }

private:
    mutable AssetCache cache_;
    mutable std::unordered_map<std::string, std::pair<vec3, vec3>> known_;
};

}  // namespace atrium::editor
