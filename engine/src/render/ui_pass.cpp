#include "render/ui_pass.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "render/pipelines.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {
namespace {

constexpr std::uint32_t kUiVert[] = {
#include "shaders/ui.vert.inc"
};
constexpr std::uint32_t kUiFrag[] = {
#include "shaders/ui.frag.inc"
};
constexpr std::uint32_t kSetsPerPool = 64;

struct UiPush {
    vec2 scale;
    vec2 translate;
    float decodeSrgb;
};

}  // namespace

UiPass::UiPass(GpuResources& res, std::uint32_t framesInFlight) : res_(res), buffers_(framesInFlight) {
    VkDevice d = res_.device().device();
    VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo lci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    lci.bindingCount = 1;
    lci.pBindings = &binding;
    VkDescriptorSetLayout setLayout;
    ATRIUM_VK(vkCreateDescriptorSetLayout(d, &lci, nullptr, &setLayout));
    setLayout_ = DescriptorSetLayout(d, setLayout);
    VkPushConstantRange range{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(UiPush)};
    VkPipelineLayoutCreateInfo pci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pci.setLayoutCount = 1;
    pci.pSetLayouts = setLayout_.address();
    pci.pushConstantRangeCount = 1;
    pci.pPushConstantRanges = &range;
    VkPipelineLayout layout;
    ATRIUM_VK(vkCreatePipelineLayout(d, &pci, nullptr, &layout));
    layout_ = PipelineLayout(d, layout);
    // Font atlases are drawn at 1:1, so linear filtering only matters for scaled pictures.
    VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sci.magFilter = sci.minFilter = VK_FILTER_LINEAR;
    sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    VkSampler sampler;
    ATRIUM_VK(vkCreateSampler(d, &sci, nullptr, &sampler));
    sampler_ = Sampler(d, sampler);
    const std::uint8_t white[4] = {255, 255, 255, 255};
    createTexture(1, 1, white);
}

