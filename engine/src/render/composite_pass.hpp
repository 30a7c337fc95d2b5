#pragma once
// A FrameComposition into its final image (offscreen RGBA8 or a swapchain image): the
// background, the tonemapped scene in its rectangle, then the UI overlay over the whole frame.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "atrium/render/ui_overlay.hpp"
#include "render/tonemap_pass.hpp"
#include "render/ui_pass.hpp"

namespace atrium::render {

struct CompositeTarget {
    VkImageView view;
    VkFormat format;
    VkExtent2D extent;
    bool srgb;  // the attachment encodes on store (an _SRGB format)
};

bool isSrgbFormat(VkFormat format);
// The composition's scene rectangle in target pixels (overlay units scale to the target).
VkRect2D sceneRectIn(const FrameComposition& composition, VkExtent2D extent);
VkExtent2D atLeastOnePixel(VkExtent2D extent);

// `slot`: the frame in flight recording, whose UI buffers are free to rewrite. `tonemap`'s
// encodeSrgb is derived from the target.
void recordComposite(VkCommandBuffer cmd, std::uint32_t slot, const CompositeTarget& target, VkRect2D sceneRect, TonemapDraw tonemap,
                     const FrameComposition& composition, UiPass& ui);

}  // namespace atrium::render
