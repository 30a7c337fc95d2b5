#pragma once
// Move-only owners of Vulkan objects. Each remembers the device (or instance) it came from, so a
// struct of them tears itself down in reverse declaration order and no cleanup list can drift
// out of step with the members. Converts to the raw handle for vkCmd* calls.
#include <utility>

#include <vulkan/vulkan.h>

namespace atrium::render {

template <typename Owner, typename T, void (*Destroy)(Owner, T, const VkAllocationCallbacks*)>
class VkHandle {
public:
    VkHandle() = default;
    VkHandle(Owner owner, T handle) : owner_(owner), handle_(handle) {}
    ~VkHandle() { reset(); }
    VkHandle(VkHandle&& o) noexcept : owner_(o.owner_), handle_(std::exchange(o.handle_, T(VK_NULL_HANDLE))) {}
    VkHandle& operator=(VkHandle&& o) noexcept {
        if (this != &o) {
            reset();
            owner_ = o.owner_;
            handle_ = std::exchange(o.handle_, T(VK_NULL_HANDLE));
        }
        return *this;
    }
    VkHandle(const VkHandle&) = delete;
    VkHandle& operator=(const VkHandle&) = delete;

    operator T() const { return handle_; }
    // For create-info fields that take an array of one (pSetLayouts and the like).
    const T* address() const { return &handle_; }

    void reset() {
        if (handle_ != VK_NULL_HANDLE) Destroy(owner_, handle_, nullptr);
        handle_ = VK_NULL_HANDLE;
    }

private:
    Owner owner_{};
    T handle_ = VK_NULL_HANDLE;
};

using Pipeline = VkHandle<VkDevice, VkPipeline, vkDestroyPipeline>;
using PipelineLayout = VkHandle<VkDevice, VkPipelineLayout, vkDestroyPipelineLayout>;
using DescriptorSetLayout = VkHandle<VkDevice, VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using DescriptorPool = VkHandle<VkDevice, VkDescriptorPool, vkDestroyDescriptorPool>;
using Sampler = VkHandle<VkDevice, VkSampler, vkDestroySampler>;
using Semaphore = VkHandle<VkDevice, VkSemaphore, vkDestroySemaphore>;
using Fence = VkHandle<VkDevice, VkFence, vkDestroyFence>;
using CommandPool = VkHandle<VkDevice, VkCommandPool, vkDestroyCommandPool>;
using Surface = VkHandle<VkInstance, VkSurfaceKHR, vkDestroySurfaceKHR>;

// A descriptor set given back to its pool (the pool needs FREE_DESCRIPTOR_SET_BIT): for sets
// that are replaced while the pool lives on, such as the tonemap input of a resized target.
struct DescriptorPoolRef {
    VkDevice device = VK_NULL_HANDLE;
    VkDescriptorPool pool = VK_NULL_HANDLE;
};
inline void freeDescriptorSet(DescriptorPoolRef from, VkDescriptorSet set, const VkAllocationCallbacks*) {
    vkFreeDescriptorSets(from.device, from.pool, 1, &set);
}
using DescriptorSet = VkHandle<DescriptorPoolRef, VkDescriptorSet, freeDescriptorSet>;

}  // namespace atrium::render
