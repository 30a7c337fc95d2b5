#include "atrium/assets/asset_cache.hpp"

#include <charconv>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/procedural_mesh.hpp"

namespace atrium {

namespace {

bool isBuiltin(std::string_view ref) { return ref.substr(0, 8) == "builtin:"; }

}  // namespace

AssetCache::AssetCache(std::filesystem::path root) : root_(std::move(root)) {}

Result<ModelPtr> AssetCache::loadModel(std::string_view ref) {
    if (ref.empty()) return Error{"empty model reference", {}, {}, 0};
    std::string key;
    std::filesystem::path path;
    if (isBuiltin(ref)) {
        key = std::string(ref);
    } else {
        path = std::filesystem::path(std::string(ref));
        if (path.is_relative()) path = root_ / path;
        std::error_code ec;
        // One file reached by two spellings ("a/../b.glb", "b.glb") is still one model.
        std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
        key = (ec ? path.lexically_normal() : canonical).string();
    }
    {
        std::lock_guard lock(mutex_);
        if (auto it = models_.find(key); it != models_.end()) return it->second;
    }
    // Load without the lock so that other models load in parallel; if two threads race on one
    // path, the first to insert wins and both return its pointer.
    Result<Model> loaded = isBuiltin(ref) ? makeBuiltinModel(ref) : importGltf(path.string());
    if (!loaded) return loaded.error();
    auto model = std::make_shared<const Model>(std::move(loaded).value());
    std::lock_guard lock(mutex_);
    auto [it, inserted] = models_.emplace(key, model);
    return it->second;
}

Result<MeshRef> AssetCache::resolveMesh(std::string_view meshRef) {
    std::string_view modelRef = meshRef;
    int index = 0;
    if (std::size_t hash = meshRef.rfind('#'); hash != std::string_view::npos) {
        std::string_view digits = meshRef.substr(hash + 1);
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || index < 0)
            return Error{"mesh index '" + std::string(digits) + "' is not a non-negative integer", std::string(meshRef), {}, 0};
        modelRef = meshRef.substr(0, hash);
    }
    Result<ModelPtr> model = loadModel(modelRef);
    if (!model) return model.error();
    if (std::size_t(index) >= (*model)->meshes.size())
        return Error{"mesh " + std::to_string(index) + " out of range (model has " +
                         std::to_string((*model)->meshes.size()) + " meshes)",
                     std::string(meshRef), {}, 0};
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
