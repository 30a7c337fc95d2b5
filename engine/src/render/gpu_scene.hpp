#pragma once
// GPU copies of what the World references: mesh primitives, textures (with mipmaps) and
// materials (a descriptor set plus push constants). Resolves MeshRenderer components to
// Renderables with dense draw keys, and batches every new upload into one submission.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <vulkan/vulkan.h>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/text/glyph_atlas.hpp"
#include "render/gpu_resources.hpp"
#include "render/gpu_types.hpp"
#include "render/render_list.hpp"

namespace atrium::render {

struct GpuPrimitive {
    Buffer vertices;
    Buffer indices;
    Buffer skin;  // SkinVertex stream; empty for rigid primitives
    std::uint32_t indexCount = 0;
    bool skinned() const { return skin.buffer != VK_NULL_HANDLE; }
};

struct GpuMaterial {
    VkDescriptorSet set = VK_NULL_HANDLE;
    MaterialPush push;
    bool blend = false;
    bool doubleSided = false;
};

struct DrawKey {
    std::uint32_t primitive;
    std::uint32_t material;
};

class GpuScene final : public RenderableResolver {
public:
    GpuScene(GpuResources& resources, AssetCache& assets, VkDescriptorSetLayout materialLayout);
    ~GpuScene() override;
    GpuScene(const GpuScene&) = delete;
    GpuScene& operator=(const GpuScene&) = delete;

    const Renderable* resolve(Entity e, const MeshRenderer& mr) override;
    std::uint32_t drawKeyCount() const override { return std::uint32_t(drawKeys_.size()); }
    const Renderable* resolveScreen(Entity e, const MeshRenderer& mr, const MediaScreen& screen) override;
    const Renderable* resolveMannequin(BodyPreset preset) override;
    const Renderable* resolveAvatarModel(const AvatarModel& avatar) override;

    // New pixels for a MediaScreen entity (RGBA8, rows top to bottom); uploaded at the next flush.
    void setScreenPixels(Entity e, std::uint32_t width, std::uint32_t height, std::vector<std::uint8_t> pixels);

    const DrawKey& drawKey(std::uint32_t key) const { return drawKeys_[key]; }
    const GpuPrimitive& primitive(std::uint32_t index) const { return primitives_[index]; }
    const GpuMaterial& material(std::uint32_t index) const { return materials_[index]; }

    // Uploads everything created since the last call (one staging buffer, one submission).
    // A material set whose base colour texture is the glyph atlas (signed distance in red),
    // created on first use; the rows `atlas` changed since the last call go out with the next
    // flushUploads (glyph_atlas_upload.cpp).
    VkDescriptorSet glyphAtlasSet(text::GlyphAtlas& atlas);
    void flushUploads();
    std::uint32_t missingAssets() const { return std::uint32_t(failed_.size()); }

private:
    // Copies every pending buffer, texture and screen picture through `staging` (sized for all).
    void recordUploads(VkCommandBuffer cmd, const Buffer& staging);
    void recordGlyphUpload(VkCommandBuffer cmd, const Buffer& staging, VkDeviceSize offset);
    struct TextureEntry {
        GpuImage image;
        VkSampler sampler = VK_NULL_HANDLE;
    };
    struct PendingBuffer {
        VkBuffer dst;
        std::vector<std::uint8_t> bytes;
    };
    struct PendingTexture {
        std::uint32_t texture;
        const std::uint8_t* pixels;  // owned by a kept-alive model or by pendingPixels_
    };
    struct ScreenEntry {
        std::uint32_t generation = ~0u;
        std::string mesh;
        std::uint32_t texture = ~0u;
        std::uint32_t material = ~0u;
        std::unique_ptr<Renderable> renderable;
        float emissive = 1.0f;
    };
    struct PendingScreen {
        std::uint32_t generation;
        std::uint32_t width, height;
        std::vector<std::uint8_t> pixels;
    };
    struct EntityCache {
        std::uint32_t generation = ~0u;
        std::string mesh;
        std::string material;
        const Renderable* renderable = nullptr;
    };

    const Renderable* resolveUncached(const MeshRenderer& mr);
    std::uint32_t primitiveFor(const MeshPrimitive& prim, bool skinned);
    std::uint32_t materialFor(const ModelPtr& model, int index, const std::string& overrideRef);
    std::uint32_t textureFor(const ModelPtr& model, int index, bool srgb);
    std::uint32_t defaultTexture(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a);
    std::uint32_t createTexture(std::uint32_t w, std::uint32_t h, const std::uint8_t* pixels, bool srgb, const Sampler& sampler);
    void writeMaterialSet(VkDescriptorSet set, const std::uint32_t (&textures)[5]);
    void applyPendingScreen(Entity e, ScreenEntry& entry);
    VkSampler samplerFor(const Sampler& s);
    VkDescriptorSet allocateSet();

    GpuResources& res_;
    AssetCache& assets_;
    VkDescriptorSetLayout materialLayout_;
    std::vector<VkDescriptorPool> pools_;
    std::uint32_t setsLeftInPool_ = 0;

    std::vector<GpuPrimitive> primitives_;
    std::unordered_map<std::uint64_t, std::uint32_t> primitiveIndex_;  // primitive address and skinning
    std::vector<GpuMaterial> materials_;
    std::unordered_map<std::string, std::uint32_t> materialIndex_;
    std::vector<TextureEntry> textures_;
    std::unordered_map<std::string, std::uint32_t> textureIndex_;
    std::unordered_map<std::uint64_t, VkSampler> samplers_;
    std::vector<DrawKey> drawKeys_;
    std::unordered_map<std::uint64_t, std::uint32_t> drawKeyIndex_;
    std::unordered_map<std::string, std::unique_ptr<Renderable>> renderables_;
    // By BodyPreset; the meshes stay alive because primitives are keyed by their address.
    std::unique_ptr<Renderable> mannequins_[kBodyPresets.size()];
    std::vector<std::unique_ptr<Mesh>> mannequinMeshes_;
    // Custom avatars by their CPU model, which keepAlive_ holds (primitives are keyed by address).
    std::unordered_map<const Model*, std::unique_ptr<Renderable>> avatarModels_;
    std::vector<ModelPtr> keepAlive_;  // primitive pointers above stay valid while we hold these
    std::unordered_set<std::string> failed_;
    std::vector<EntityCache> entityCache_;
    std::unordered_map<std::uint32_t, ScreenEntry> screens_;                          // by entity index
    std::unordered_map<std::uint32_t, PendingScreen> pendingScreens_;                 // pixels not yet on the GPU
    std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> screenUpdates_;  // texture, pixels

    std::vector<PendingBuffer> pendingBuffers_;
    std::vector<PendingTexture> pendingTextures_;
    struct GlyphUpload {
        std::uint32_t texture = 0;
        const text::GlyphAtlas* atlas = nullptr;  // whose pixels the texture holds
        VkDescriptorSet set = VK_NULL_HANDLE;
        bool fresh = false;          // never uploaded: no earlier contents to keep or wait for
        std::uint32_t firstRow = 0;  // rows in `bytes`
        std::vector<std::uint8_t> bytes;
    } glyphUpload_;
    std::vector<std::vector<std::uint8_t>> pendingPixels_;  // owned copies for default textures
};

}  // namespace atrium::render
