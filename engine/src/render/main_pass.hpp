#pragma once
// The scene into the HDR and pick-id target: sky, opaque batches, blended batches back to front,
// then world-space labels; multisampled targets resolve at the end of the rendering.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "render/pass_context.hpp"
#include "render/scene_target.hpp"

namespace atrium::render {

// This frame's label quads (labels.hpp), in the frame's ring buffer.
struct LabelDraw {
    VkBuffer vertices = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    std::uint32_t vertexCount = 0;
    VkDescriptorSet atlas = VK_NULL_HANDLE;
};

// Leaves hdr ready to sample and pick ready to copy.
void recordMainPass(const PassContext& ctx, const SceneTarget& target, VkSampleCountFlagBits samples, const LabelDraw& labels);

}  // namespace atrium::render
