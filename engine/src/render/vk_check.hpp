#pragma once
// Vulkan failures inside the renderer throw VulkanError carrying the call, its VkResult and
// the source line; the public Renderer API catches it and returns an atrium::Error.
#include <stdexcept>
#include <string>

#include <vulkan/vulkan.h>

namespace atrium::render {

const char* toString(VkResult result);

struct VulkanError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void throwVulkanError(const char* call, VkResult result, const char* file, int line);

}  // namespace atrium::render

#define ATRIUM_VK(call)                                                                                                        \
    do {                                                                                                                       \
        VkResult atrium_vk_result_ = (call);                                                                                   \
        if (atrium_vk_result_ != VK_SUCCESS) ::atrium::render::throwVulkanError(#call, atrium_vk_result_, __FILE__, __LINE__); \
    } while (0)
