#pragma once
// The draw loop the shadow and main passes share: one indexed, instanced draw per batch,
// changing cull mode, material and pipeline only where the batch needs another.
#include <cstdint>
#include <vector>

#include "render/pass_context.hpp"
#include "render/render_list.hpp"

namespace atrium::render {

enum class BatchPass { Shadow, Main };

struct BatchPipelines {
    VkPipeline rigid;  // bound by the caller before the loop
    VkPipeline skinned;
    VkPipeline masked;  // shadow pass only: alpha-tested casters
};

// `orderBase`: where these batches' draw order starts in the frame's order buffer.
void drawBatches(const PassContext& ctx, BatchPass pass, const std::vector<Batch>& batches, std::uint32_t orderBase,
                 const BatchPipelines& pipelines);

}  // namespace atrium::render
