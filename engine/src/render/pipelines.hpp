#pragma once
// Graphics pipelines for dynamic rendering (no render pass objects), built from one description.
#include <cstdint>
#include <span>
#include <vector>

#include <vulkan/vulkan.h>

namespace atrium::render {

// ShadowMaskedMesh: ShadowMesh plus texture coordinates and tint, for the alpha test.
enum class VertexInput { None, Mesh, ShadowMesh, ShadowMaskedMesh, Label, Ui };

struct PipelineDesc {
    std::span<const std::uint32_t> vert;
    std::span<const std::uint32_t> frag;  // empty: depth only
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VertexInput input = VertexInput::None;
    bool skinned = false;  // adds the joints and weights stream (binding 2)
    std::vector<VkFormat> colorFormats;
    VkFormat depthFormat = VK_FORMAT_UNDEFINED;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    bool depthTest = false;
    bool depthWrite = false;
    bool alphaBlend = false;  // attachment 0 blends over; others are not written
    bool depthBias = false;   // dynamic depth bias (shadow maps)
    bool depthClamp = false;
};

VkPipeline createPipeline(VkDevice device, const PipelineDesc& desc);

}  // namespace atrium::render
