#include "render/batch_draws.hpp"

#include <cstddef>

#include "render/gpu_scene.hpp"
#include "render/gpu_types.hpp"
#include "render/render_layouts.hpp"

namespace atrium::render {
namespace {

constexpr VkShaderStageFlags kPushStages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;

void bindMaterial(const PassContext& ctx, BatchPass pass, const GpuMaterial& mat) {
    if (pass == BatchPass::Main) {
        vkCmdBindDescriptorSets(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ctx.layouts.mesh, 1, 1, &mat.set, 0, nullptr);
        vkCmdPushConstants(ctx.cmd, ctx.layouts.mesh, kPushStages, 0, sizeof(MaterialPush), &mat.push);
        return;
    }
    vkCmdBindDescriptorSets(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ctx.layouts.shadow, 1, 1, &mat.set, 0, nullptr);
    vec4 alpha(mat.push.baseColor.a, mat.push.params.z, 0.0f, 0.0f);
    vkCmdPushConstants(ctx.cmd, ctx.layouts.shadow, kPushStages, offsetof(ShadowPush, alpha), sizeof(vec4), &alpha);
}

}  // namespace

void drawBatches(const PassContext& ctx, BatchPass pass, const std::vector<Batch>& batches, std::uint32_t orderBase,
                 const BatchPipelines& pipelines) {
    const bool shadow = pass == BatchPass::Shadow;
    VkCommandBuffer cmd = ctx.cmd;
    VkCullModeFlags currentCull = ~0u;
    VkPipeline currentPipeline = pipelines.rigid;  // the caller bound the rigid pipeline
    std::uint32_t currentMaterial = ~0u;
    for (const Batch& b : batches) {
        const DrawKey& key = ctx.scene.drawKey(b.drawKey);
        const GpuPrimitive& prim = ctx.scene.primitive(key.primitive);
        const GpuMaterial& mat = ctx.scene.material(key.material);
        VkCullModeFlags cull = shadow || mat.doubleSided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT;
        if (cull != currentCull) {
            vkCmdSetCullMode(cmd, cull);
            currentCull = cull;
        }
        // Alpha-masked materials cast cut-out shadows (skinned ones still cast solid ones).
        bool maskedShadow = shadow && (mat.push.flags & kMaterialAlphaMask) != 0 && !prim.skinned();
        if ((!shadow || maskedShadow) && key.material != currentMaterial) {
            bindMaterial(ctx, pass, mat);
            currentMaterial = key.material;
        }
        VkPipeline want = prim.skinned() ? pipelines.skinned : maskedShadow ? pipelines.masked : pipelines.rigid;
        if (want != currentPipeline) {
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, want);
            currentPipeline = want;
        }
        VkBuffer vbs[2] = {prim.vertices.buffer, prim.skin.buffer};
        VkDeviceSize offsets[2] = {0, 0};
        vkCmdBindVertexBuffers(cmd, 0, prim.skinned() ? 2 : 1, vbs, offsets);
        vkCmdBindIndexBuffer(cmd, prim.indices.buffer, 0, VK_INDEX_TYPE_UINT32);
        // gl_InstanceIndex starts at firstInstance: the batch's place in the draw order.
        vkCmdDrawIndexed(cmd, prim.indexCount, b.instanceCount, 0, 0, orderBase + b.firstInstance);
        if (shadow) {
            ++ctx.stats.shadowDrawCalls;
        } else {
            ++ctx.stats.drawCalls;
            ctx.stats.triangles += std::uint64_t(prim.indexCount / 3) * b.instanceCount;
        }
    }
}

}  // namespace atrium::render
