#pragma once
// The window's swapchain: images to present, rebuilt on resize or when the surface says it is
// out of date. Present-complete semaphores are per image so one is never reused while the
// presentation engine may still wait on it.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "render/device.hpp"

namespace atrium::render {

class Swapchain {
public:
    Swapchain(Device& device, VkSurfaceKHR surface, bool vsync);
    ~Swapchain();
    Swapchain(const Swapchain&) = delete;
    Swapchain& operator=(const Swapchain&) = delete;

    // (Re)creates for the given framebuffer size; false when the size is zero (minimised).
    bool recreate(VkExtent2D size);
    bool valid() const { return swapchain_ != VK_NULL_HANDLE; }

    VkSwapchainKHR handle() const { return swapchain_; }
    VkFormat format() const { return format_; }
    VkExtent2D extent() const { return extent_; }
    VkImage image(std::uint32_t i) const { return images_[i]; }
    VkImageView view(std::uint32_t i) const { return views_[i]; }
    VkSemaphore renderFinished(std::uint32_t i) const { return renderFinished_[i]; }
    bool copyable() const { return copyable_; }  // images can be a transfer source

private:
    void destroyImages();

    Device& device_;
    VkSurfaceKHR surface_;
    bool vsync_;
    VkSwapchainKHR swapchain_ = VK_NULL_HANDLE;
    VkFormat format_ = VK_FORMAT_UNDEFINED;
    VkColorSpaceKHR colorSpace_ = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
    VkExtent2D extent_{};
    bool copyable_ = false;
    std::vector<VkImage> images_;
    std::vector<VkImageView> views_;
    std::vector<VkSemaphore> renderFinished_;
};

}  // namespace atrium::render
