#include "render/gpu_memory.hpp"

#include <algorithm>

#include "render/vk_check.hpp"

namespace atrium::render {

GpuMemory::GpuMemory(VkPhysicalDevice physical, VkDevice device) : device_(device) {
    vkGetPhysicalDeviceMemoryProperties(physical, &props_);
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(physical, &p);
    // Buffers and optimal-tiling images may not share a granularity page; aligning every range
    // to it keeps them apart without tracking which kind each range holds.
    granularity_ = std::max<VkDeviceSize>(1, p.limits.bufferImageGranularity);
}

GpuMemory::~GpuMemory() {
    for (Block& b : blocks_) {
        if (b.memory) vkFreeMemory(device_, b.memory, nullptr);
    }
}

int GpuMemory::findType(std::uint32_t typeBits, VkMemoryPropertyFlags flags) const {
    for (std::uint32_t i = 0; i < props_.memoryTypeCount; ++i) {
        if ((typeBits & (1u << i)) && (props_.memoryTypes[i].propertyFlags & flags) == flags) return int(i);
    }
    return -1;
}

bool GpuMemory::tryAllocate(Block& block, VkDeviceSize size, VkDeviceSize alignment, VkDeviceSize& offset) {
    for (auto it = block.freeRanges.begin(); it != block.freeRanges.end(); ++it) {
        VkDeviceSize start = (it->first + alignment - 1) / alignment * alignment;
        VkDeviceSize end = it->first + it->second;
        if (start + size > end) continue;
        VkDeviceSize rangeStart = it->first;
        block.freeRanges.erase(it);
        if (start > rangeStart) block.freeRanges[rangeStart] = start - rangeStart;
        if (start + size < end) block.freeRanges[start + size] = end - (start + size);
        offset = start;
        return true;
    }
    return false;
}

Allocation GpuMemory::allocate(const VkMemoryRequirements& req, VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred) {
    int type = findType(req.memoryTypeBits, required | preferred);
    if (type < 0) type = findType(req.memoryTypeBits, required);
    if (type < 0) throw VulkanError("no memory type fits the resource");
    VkDeviceSize alignment = std::max(req.alignment, granularity_);
    VkDeviceSize size = (req.size + granularity_ - 1) / granularity_ * granularity_;

    auto finish = [&](std::uint32_t index, VkDeviceSize offset) {
        Block& b = blocks_[index];
        ++live_;
        Allocation a;
        a.memory = b.memory;
        a.offset = offset;
        a.size = size;
        a.mapped = b.mapped ? static_cast<char*>(b.mapped) + offset : nullptr;
        a.memoryType = b.memoryType;
        a.block = index;
        return a;
    };
    for (std::uint32_t i = 0; i < blocks_.size(); ++i) {
        Block& b = blocks_[i];
        VkDeviceSize offset = 0;
        if (b.memory && b.memoryType == std::uint32_t(type) && tryAllocate(b, size, alignment, offset)) return finish(i, offset);
    }

    Block block;
    block.size = std::max(kBlockSize, size);
    block.memoryType = std::uint32_t(type);
    VkMemoryAllocateInfo ai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    ai.allocationSize = block.size;
    ai.memoryTypeIndex = std::uint32_t(type);
    ATRIUM_VK(vkAllocateMemory(device_, &ai, nullptr, &block.memory));
    if (props_.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
        ATRIUM_VK(vkMapMemory(device_, block.memory, 0, VK_WHOLE_SIZE, 0, &block.mapped));
    }
    block.freeRanges[0] = block.size;
    std::uint32_t index = 0;
    while (index < blocks_.size() && blocks_[index].memory) ++index;
    if (index == blocks_.size()) blocks_.emplace_back();
    blocks_[index] = std::move(block);
    VkDeviceSize offset = 0;
    tryAllocate(blocks_[index], size, alignment, offset);
    return finish(index, offset);
}

void GpuMemory::free(Allocation& a) {
    if (!a) return;
    Block& b = blocks_[a.block];
    auto [it, inserted] = b.freeRanges.emplace(a.offset, a.size);
    (void)inserted;
    // Merge with the following and the preceding free range.
    auto next = std::next(it);
    if (next != b.freeRanges.end() && it->first + it->second == next->first) {
        it->second += next->second;
        b.freeRanges.erase(next);
    }
    if (it != b.freeRanges.begin()) {
        auto prev = std::prev(it);
        if (prev->first + prev->second == it->first) {
            prev->second += it->second;
            b.freeRanges.erase(it);
        }
    }
    --live_;
    // A block that is entirely free goes back to the driver so memory does not only grow.
    if (b.freeRanges.size() == 1 && b.freeRanges.begin()->second == b.size) {
        vkFreeMemory(device_, b.memory, nullptr);
        b = Block{};
    }
    a = Allocation{};
}

std::size_t GpuMemory::blockCount() const {
    return std::size_t(std::count_if(blocks_.begin(), blocks_.end(), [](const Block& b) { return b.memory != VK_NULL_HANDLE; }));
}

}  // namespace atrium::render
