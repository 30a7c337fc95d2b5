#pragma once
// The HDR scene to display values: a fullscreen triangle sampling the target's hdr image, with
// the venue's exposure; encodes sRGB itself unless the attachment does on store.
#include <vulkan/vulkan.h>

#include "render/scene_target.hpp"
#include "render/vk_handle.hpp"

namespace atrium::render {

struct TonemapDraw {
    VkPipeline pipeline;
    VkPipelineLayout layout;
    VkDescriptorSet input;  // SceneTarget::tonemapSet
    float exposure;
    bool encodeSrgb;
};

class TonemapPass {
public:
    explicit TonemapPass(VkDevice device);

    // The set `draw` samples `hdr` through, from `pool`.
    DescriptorSet allocateInput(VkDescriptorPool pool, VkDescriptorSetLayout layout, VkImageView hdr) const;

    // A rendering of its own over the whole of `view` (`extent` texels), contents discarded first.
    static void record(VkCommandBuffer cmd, const TonemapDraw& draw, VkImageView view, VkExtent2D extent);
    // The draw alone, inside a rendering whose viewport the caller has set.
    static void draw(VkCommandBuffer cmd, const TonemapDraw& draw);

private:
    VkDevice device_;
    Sampler sampler_;
};

}  // namespace atrium::render
