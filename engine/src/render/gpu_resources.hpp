#pragma once
// Buffers and images on sub-allocated memory, and the few barrier helpers the passes share.
#include <cstdint>
#include <utility>
#include <vector>

#include <vulkan/vulkan.h>

#include "render/device.hpp"
#include "render/gpu_memory.hpp"

namespace atrium::render {

struct Buffer {
    VkBuffer buffer = VK_NULL_HANDLE;
    Allocation memory;
    VkDeviceSize size = 0;
    void* mapped() const { return memory.mapped; }
};

struct GpuImage {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    Allocation memory;
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{};
    std::uint32_t mipLevels = 1;
    std::uint32_t layers = 1;
    std::vector<VkImageView> layerViews;  // one per array layer when asked for (render targets)
};

struct ImageDesc {
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
    VkExtent2D extent{1, 1};
    VkImageUsageFlags usage = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    std::uint32_t mipLevels = 1;
    std::uint32_t layers = 1;
    bool layerViews = false;
};

// Owns nothing itself: creation and destruction go through the device and the allocator.
class GpuResources {
public:
    GpuResources(Device& device, GpuMemory& memory) : device_(device), memory_(memory) {}

    Buffer createBuffer(VkDeviceSize size, VkBufferUsageFlags usage, bool hostVisible);
    void destroy(Buffer& buffer);
    GpuImage createImage(const ImageDesc& desc);
    void destroy(GpuImage& image);

    // Copies bytes into a device-local buffer through a staging buffer (waits for completion).
    void upload(Buffer& dst, VkDeviceSize offset, const void* data, VkDeviceSize size);

    Device& device() { return device_; }
    GpuMemory& memory() { return memory_; }

private:
    Device& device_;
    GpuMemory& memory_;
};

// A Buffer or GpuImage that gives itself back to its GpuResources when dropped or replaced.
// The renderer's own targets and per-frame buffers use it; resources other owners keep in
// containers (GpuScene, UiPass) are released by those owners.
template <typename R>
class Unique {
public:
    Unique() = default;
    Unique(GpuResources& res, R r) : res_(&res), r_(std::move(r)) {}
    ~Unique() { reset(); }
    Unique(Unique&& o) noexcept : res_(o.res_), r_(std::exchange(o.r_, R{})) {}
    Unique& operator=(Unique&& o) noexcept {
        if (this != &o) {
            reset();
            res_ = o.res_;
            r_ = std::exchange(o.r_, R{});
        }
        return *this;
    }
    Unique(const Unique&) = delete;
    Unique& operator=(const Unique&) = delete;

    const R& operator*() const { return r_; }
    const R* operator->() const { return &r_; }

    void reset() {
        if (res_) res_->destroy(r_);
    }

private:
    GpuResources* res_ = nullptr;
    R r_{};
};

using UniqueBuffer = Unique<Buffer>;
using UniqueImage = Unique<GpuImage>;

VkImageAspectFlags aspectOf(VkFormat format);

// A synchronization2 image barrier over all mips and layers.
void imageBarrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to,
                  VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage, VkAccessFlags2 dstAccess,
                  std::uint32_t baseMip = 0, std::uint32_t mipCount = VK_REMAINING_MIP_LEVELS);

// A synchronization2 global memory barrier.
void memoryBarrier(VkCommandBuffer cmd, VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage,
                   VkAccessFlags2 dstAccess);

// Makes transfer writes (readbacks) visible to the host once the submission's fence signals.
void hostReadBarrier(VkCommandBuffer cmd);

}  // namespace atrium::render
