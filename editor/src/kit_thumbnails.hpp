#pragma once
// Thumbnails for the kit library: each generator, spawned with its default parameters into a
// World of its own, rendered offscreen by the engine and handed to the overlay as a texture.
// Rendered pictures are cached as PNGs (keyed by generator and size) so later sessions only
// upload them; at most one is rendered per call to `get`, so opening the library stays smooth.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "atrium/core/error.hpp"
#include "atrium/render/image.hpp"
#include "atrium/render/ui_overlay.hpp"

namespace atrium {
class Renderer;
}

namespace atrium::editor {

class KitThumbnails {
public:
    // `cacheDir` may be empty (no disk cache).
    KitThumbnails(Renderer& renderer, std::filesystem::path cacheDir, std::uint32_t size = 96);

    // The generator's thumbnail texture; 0 while not made yet (try again next frame) or if it
    // cannot be (unknown generator: logged once).
    UiTexture get(const std::string& generatorId);

    // Renders (or loads from the cache) the picture itself.
    Result<Image> picture(const std::string& generatorId);

    std::size_t rendered() const { return rendered_; }  // drawn by the renderer this session
    std::size_t loaded() const { return loaded_; }      // read from the disk cache
    std::filesystem::path cachePath(const std::string& generatorId) const;

private:
    Renderer& renderer_;
    std::filesystem::path cacheDir_;
    std::uint32_t size_;
    std::map<std::string, UiTexture> textures_;  // 0: failed, do not retry
    std::uint64_t frameOfLastRender_ = ~0ull;
    std::size_t rendered_ = 0, loaded_ = 0;
};

}  // namespace atrium::editor
