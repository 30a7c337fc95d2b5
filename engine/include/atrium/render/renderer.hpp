#pragma once
// The Vulkan renderer's face: reads a World (and the assets it references) and draws it into
// an offscreen image or a window. Owns GPU state only and never writes the World.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/core/error.hpp"
#include "atrium/render/camera_view.hpp"
#include "atrium/render/image.hpp"
#include "atrium/render/ui_overlay.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

class CrowdAnimation;
class Window;

struct RendererOptions {
    // Validation layers: also turned on by the environment variable ATRIUM_VALIDATION=1.
    bool validation = false;
    std::uint32_t msaaSamples = 4;  // clamped to what the device supports; 1 turns MSAA off
    std::uint32_t shadowMapSize = 2048;
    bool instancing = true;  // false draws every instance separately (for benchmarks)
    bool shadows = true;
    // Threads that extract a big venue (over 16,384 MeshRenderers) together: 0 picks one per
    // hardware thread (at most 8), 1 keeps extraction on the rendering thread.
    std::uint32_t extractThreads = 0;
    // Draw into this window with drawToWindow() (it must outlive the renderer); null: offscreen only.
    Window* window = nullptr;
    bool vsync = true;
    // Avatar name tags: only the nearest this many are drawn, fading out towards nameTagFadeEnd
    // metres from the eye.
    std::uint32_t nameTagLimit = 32;
    float nameTagFadeStart = 12.0f;
    float nameTagFadeEnd = 30.0f;
    // Pixels on a side of the glyph atlas labels are drawn from (64 x 64 a glyph): glyphs are
    // added on first use and the least recently used evicted when it is full.
    std::uint32_t glyphAtlasSize = 2048;
};

// Text in the world, always facing the camera (signs, captions, reactions). Avatars with a
// display name get a name tag automatically. Drawn in the venue's font (VenueSettings::font):
// Noto with per-character fallback, shaped by HarfBuzz (joined Arabic, Thai and Indic clusters,
// right-to-left runs), one line.
struct WorldLabel {
    vec3 position{0.0f};   // bottom centre of the text
    std::string text;      // UTF-8 in any script; ill-formed bytes draw as U+FFFD
    float height = 0.25f;  // metres per line
    vec4 color{1.0f};
    // 0: always `height` metres. Otherwise the label grows with distance so that its line is
    // never shorter than this many pixels on screen (avatar name tags use 13).
    float minPixelHeight = 0.0f;
};

struct RenderStats {
    std::uint32_t drawCalls = 0;  // mesh draws in the main pass
    std::uint32_t shadowDrawCalls = 0;
    std::uint32_t instances = 0;         // MeshRenderer primitives considered
    std::uint32_t visibleInstances = 0;  // after frustum culling
    std::uint32_t lightsInView = 0;
    std::uint64_t triangles = 0;
    double extractMs = 0.0;           // World -> render list, culling and batching
    double recordMs = 0.0;            // command recording and uploads of per-frame data
    std::uint32_t missingAssets = 0;  // mesh references that failed to resolve (logged once)
    std::uint32_t labelGlyphs = 0;    // glyph quads of this frame's labels and name tags
    // Since the renderer was made: glyphs drawn into the atlas (re-adds included), and glyphs
    // evicted to make room.
    std::uint64_t glyphsRasterized = 0;
    std::uint64_t glyphsEvicted = 0;
};

class Renderer {
public:
    static Result<std::unique_ptr<Renderer>> create(const RendererOptions& options = {});
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Mesh references resolve through this cache (relative paths against its root).
    AssetCache& assets();

    // Draws the world as seen from `camera` into a width x height image and reads it back.
    // The world's transforms must be current (World::updateTransforms()).
    Result<Image> renderToImage(const World& world, const CameraView& camera, std::uint32_t width, std::uint32_t height);

    // Draws one frame into the window given at creation and presents it, with two frames in
    // flight. A minimised window skips drawing; resizes and out-of-date swapchains rebuild it.
    Status drawToWindow(const World& world, const CameraView& camera);

    // Composed frames: the scene into composition.scene, the overlay over the whole frame.
    // renderToImage's image is width x height (the overlay's displaySize maps onto it).
    Result<Image> renderToImage(const World& world, const CameraView& camera, const FrameComposition& composition, std::uint32_t width,
                                std::uint32_t height);
    Status drawToWindow(const World& world, const CameraView& camera, const FrameComposition& composition);

    // An RGBA8 picture (rows top to bottom) for overlays to sample, e.g. a UI font atlas. The
    // handle lives as long as the renderer.
    Result<UiTexture> createUiTexture(std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba);

    // The next drawToWindow also copies the frame it presents; windowCapture() then returns it
    // (RGBA8, waiting for the GPU). For tests and screenshots of the real window.
    void captureNextWindowFrame();
    Result<Image> windowCapture();

    // The entity under pixel (x, y) of the last renderToImage or window frame, or null. With a
    // FrameComposition, (x, y) count from the top-left of the scene rectangle.
    Entity pick(const World& world, std::uint32_t x, std::uint32_t y) const;

    // Bounds of everything drawable in the world (world space), for framing a camera.
    Aabb worldBounds(const World& world);

    // A MediaScreen entity (with a MeshRenderer for its surface) shows these pixels, RGBA8 rows
    // top to bottom, as an emissive picture from the next frame on. Call whenever the picture
    // changes (slides, video frames); a new size reallocates the texture.
    Status setMediaScreenPixels(Entity screen, std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba);

    // Labels drawn every frame from now on, in addition to avatar name tags.
    void setLabels(std::vector<WorldLabel> labels);

    // Avatars with an empty Avatar::model are drawn as the built-in mannequin of their look,
    // posed by this crowd (it must outlive the renderer or be replaced first); the last call
    // wins. Null, the default: avatars stand idle in the default look.
    void setCrowd(const CrowdAnimation* crowd);
    const CrowdAnimation* crowd() const;

    // Skinned meshes (glTF skins) play their model's first animation, looping, at this time.
    void setAnimationTime(double seconds);

    const RenderStats& stats() const;
    std::string deviceName() const;
    bool validationEnabled() const;
    std::uint32_t msaaSamples() const;

private:
    struct Impl;
    explicit Renderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Validation-layer warnings and errors reported since the process started (every one is also
// logged on channel "vulkan"). Tests assert this stays 0.
std::uint64_t vulkanValidationMessageCount();

}  // namespace atrium
