#pragma once
// The descriptor set and pipeline layouts the scene passes share, and the pool their per-frame
// and per-target sets come from.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "render/vk_handle.hpp"

namespace atrium::render {

struct RenderLayouts {
    DescriptorSetLayout frame;     // set 0 of mesh and shadow pipelines: uniforms, lights, shadow map, instances
    DescriptorSetLayout material;  // set 1: a material's five textures
    DescriptorSetLayout tonemap;   // the HDR image to tonemap
    PipelineLayout mesh;
    // Shadow pipelines share one layout (set 1 and the alpha push are used by the masked one only),
    // so switching between them keeps the frame set and the cascade matrix bound.
    PipelineLayout shadow;
    PipelineLayout tonemapPipeline;

    static RenderLayouts create(VkDevice device);
};

// Sized for every frame in flight's set plus the target's tonemap input (freed and reallocated
// when the target is resized).
DescriptorPool createRendererDescriptorPool(VkDevice device, std::uint32_t framesInFlight);

}  // namespace atrium::render
