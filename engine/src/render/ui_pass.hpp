#pragma once
// Draws a UiOverlay into the colour attachment of a rendering the caller has begun (dynamic
// rendering, one colour attachment, no depth). Owns the overlay's textures, its pipelines (one
// per target format) and per-frame-in-flight vertex and index buffers.
#include <cstdint>
#include <utility>
#include <vector>

#include <vulkan/vulkan.h>

#include "atrium/render/ui_overlay.hpp"
#include "render/gpu_resources.hpp"
#include "render/vk_handle.hpp"

namespace atrium::render {

class UiPass {
public:
    UiPass(GpuResources& res, std::uint32_t framesInFlight);
    UiPass(const UiPass&) = delete;
    UiPass& operator=(const UiPass&) = delete;

    // Uploads RGBA8 pixels (rows top to bottom); waits for the copy.
    UiTexture createTexture(std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba);

    // Records the overlay's draws. `slot` is the frame in flight whose fence has been waited
    // on, so its buffers are free to rewrite. `targetSrgb`: the attachment encodes on store.
    void record(VkCommandBuffer cmd, std::uint32_t slot, const UiOverlay& overlay, VkFormat format, VkExtent2D extent, bool targetSrgb);

    std::uint32_t drawCount() const { return draws_; }  // of the last record()

private:
    struct Texture {
        UniqueImage image;
        VkDescriptorSet set = VK_NULL_HANDLE;
    };
    VkPipeline pipelineFor(VkFormat format);
    void ensureBuffer(std::uint32_t slot, VkDeviceSize bytes);

    GpuResources& res_;
    // Destroyed in reverse: buffers and textures first, the layouts last.
    DescriptorSetLayout setLayout_;
    PipelineLayout layout_;
    DescriptorPool pool_;  // texture sets go with it
    Sampler sampler_;
    std::vector<std::pair<VkFormat, Pipeline>> pipelines_;
    std::vector<Texture> textures_;      // [0] is 1x1 white, for commands without a texture
    std::vector<UniqueBuffer> buffers_;  // per frame in flight: vertices, then indices
    std::uint32_t draws_ = 0;
};

}  // namespace atrium::render
