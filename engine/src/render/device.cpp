#include "render/device.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"
#include "render/vk_check.hpp"

namespace atrium {
namespace {
std::atomic<std::uint64_t> gValidationMessages{0};
}

std::uint64_t vulkanValidationMessageCount() { return gValidationMessages.load(); }

namespace render {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL onDebugMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT,
                                              const VkDebugUtilsMessengerCallbackDataEXT* data, void*) {
    const char* text = data && data->pMessage ? data->pMessage : "(no message)";
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        ++gValidationMessages;
        logError("vulkan", text);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        ++gValidationMessages;
        logWarn("vulkan", text);
    } else {
        logDebug("vulkan", text);
    }
    return VK_FALSE;
}

bool layerAvailable(const char* name) {
    std::uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const auto& l : layers) {
        if (std::strcmp(l.layerName, name) == 0) return true;
    }
    return false;
}

bool deviceExtensionAvailable(VkPhysicalDevice device, const char* name) {
    std::uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> exts(count);
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, exts.data());
    for (const auto& e : exts) {
        if (std::strcmp(e.extensionName, name) == 0) return true;
    }
    return false;
}

VkDebugUtilsMessengerCreateInfoEXT messengerInfo() {
    VkDebugUtilsMessengerCreateInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    info.pfnUserCallback = onDebugMessage;
    return info;
}

// Higher is better: discrete GPUs first, then integrated, virtual, and CPU implementations.
int deviceScore(const VkPhysicalDeviceProperties& p) {
    switch (p.deviceType) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
        case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
        default: return 0;
    }
}

// The first queue family with graphics, or -1.
int graphicsFamily(VkPhysicalDevice d) {
    std::uint32_t qcount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(d, &qcount, nullptr);
    std::vector<VkQueueFamilyProperties> queues(qcount);
    vkGetPhysicalDeviceQueueFamilyProperties(d, &qcount, queues.data());
    for (std::uint32_t i = 0; i < qcount; ++i) {
        if (queues[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) return int(i);
    }
    return -1;
}

// Vulkan 1.3 with dynamic rendering and synchronization2 (and a swapchain when asked for).
bool suitable(VkPhysicalDevice d, const VkPhysicalDeviceProperties& p, const DeviceOptions& options) {
    if (p.apiVersion < VK_API_VERSION_1_3) return false;
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceFeatures2 f2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    f2.pNext = &f13;
    vkGetPhysicalDeviceFeatures2(d, &f2);
    if (!f13.dynamicRendering || !f13.synchronization2) return false;
    return !options.swapchain || deviceExtensionAvailable(d, VK_KHR_SWAPCHAIN_EXTENSION_NAME);
}

}  // namespace

Device::Device(const DeviceOptions& options) {
    const char* env = std::getenv("ATRIUM_VALIDATION");
    bool wantValidation = options.validation || (env && std::string(env) == "1");
    if (wantValidation && !layerAvailable(kValidationLayer)) {
        logWarn("render", "validation requested but VK_LAYER_KHRONOS_validation is not installed");
        wantValidation = false;
    }
    validation_ = wantValidation;
    VkDebugUtilsMessengerCreateInfoEXT debugInfo = messengerInfo();
    createInstance(options, debugInfo);
    try {
        if (validation_) {
            auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
                vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
            if (create) ATRIUM_VK(create(instance_, &debugInfo, nullptr, &messenger_));
        }
        choosePhysical(options);
        createLogical(options);
        VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
        pci.queueFamilyIndex = queueFamily_;
        ATRIUM_VK(vkCreateCommandPool(device_, &pci, nullptr, &immediatePool_));
        VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        ATRIUM_VK(vkCreateFence(device_, &fci, nullptr, &immediateFence_));
    } catch (...) {
        destroy();
        throw;
    }
    logInfo("render", std::string("Vulkan device: ") + properties_.deviceName + (validation_ ? " (validation on)" : ""));
}

void Device::createInstance(const DeviceOptions& options, const VkDebugUtilsMessengerCreateInfoEXT& debugInfo) {
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "Atrium";
    app.pEngineName = "Atrium";
    app.apiVersion = VK_API_VERSION_1_3;

    std::vector<const char*> extensions = options.instanceExtensions;
    std::vector<const char*> layers;
    if (validation_) {
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
        layers.push_back(kValidationLayer);
    }
    VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    ici.pApplicationInfo = &app;
    ici.enabledExtensionCount = std::uint32_t(extensions.size());
    ici.ppEnabledExtensionNames = extensions.data();
    ici.enabledLayerCount = std::uint32_t(layers.size());
    ici.ppEnabledLayerNames = layers.data();
    if (validation_) ici.pNext = &debugInfo;  // also catches problems in instance creation itself
    ATRIUM_VK(vkCreateInstance(&ici, nullptr, &instance_));
}

