#include "render/gpu_resources.hpp"

#include <cstring>

#include "render/vk_check.hpp"

namespace atrium::render {

VkImageAspectFlags aspectOf(VkFormat format) {
    switch (format) {
        case VK_FORMAT_D32_SFLOAT:
        case VK_FORMAT_D16_UNORM: return VK_IMAGE_ASPECT_DEPTH_BIT;
        case VK_FORMAT_D24_UNORM_S8_UINT:
        case VK_FORMAT_D32_SFLOAT_S8_UINT: return VK_IMAGE_ASPECT_DEPTH_BIT | VK_IMAGE_ASPECT_STENCIL_BIT;
        default: return VK_IMAGE_ASPECT_COLOR_BIT;
    }
}

Buffer GpuResources::createBuffer(VkDeviceSize size, VkBufferUsageFlags usage, bool hostVisible) {
    Buffer b;
    b.size = size;
    VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bci.size = size;
    bci.usage = usage | (hostVisible ? 0 : VK_BUFFER_USAGE_TRANSFER_DST_BIT);
    bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    ATRIUM_VK(vkCreateBuffer(device_.device(), &bci, nullptr, &b.buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(device_.device(), b.buffer, &req);
    try {
        b.memory = hostVisible ? memory_.allocate(req, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT)
                               : memory_.allocate(req, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        ATRIUM_VK(vkBindBufferMemory(device_.device(), b.buffer, b.memory.memory, b.memory.offset));
    } catch (...) {
        destroy(b);
        throw;
    }
    return b;
}

void GpuResources::destroy(Buffer& b) {
    if (b.buffer) vkDestroyBuffer(device_.device(), b.buffer, nullptr);
    memory_.free(b.memory);
    b = Buffer{};
}

GpuImage GpuResources::createImage(const ImageDesc& desc) {
    GpuImage img;
    img.format = desc.format;
    img.extent = desc.extent;
    img.mipLevels = desc.mipLevels;
    img.layers = desc.layers;
    VkImageCreateInfo ici{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    ici.imageType = VK_IMAGE_TYPE_2D;
    ici.format = desc.format;
    ici.extent = {desc.extent.width, desc.extent.height, 1};
    ici.mipLevels = desc.mipLevels;
    ici.arrayLayers = desc.layers;
    ici.samples = desc.samples;
    ici.tiling = VK_IMAGE_TILING_OPTIMAL;
    ici.usage = desc.usage;
    ici.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    ici.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    ATRIUM_VK(vkCreateImage(device_.device(), &ici, nullptr, &img.image));
    try {
        VkMemoryRequirements req;
        vkGetImageMemoryRequirements(device_.device(), img.image, &req);
        img.memory = memory_.allocate(req, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        ATRIUM_VK(vkBindImageMemory(device_.device(), img.image, img.memory.memory, img.memory.offset));
        VkImageViewCreateInfo vci{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        vci.image = img.image;
        vci.viewType = desc.layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
        vci.format = desc.format;
        vci.subresourceRange = {aspectOf(desc.format), 0, desc.mipLevels, 0, desc.layers};
        ATRIUM_VK(vkCreateImageView(device_.device(), &vci, nullptr, &img.view));
        if (desc.layerViews) {
            for (std::uint32_t l = 0; l < desc.layers; ++l) {
                vci.viewType = VK_IMAGE_VIEW_TYPE_2D;
                vci.subresourceRange = {aspectOf(desc.format), 0, 1, l, 1};
                VkImageView v;
                ATRIUM_VK(vkCreateImageView(device_.device(), &vci, nullptr, &v));
                img.layerViews.push_back(v);
            }
        }
    } catch (...) {
        destroy(img);
        throw;
    }
    return img;
}

void GpuResources::destroy(GpuImage& img) {
    for (VkImageView v : img.layerViews) vkDestroyImageView(device_.device(), v, nullptr);
    if (img.view) vkDestroyImageView(device_.device(), img.view, nullptr);
    if (img.image) vkDestroyImage(device_.device(), img.image, nullptr);
    memory_.free(img.memory);
    img = GpuImage{};
}

void GpuResources::upload(Buffer& dst, VkDeviceSize offset, const void* data, VkDeviceSize size) {
    if (size == 0) return;
    Buffer staging = createBuffer(size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true);
    std::memcpy(staging.mapped(), data, size);
    try {
        device_.immediate([&](VkCommandBuffer cmd) {
            VkBufferCopy region{0, offset, size};
            vkCmdCopyBuffer(cmd, staging.buffer, dst.buffer, 1, &region);
        });
    } catch (...) {
        destroy(staging);
        throw;
    }
    destroy(staging);
}

void imageBarrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                  VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage, VkAccessFlags2 dstAccess,
                  std::uint32_t baseMip, std::uint32_t mipCount) {
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = srcStage;
    b.srcAccessMask = srcAccess;
    b.dstStageMask = dstStage;
    b.dstAccessMask = dstAccess;
    b.oldLayout = from;
    b.newLayout = to;
    b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {aspect, baseMip, mipCount, 0, VK_REMAINING_ARRAY_LAYERS};
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.imageMemoryBarrierCount = 1;
    dep.pImageMemoryBarriers = &b;
    vkCmdPipelineBarrier2(cmd, &dep);
}

void memoryBarrier(VkCommandBuffer cmd, VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage,
                   VkAccessFlags2 dstAccess) {
    VkMemoryBarrier2 mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    mb.srcStageMask = srcStage;
    mb.srcAccessMask = srcAccess;
    mb.dstStageMask = dstStage;
    mb.dstAccessMask = dstAccess;
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.memoryBarrierCount = 1;
    dep.pMemoryBarriers = &mb;
    vkCmdPipelineBarrier2(cmd, &dep);
}

void hostReadBarrier(VkCommandBuffer cmd) {
    memoryBarrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_HOST_BIT,
                  VK_ACCESS_2_HOST_READ_BIT);
}

}  // namespace atrium::render
