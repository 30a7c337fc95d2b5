#include "render/tonemap_pass.hpp"

#include "render/vk_check.hpp"

namespace atrium::render {

TonemapPass::TonemapPass(VkDevice device) : device_(device) {
    VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sci.magFilter = sci.minFilter = VK_FILTER_NEAREST;  // one texel per pixel
    sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VkSampler sampler;
    ATRIUM_VK(vkCreateSampler(device, &sci, nullptr, &sampler));
    sampler_ = Sampler(device, sampler);
}

DescriptorSet TonemapPass::allocateInput(VkDescriptorPool pool, VkDescriptorSetLayout layout, VkImageView hdr) const {
    VkDescriptorSetAllocateInfo dai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    dai.descriptorPool = pool;
    dai.descriptorSetCount = 1;
    dai.pSetLayouts = &layout;
    VkDescriptorSet raw;
    ATRIUM_VK(vkAllocateDescriptorSets(device_, &dai, &raw));
    DescriptorSet set({device_, pool}, raw);
    VkDescriptorImageInfo info{sampler_, hdr, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = set;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w.pImageInfo = &info;
    vkUpdateDescriptorSets(device_, 1, &w, 0, nullptr);
    return set;
}

void TonemapPass::record(VkCommandBuffer cmd, const TonemapDraw& d, VkImageView view, VkExtent2D extent) {
    VkRenderingAttachmentInfo out{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    out.imageView = view;
    out.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    out.loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    out.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &out;
    vkCmdBeginRendering(cmd, &ri);
    VkViewport vp{0.0f, 0.0f, float(extent.width), float(extent.height), 0.0f, 1.0f};
    VkRect2D sc{{0, 0}, extent};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &sc);
    draw(cmd, d);
    vkCmdEndRendering(cmd);
}

void TonemapPass::draw(VkCommandBuffer cmd, const TonemapDraw& d) {
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, d.pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, d.layout, 0, 1, &d.input, 0, nullptr);
    float push[4] = {d.exposure, d.encodeSrgb ? 1.0f : 0.0f, 0.0f, 0.0f};
    vkCmdPushConstants(cmd, d.layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
}

}  // namespace atrium::render
