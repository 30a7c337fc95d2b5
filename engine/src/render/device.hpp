#pragma once
// The Vulkan instance, the chosen physical device and the logical device with one graphics
// queue. Vulkan 1.3 core only: dynamic rendering and synchronization2 are required features.
#include <cstdint>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace atrium::render {

struct DeviceOptions {
    bool validation = false;
    std::vector<const char*> instanceExtensions;  // e.g. what GLFW needs for a surface
    bool swapchain = false;
};

class Device {
public:
    explicit Device(const DeviceOptions& options);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkInstance instance() const { return instance_; }
    VkPhysicalDevice physical() const { return physical_; }
    VkDevice device() const { return device_; }
    VkQueue queue() const { return queue_; }
    std::uint32_t queueFamily() const { return queueFamily_; }
    const VkPhysicalDeviceProperties& properties() const { return properties_; }
    bool validation() const { return validation_; }
    bool swapchainSupported() const { return swapchain_; }
    VkSampleCountFlagBits maxSamples(std::uint32_t requested) const;

    // Records with `record` into a one-time command buffer, submits it and waits.
    template <typename F>
    void immediate(F&& record) {
        VkCommandBuffer cmd = beginImmediate();
        record(cmd);
        endImmediate(cmd);
    }

private:
    void createInstance(const DeviceOptions& options, const VkDebugUtilsMessengerCreateInfoEXT& debugInfo);
    void choosePhysical(const DeviceOptions& options);
    void createLogical(const DeviceOptions& options);
    void destroy();
    VkCommandBuffer beginImmediate();
    void endImmediate(VkCommandBuffer cmd);

    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    std::uint32_t queueFamily_ = 0;
    VkPhysicalDeviceProperties properties_{};
    VkCommandPool immediatePool_ = VK_NULL_HANDLE;
    VkFence immediateFence_ = VK_NULL_HANDLE;
    VkSampleCountFlags integerSampleCounts_ = VK_SAMPLE_COUNT_1_BIT;
    bool validation_ = false;
    bool swapchain_ = false;
};

}  // namespace atrium::render
