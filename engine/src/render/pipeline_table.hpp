#pragma once
// Every graphics pipeline the renderer's passes use, described in one table (pipeline_table.cpp)
// and built in one loop. The UI pass keeps its own, one per target format.
#include <array>
#include <cstdint>

#include <vulkan/vulkan.h>

#include "render/pipelines.hpp"
#include "render/vk_handle.hpp"

namespace atrium::render {

enum class PipelineId : std::uint8_t {
    Sky,
    Opaque,
    OpaqueSkinned,
    Blend,
    BlendSkinned,
    Label,
    Shadow,
    ShadowMasked,
    ShadowSkinned,
    Tonemap,
    Count
};

// The layouts and attachment formats the table's rows refer to.
struct PipelineTargets {
    VkPipelineLayout mesh = VK_NULL_HANDLE;
    VkPipelineLayout shadow = VK_NULL_HANDLE;
    VkPipelineLayout tonemap = VK_NULL_HANDLE;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;  // of the scene target
    VkFormat output = VK_FORMAT_UNDEFINED;                  // where tonemapping writes
};

// Pipeline `id` as the table describes it, for `targets`.
PipelineDesc describePipeline(PipelineId id, const PipelineTargets& targets);

class PipelineSet {
public:
    void build(VkDevice device, const PipelineTargets& targets);
    VkPipeline operator[](PipelineId id) const { return pipelines_[std::size_t(id)]; }

private:
    std::array<Pipeline, std::size_t(PipelineId::Count)> pipelines_;
};

}  // namespace atrium::render
