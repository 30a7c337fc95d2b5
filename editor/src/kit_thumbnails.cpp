#include "kit_thumbnails.hpp"

#include <imgui.h>

#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/kit.hpp"

namespace atrium::editor {

// Bumped when thumbnails should be redrawn (lighting or framing changed).
constexpr int kThumbnailVersion = 1;

KitThumbnails::KitThumbnails(Renderer& renderer, std::filesystem::path cacheDir, std::uint32_t size)
    : renderer_(renderer), cacheDir_(std::move(cacheDir)), size_(size) {}

std::filesystem::path KitThumbnails::cachePath(const std::string& generatorId) const {
    if (cacheDir_.empty()) return {};
    return cacheDir_ / (generatorId + "-" + std::to_string(size_) + "-v" + std::to_string(kThumbnailVersion) + ".png");
}

Result<Image> KitThumbnails::picture(const std::string& generatorId) {
    std::filesystem::path cached = cachePath(generatorId);
    std::error_code ec;
    if (!cached.empty() && std::filesystem::exists(cached, ec)) {
        Result<Image> img = loadImagePng(cached);
        if (img && img->width == size_ && img->height == size_) {
            ++loaded_;
            return img;
        }
    }
    World world;
    Result<Entity> kit = spawnKit(world, generatorId);
    if (!kit) return kit.error();
    world.updateTransforms();
    Aabb bounds = renderer_.worldBounds(world);
    if (bounds.empty()) return Error{"kit \"" + generatorId + "\" generates nothing visible"};
    CameraView view = frameBounds(bounds, 1.0f, 35.0f);
    Result<Image> img = renderer_.renderToImage(world, view, size_, size_);
    if (!img) return img.error();
    ++rendered_;
    if (!cached.empty()) {
        std::filesystem::create_directories(cached.parent_path(), ec);
        if (Status s = saveImagePng(*img, cached); !s.ok()) logWarn("editor", "thumbnail cache: " + s.error().toString());
    }
    return img;
}

UiTexture KitThumbnails::get(const std::string& generatorId) {
    if (auto it = textures_.find(generatorId); it != textures_.end()) return it->second;
    // One new thumbnail per ImGui frame: the rest appear over the next frames.
    auto frame = std::uint64_t(ImGui::GetFrameCount());
    if (frame == frameOfLastRender_) return 0;
    frameOfLastRender_ = frame;
    Result<Image> img = picture(generatorId);
    UiTexture texture = 0;
    if (img) {
        Result<UiTexture> t = renderer_.createUiTexture(img->width, img->height, img->pixels.data());
        if (t) texture = *t;
        else logWarn("editor", "thumbnail \"" + generatorId + "\": " + t.error().toString());
    } else {
        logWarn("editor", "thumbnail \"" + generatorId + "\": " + img.error().toString());
    }
    textures_[generatorId] = texture;
    return texture;
}

}  // namespace atrium::editor
