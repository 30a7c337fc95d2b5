#pragma once
// The sun's cascaded shadow map: where the cascades go for a camera, and their depth, drawn
// from the render list's shadow batches before the main pass samples them.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "atrium/render/camera_view.hpp"
#include "render/device.hpp"
#include "render/gpu_resources.hpp"
#include "render/gpu_types.hpp"
#include "render/pass_context.hpp"
#include "render/vk_handle.hpp"

namespace atrium::render {

class ShadowPass {
public:
    // `mapSize` is clamped to 256..8192 texels a side.
    ShadowPass(Device& device, GpuResources& res, std::uint32_t mapSize);

    // Fills u.cascadeViewProj and u.cascadeSplits; u.sunDirection must be set.
    void computeCascades(const RenderList& list, const CameraView& cam, float aspect, FrameUniforms& u) const;
    void record(const PassContext& ctx, const FrameUniforms& u) const;

    // The map as the main pass samples it (depth compare, SHADER_READ_ONLY between frames).
    VkDescriptorImageInfo sampled() const { return {sampler_, map_->view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL}; }
    std::uint32_t mapSize() const { return map_->extent.width; }

private:
    UniqueImage map_;
    Sampler sampler_;
};

}  // namespace atrium::render
