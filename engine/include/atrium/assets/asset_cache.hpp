#pragma once
// Loads each model once and shares it: a path loaded twice returns the same ModelPtr.
// Mesh references ("builtin:box", "models/chair.glb#2") resolve through here.
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "atrium/assets/model.hpp"
#include "atrium/core/error.hpp"

namespace atrium {

struct MeshRef {
    ModelPtr model;
    int mesh = 0;
    const Mesh& get() const { return model->meshes[std::size_t(mesh)]; }
};

class AssetCache {
public:
    // Relative paths resolve against `root` (usually the venue file's folder).
    explicit AssetCache(std::filesystem::path root = {});

    void setRoot(std::filesystem::path root) { root_ = std::move(root); }
    const std::filesystem::path& root() const { return root_; }

    // "builtin:NAME[?k=v&...]" gives a procedural model; anything else is a glTF path.
    Result<ModelPtr> loadModel(std::string_view ref);
    // "ref#N" selects mesh N of the model (default 0).
    Result<MeshRef> resolveMesh(std::string_view meshRef);

    std::size_t size() const;
    void clear();

private:
    std::filesystem::path root_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, ModelPtr> models_;
};

}  // namespace atrium
