#include "atrium/assets/asset_cache.hpp"

#include <charconv>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/procedural_mesh.hpp"

namespace atrium {

AssetCache::AssetCache(std::filesystem::path root) : root_(std::move(root)) {}

Result<ModelPtr> AssetCache::loadModel(std::string_view ref) {
    std::string key;
    bool builtin = ref.rfind("builtin:", 0) == 0;
    if (builtin) {
        key = std::string(ref);
    } else {
        std::filesystem::path p(ref);
        if (p.is_relative() && !root_.empty()) p = root_ / p;
        std::error_code ec;
        std::filesystem::path canonical = std::filesystem::weakly_canonical(p, ec);
        key = (ec ? p : canonical).string();
    }
    // Loading happens under the lock: two threads asking for one file must share one import,
    // and imports are rare next to lookups.
    std::lock_guard lock(mutex_);
    if (auto it = models_.find(key); it != models_.end()) return it->second;
    Result<Model> loaded = builtin ? makeBuiltinModel(ref) : importGltf(key);
    if (!loaded) return loaded.error();
    ModelPtr model = std::make_shared<const Model>(std::move(loaded).value());
    models_.emplace(key, model);
    return model;
}

Result<MeshRef> AssetCache::resolveMesh(std::string_view meshRef) {
    std::string_view ref = meshRef;
    int index = 0;
    if (std::size_t hash = meshRef.rfind('#'); hash != std::string_view::npos) {
        std::string_view num = meshRef.substr(hash + 1);
        auto res = std::from_chars(num.data(), num.data() + num.size(), index);
        if (res.ec != std::errc() || res.ptr != num.data() + num.size() || index < 0) {
            return Error{"mesh reference \"" + std::string(meshRef) + "\": \"#" + std::string(num) + "\" is not a mesh index"};
        }
        ref = meshRef.substr(0, hash);
    }
    Result<ModelPtr> model = loadModel(ref);
    if (!model) return model.error();
    if (std::size_t(index) >= (*model)->meshes.size()) {
        return Error{"mesh reference \"" + std::string(meshRef) + "\": the model has " + std::to_string((*model)->meshes.size()) + " mesh(es)"};
    }
    return MeshRef{*model, index};
}

std::size_t AssetCache::size() const {
    std::lock_guard lock(mutex_);
    return models_.size();
}

void AssetCache::clear() {
    std::lock_guard lock(mutex_);
    models_.clear();
}

}  // namespace atrium
