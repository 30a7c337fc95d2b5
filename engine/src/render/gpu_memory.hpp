#pragma once
// A block sub-allocator: device memory comes in large blocks per memory type, and buffers and
// images take aligned ranges of them (first fit, neighbours merged on free). Vulkan limits the
// number of live allocations (often 4096), so one allocation per resource does not scale.
#include <cstdint>
#include <map>
#include <vector>

#include <vulkan/vulkan.h>

namespace atrium::render {

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    void* mapped = nullptr;  // host-visible memory stays mapped for its lifetime
    std::uint32_t memoryType = 0;
    std::uint32_t block = 0;
    explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

class GpuMemory {
public:
    static constexpr VkDeviceSize kBlockSize = 64ull << 20;

    GpuMemory(VkPhysicalDevice physical, VkDevice device);
    ~GpuMemory();
    GpuMemory(const GpuMemory&) = delete;
    GpuMemory& operator=(const GpuMemory&) = delete;

    // `required` must be present; host-visible memory is mapped.
    Allocation allocate(const VkMemoryRequirements& requirements, VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred = 0);
    void free(Allocation& allocation);

    std::size_t blockCount() const;
    std::size_t liveAllocations() const { return live_; }

private:
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        void* mapped = nullptr;
        std::uint32_t memoryType = 0;
        std::map<VkDeviceSize, VkDeviceSize> freeRanges;  // offset -> size
    };
    int findType(std::uint32_t typeBits, VkMemoryPropertyFlags flags) const;
    bool tryAllocate(Block& block, VkDeviceSize size, VkDeviceSize alignment, VkDeviceSize& offset);

    VkDevice device_;
    VkPhysicalDeviceMemoryProperties props_{};
    VkDeviceSize granularity_ = 1;
    std::vector<Block> blocks_;
    std::size_t live_ = 0;
};

}  // namespace atrium::render