void Device::choosePhysical(const DeviceOptions& options) {
    std::uint32_t count = 0;
    vkEnumeratePhysicalDevices(instance_, &count, nullptr);
    std::vector<VkPhysicalDevice> devices(count);
    vkEnumeratePhysicalDevices(instance_, &count, devices.data());
    int bestScore = -1;
    for (VkPhysicalDevice d : devices) {
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(d, &p);
        if (!suitable(d, p, options)) continue;
        int family = graphicsFamily(d);
        if (family < 0) continue;
        int score = deviceScore(p);
        if (score > bestScore) {
            bestScore = score;
            physical_ = d;
            queueFamily_ = std::uint32_t(family);
            properties_ = p;
        }
    }
    if (!physical_) throw VulkanError("no Vulkan 1.3 device with dynamic rendering and synchronization2 found");

    // The picking attachment is integer, so MSAA must suit integer formats too.
    VkPhysicalDeviceVulkan12Properties p12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_PROPERTIES};
    VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    p2.pNext = &p12;
    vkGetPhysicalDeviceProperties2(physical_, &p2);
    integerSampleCounts_ = p12.framebufferIntegerColorSampleCounts;
}

void Device::createLogical(const DeviceOptions& options) {
    VkPhysicalDeviceFeatures supported;
    vkGetPhysicalDeviceFeatures(physical_, &supported);
    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    f13.dynamicRendering = VK_TRUE;
    f13.synchronization2 = VK_TRUE;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &f13;
    features.features.samplerAnisotropy = supported.samplerAnisotropy;
    // Blended colour over an integer picking attachment that must not blend.
    if (!supported.independentBlend) throw VulkanError("the device lacks independentBlend");
    features.features.independentBlend = VK_TRUE;

    float priority = 1.0f;
    VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    qci.queueFamilyIndex = queueFamily_;
    qci.queueCount = 1;
    qci.pQueuePriorities = &priority;
    std::vector<const char*> deviceExtensions;
    swapchain_ = options.swapchain;
    if (swapchain_) deviceExtensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
    VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    dci.pNext = &features;
    dci.queueCreateInfoCount = 1;
    dci.pQueueCreateInfos = &qci;
    dci.enabledExtensionCount = std::uint32_t(deviceExtensions.size());
    dci.ppEnabledExtensionNames = deviceExtensions.data();
    ATRIUM_VK(vkCreateDevice(physical_, &dci, nullptr, &device_));
    vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);
}

Device::~Device() { destroy(); }

void Device::destroy() {
    if (device_) {
        vkDeviceWaitIdle(device_);
        if (immediateFence_) vkDestroyFence(device_, immediateFence_, nullptr);
        if (immediatePool_) vkDestroyCommandPool(device_, immediatePool_, nullptr);
        vkDestroyDevice(device_, nullptr);
        device_ = VK_NULL_HANDLE;
    }
    if (messenger_) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy) destroy(instance_, messenger_, nullptr);
        messenger_ = VK_NULL_HANDLE;
    }
    if (instance_) {
        vkDestroyInstance(instance_, nullptr);
        instance_ = VK_NULL_HANDLE;
    }
}

VkSampleCountFlagBits Device::maxSamples(std::uint32_t requested) const {
    VkSampleCountFlags counts = properties_.limits.framebufferColorSampleCounts & properties_.limits.framebufferDepthSampleCounts &
                                integerSampleCounts_;
    for (std::uint32_t s : {8u, 4u, 2u}) {
        if (s <= requested && (counts & s)) return VkSampleCountFlagBits(s);
    }
    return VK_SAMPLE_COUNT_1_BIT;
}

VkCommandBuffer Device::beginImmediate() {
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = immediatePool_;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VkCommandBuffer cmd;
    ATRIUM_VK(vkAllocateCommandBuffers(device_, &ai, &cmd));
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    ATRIUM_VK(vkBeginCommandBuffer(cmd, &bi));
    return cmd;
}

void Device::endImmediate(VkCommandBuffer cmd) {
    ATRIUM_VK(vkEndCommandBuffer(cmd));
    VkCommandBufferSubmitInfo cbi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cbi.commandBuffer = cmd;
    VkSubmitInfo2 si{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    si.commandBufferInfoCount = 1;
    si.pCommandBufferInfos = &cbi;
    ATRIUM_VK(vkQueueSubmit2(queue_, 1, &si, immediateFence_));
    ATRIUM_VK(vkWaitForFences(device_, 1, &immediateFence_, VK_TRUE, UINT64_MAX));
    ATRIUM_VK(vkResetFences(device_, 1, &immediateFence_));
    vkFreeCommandBuffers(device_, immediatePool_, 1, &cmd);
}

}  // namespace render
}  // namespace atrium
