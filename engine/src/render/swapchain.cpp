#include "render/swapchain.hpp"

#include <algorithm>

#include "render/vk_check.hpp"

namespace atrium::render {

Swapchain::Swapchain(Device& device, VkSurfaceKHR surface, bool vsync) : device_(device), surface_(surface), vsync_(vsync) {
    VkBool32 supported = VK_FALSE;
    ATRIUM_VK(vkGetPhysicalDeviceSurfaceSupportKHR(device.physical(), device.queueFamily(), surface, &supported));
    if (!supported) throw VulkanError("the graphics queue cannot present to this window");
    std::uint32_t count = 0;
    vkGetPhysicalDeviceSurfaceFormatsKHR(device.physical(), surface, &count, nullptr);
    std::vector<VkSurfaceFormatKHR> formats(count);
    vkGetPhysicalDeviceSurfaceFormatsKHR(device.physical(), surface, &count, formats.data());
    if (formats.empty()) throw VulkanError("the window surface offers no formats");
    // UNORM first: the tone mapper encodes sRGB itself, as it does for offscreen images.
    auto pick = formats.front();
    for (VkFormat want : {VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM}) {
        auto it = std::find_if(formats.begin(), formats.end(), [&](const VkSurfaceFormatKHR& f) {
            return f.format == want && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
        });
        if (it != formats.end()) {
            pick = *it;
            break;
        }
    }
    format_ = pick.format;
    colorSpace_ = pick.colorSpace;
}

Swapchain::~Swapchain() {
    destroyImages();
    if (swapchain_) vkDestroySwapchainKHR(device_.device(), swapchain_, nullptr);
}

void Swapchain::destroyImages() {
    for (VkImageView v : views_) vkDestroyImageView(device_.device(), v, nullptr);
    for (VkSemaphore s : renderFinished_) vkDestroySemaphore(device_.device(), s, nullptr);
    views_.clear();
    renderFinished_.clear();
    images_.clear();
}

bool Swapchain::recreate(VkExtent2D size) {
    VkSurfaceCapabilitiesKHR caps;
    ATRIUM_VK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(device_.physical(), surface_, &caps));
    VkExtent2D extent = caps.currentExtent;
    if (extent.width == 0xFFFFFFFFu) {
        extent.width = std::clamp(size.width, caps.minImageExtent.width, caps.maxImageExtent.width);
        extent.height = std::clamp(size.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    if (extent.width == 0 || extent.height == 0) return false;
    vkDeviceWaitIdle(device_.device());
    destroyImages();

    std::uint32_t imageCount = caps.minImageCount + 1;
    if (caps.maxImageCount > 0) imageCount = std::min(imageCount, caps.maxImageCount);
    VkPresentModeKHR mode = VK_PRESENT_MODE_FIFO_KHR;  // always available
    if (!vsync_) {
        std::uint32_t n = 0;
        vkGetPhysicalDeviceSurfacePresentModesKHR(device_.physical(), surface_, &n, nullptr);
        std::vector<VkPresentModeKHR> modes(n);
        vkGetPhysicalDeviceSurfacePresentModesKHR(device_.physical(), surface_, &n, modes.data());
        for (VkPresentModeKHR m : modes) {
            if (m == VK_PRESENT_MODE_MAILBOX_KHR || m == VK_PRESENT_MODE_IMMEDIATE_KHR) mode = m;
        }
    }
    VkSwapchainCreateInfoKHR ci{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    ci.surface = surface_;
    ci.minImageCount = imageCount;
    ci.imageFormat = format_;
    ci.imageColorSpace = colorSpace_;
    ci.imageExtent = extent;
    ci.imageArrayLayers = 1;
    // Copies of presented frames (Renderer::windowCapture) need TRANSFER_SRC where offered.
    copyable_ = (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT) != 0;
    ci.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | (copyable_ ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT : 0);
    ci.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    ci.preTransform = caps.currentTransform;
    ci.compositeAlpha = (caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR)
                            ? VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR
                            : VkCompositeAlphaFlagBitsKHR(caps.supportedCompositeAlpha & -caps.supportedCompositeAlpha);
    ci.presentMode = mode;
    ci.clipped = VK_TRUE;
    ci.oldSwapchain = swapchain_;
    VkSwapchainKHR created;
    ATRIUM_VK(vkCreateSwapchainKHR(device_.device(), &ci, nullptr, &created));
    if (swapchain_) vkDestroySwapchainKHR(device_.device(), swapchain_, nullptr);
    swapchain_ = created;
    extent_ = extent;

    std::uint32_t n = 0;
    vkGetSwapchainImagesKHR(device_.device(), swapchain_, &n, nullptr);
    images_.resize(n);
    vkGetSwapchainImagesKHR(device_.device(), swapchain_, &n, images_.data());
    for (VkImage img : images_) {
        VkImageViewCreateInfo vci{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        vci.image = img;
        vci.viewType = VK_IMAGE_VIEW_TYPE_2D;
        vci.format = format_;
        vci.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
        VkImageView v;
        ATRIUM_VK(vkCreateImageView(device_.device(), &vci, nullptr, &v));
        views_.push_back(v);
        VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VkSemaphore s;
        ATRIUM_VK(vkCreateSemaphore(device_.device(), &sci, nullptr, &s));
        renderFinished_.push_back(s);
    }
    return true;
}

}  // namespace atrium::render
