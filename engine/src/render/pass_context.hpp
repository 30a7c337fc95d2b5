#pragma once
// What the scene passes record with: the frame's command buffer and descriptor set, the render
// list extraction built, and the renderer's shared GPU state. Built once per frame on the stack.
#include <vulkan/vulkan.h>

#include "atrium/render/renderer.hpp"

namespace atrium::render {

class GpuScene;
class PipelineSet;
struct RenderLayouts;
struct RenderList;

struct PassContext {
    VkCommandBuffer cmd;
    VkDescriptorSet frameSet;
    const RenderList& list;
    const GpuScene& scene;
    const PipelineSet& pipelines;
    const RenderLayouts& layouts;
    RenderStats& stats;
};

}  // namespace atrium::render