UiTexture UiPass::createTexture(std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba) {
    VkDevice d = res_.device().device();
    if (textures_.size() >= kSetsPerPool) throw VulkanError("too many overlay textures (at most 63)");
    if (!pool_) {
        VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kSetsPerPool};
        VkDescriptorPoolCreateInfo ci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        ci.maxSets = kSetsPerPool;
        ci.poolSizeCount = 1;
        ci.pPoolSizes = &size;
        VkDescriptorPool pool;
        ATRIUM_VK(vkCreateDescriptorPool(d, &ci, nullptr, &pool));
        pool_ = DescriptorPool(d, pool);
    }
    Texture t;
    ImageDesc desc;
    desc.format = VK_FORMAT_R8G8B8A8_UNORM;
    desc.extent = {width, height};
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    t.image = UniqueImage(res_, res_.createImage(desc));
    VkImage image = t.image->image;
    VkDeviceSize bytes = VkDeviceSize(width) * height * 4;
    UniqueBuffer staging(res_, res_.createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true));
    std::memcpy(staging->mapped(), rgba, bytes);
    res_.device().immediate([&](VkCommandBuffer cmd) {
        imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {width, height, 1};
        vkCmdCopyBufferToImage(cmd, staging->buffer, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });
    staging.reset();

    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = pool_;
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = setLayout_.address();
    ATRIUM_VK(vkAllocateDescriptorSets(d, &ai, &t.set));
    VkDescriptorImageInfo info{sampler_, t.image->view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = t.set;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w.pImageInfo = &info;
    vkUpdateDescriptorSets(d, 1, &w, 0, nullptr);
    textures_.push_back(std::move(t));
    return UiTexture(textures_.size() - 1);
}

VkPipeline UiPass::pipelineFor(VkFormat format) {
    for (auto& [f, p] : pipelines_) {
        if (f == format) return p;
    }
    PipelineDesc desc;
    desc.vert = kUiVert;
    desc.frag = kUiFrag;
    desc.layout = layout_;
    desc.input = VertexInput::Ui;
    desc.colorFormats = {format};
    desc.alphaBlend = true;
    VkDevice d = res_.device().device();
    pipelines_.emplace_back(format, Pipeline(d, createPipeline(d, desc)));
    return pipelines_.back().second;
}

void UiPass::ensureBuffer(std::uint32_t slot, VkDeviceSize bytes) {
    UniqueBuffer& b = buffers_[slot];
    if (b->size >= bytes) return;
    VkDeviceSize size = std::max<VkDeviceSize>(b->size, 64 * 1024);
    while (size < bytes) size *= 2;
    // The slot's previous frame has completed (its fence was waited on), so nothing reads it.
    b.reset();
    b = UniqueBuffer(res_, res_.createBuffer(size, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT, true));
}

void UiPass::record(VkCommandBuffer cmd, std::uint32_t slot, const UiOverlay& overlay, VkFormat format, VkExtent2D extent, bool targetSrgb) {
    draws_ = 0;
    if (overlay.commands.empty() || overlay.vertices.empty() || overlay.indices.empty()) return;
    if (overlay.displaySize.x <= 0.0f || overlay.displaySize.y <= 0.0f) return;
    VkDeviceSize vertexBytes = overlay.vertices.size() * sizeof(UiVertex);
    VkDeviceSize indexOffset = (vertexBytes + 15) & ~VkDeviceSize(15);
    VkDeviceSize indexBytes = overlay.indices.size() * sizeof(std::uint32_t);
    ensureBuffer(slot, indexOffset + indexBytes);
    const Buffer& b = *buffers_[slot];
    auto* base = static_cast<std::uint8_t*>(b.mapped());
    std::memcpy(base, overlay.vertices.data(), vertexBytes);
    std::memcpy(base + indexOffset, overlay.indices.data(), indexBytes);

    VkPipeline pipeline = pipelineFor(format);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    VkViewport vp{0.0f, 0.0f, float(extent.width), float(extent.height), 0.0f, 1.0f};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    UiPush push{vec2(2.0f / overlay.displaySize.x, 2.0f / overlay.displaySize.y), vec2(-1.0f), targetSrgb ? 1.0f : 0.0f};
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), &push);
    VkDeviceSize zero = 0;
    vkCmdBindVertexBuffers(cmd, 0, 1, &b.buffer, &zero);
    vkCmdBindIndexBuffer(cmd, b.buffer, indexOffset, VK_INDEX_TYPE_UINT32);

    // Clip rectangles are in overlay units; the target may have more pixels (HiDPI).
    vec2 toPixels(float(extent.width) / overlay.displaySize.x, float(extent.height) / overlay.displaySize.y);
    UiTexture bound = ~0u;
    for (const UiDrawCommand& c : overlay.commands) {
        if (c.indexCount == 0) continue;
        if (std::uint64_t(c.firstIndex) + c.indexCount > overlay.indices.size()) continue;  // malformed: skip it
        float x0 = std::clamp(std::floor(c.clipRect.x * toPixels.x), 0.0f, float(extent.width));
        float y0 = std::clamp(std::floor(c.clipRect.y * toPixels.y), 0.0f, float(extent.height));
        float x1 = std::clamp(std::ceil(c.clipRect.z * toPixels.x), 0.0f, float(extent.width));
        float y1 = std::clamp(std::ceil(c.clipRect.w * toPixels.y), 0.0f, float(extent.height));
        if (x1 <= x0 || y1 <= y0) continue;
        VkRect2D scissor{{std::int32_t(x0), std::int32_t(y0)}, {std::uint32_t(x1 - x0), std::uint32_t(y1 - y0)}};
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        UiTexture texture = c.texture < textures_.size() ? c.texture : 0;
        if (texture != bound) {
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout_, 0, 1, &textures_[texture].set, 0, nullptr);
            bound = texture;
        }
        vkCmdDrawIndexed(cmd, c.indexCount, 1, c.firstIndex, std::int32_t(c.vertexOffset), 0);
        ++draws_;
    }
}

}  // namespace atrium::render
