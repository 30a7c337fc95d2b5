#include "render/main_pass.hpp"

#include <span>

#include "render/batch_draws.hpp"
#include "render/pipeline_table.hpp"
#include "render/render_layouts.hpp"

namespace atrium::render {
namespace {

constexpr VkPipelineStageFlags2 kColorStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
constexpr VkAccessFlags2 kColorWrite = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
constexpr VkPipelineStageFlags2 kDepthStages = VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
constexpr VkAccessFlags2 kDepthAccess = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;

void toAttachments(VkCommandBuffer cmd, const SceneTarget& target, bool msaa) {
    // Contents from the last frame are discarded (UNDEFINED); the source stages order these
    // writes after the previous frame's reads of the same images.
    const GpuImage* colorImages[] = {&*target.hdr, &*target.pick, &*target.hdrMsaa, &*target.pickMsaa};
    for (const GpuImage* img : std::span(colorImages, msaa ? 4 : 2)) {
        imageBarrier(cmd, img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     kColorStage | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE, kColorStage,
                     kColorWrite);
    }
    imageBarrier(cmd, target.depth->image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                 kDepthStages, VK_ACCESS_2_NONE, kDepthStages, kDepthAccess);
}

void beginRendering(VkCommandBuffer cmd, const SceneTarget& target, bool msaa) {
    VkRenderingAttachmentInfo colors[2]{};
    for (int i = 0; i < 2; ++i) {
        colors[i] = {VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        colors[i].imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        colors[i].loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        colors[i].storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    }
    colors[0].imageView = msaa ? target.hdrMsaa->view : target.hdr->view;
    colors[0].clearValue.color = {{0.0f, 0.0f, 0.0f, 1.0f}};
    colors[1].imageView = msaa ? target.pickMsaa->view : target.pick->view;
    colors[1].clearValue.color.uint32[0] = 0;
    if (msaa) {
        colors[0].resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        colors[0].resolveImageView = target.hdr->view;
        colors[0].resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        // Entity ids cannot be averaged: take one sample.
        colors[1].resolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
        colors[1].resolveImageView = target.pick->view;
        colors[1].resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = target.depth->view;
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depth.clearValue.depthStencil = {1.0f, 0};
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, target.extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 2;
    ri.pColorAttachments = colors;
    ri.pDepthAttachment = &depth;
    vkCmdBeginRendering(cmd, &ri);
}

void drawScene(const PassContext& ctx, VkExtent2D extent, const LabelDraw& labels) {
    VkCommandBuffer cmd = ctx.cmd;
    const PipelineSet& p = ctx.pipelines;
    VkViewport vp{0.0f, 0.0f, float(extent.width), float(extent.height), 0.0f, 1.0f};
    VkRect2D sc{{0, 0}, extent};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &sc);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ctx.layouts.mesh, 0, 1, &ctx.frameSet, 0, nullptr);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p[PipelineId::Sky]);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p[PipelineId::Opaque]);
    drawBatches(ctx, BatchPass::Main, ctx.list.opaque, 0, {p[PipelineId::Opaque], p[PipelineId::OpaqueSkinned], VK_NULL_HANDLE});
    if (!ctx.list.blended.empty()) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p[PipelineId::Blend]);
        drawBatches(ctx, BatchPass::Main, ctx.list.blended, 0, {p[PipelineId::Blend], p[PipelineId::BlendSkinned], VK_NULL_HANDLE});
    }
    if (labels.vertexCount != 0) {
        vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, p[PipelineId::Label]);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ctx.layouts.mesh, 1, 1, &labels.atlas, 0, nullptr);
        vkCmdBindVertexBuffers(cmd, 0, 1, &labels.vertices, &labels.offset);
        vkCmdDraw(cmd, labels.vertexCount, 1, 0, 0);
        ++ctx.stats.drawCalls;
    }
}

}  // namespace

void recordMainPass(const PassContext& ctx, const SceneTarget& target, VkSampleCountFlagBits samples, const LabelDraw& labels) {
    bool msaa = samples != VK_SAMPLE_COUNT_1_BIT;
    toAttachments(ctx.cmd, target, msaa);
    beginRendering(ctx.cmd, target, msaa);
    drawScene(ctx, target.extent, labels);
    vkCmdEndRendering(ctx.cmd);
    imageBarrier(ctx.cmd, target.hdr->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, kColorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                 VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    imageBarrier(ctx.cmd, target.pick->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, kColorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                 VK_ACCESS_2_TRANSFER_READ_BIT);
}

}  // namespace atrium::render
