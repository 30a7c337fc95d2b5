#include "render/composite_pass.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::render {

bool isSrgbFormat(VkFormat f) { return f == VK_FORMAT_B8G8R8A8_SRGB || f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_A8B8G8R8_SRGB_PACK32; }

VkRect2D sceneRectIn(const FrameComposition& c, VkExtent2D extent) {
    if (c.scene.width <= 0.0f || c.scene.height <= 0.0f) return {{0, 0}, extent};
    vec2 scale(1.0f);
    if (c.overlay && c.overlay->displaySize.x > 0.0f && c.overlay->displaySize.y > 0.0f) {
        scale = vec2(float(extent.width), float(extent.height)) / c.overlay->displaySize;
    }
    auto clampX = [&](float v) { return std::clamp(std::round(v * scale.x), 0.0f, float(extent.width)); };
    auto clampY = [&](float v) { return std::clamp(std::round(v * scale.y), 0.0f, float(extent.height)); };
    float x0 = clampX(c.scene.x), x1 = clampX(c.scene.x + c.scene.width);
    float y0 = clampY(c.scene.y), y1 = clampY(c.scene.y + c.scene.height);
    return {{std::int32_t(x0), std::int32_t(y0)}, {std::uint32_t(std::max(0.0f, x1 - x0)), std::uint32_t(std::max(0.0f, y1 - y0))}};
}

VkExtent2D atLeastOnePixel(VkExtent2D e) { return {std::max(e.width, 1u), std::max(e.height, 1u)}; }

void recordComposite(VkCommandBuffer cmd, std::uint32_t slot, const CompositeTarget& target, VkRect2D sceneRect, TonemapDraw tonemap,
                     const FrameComposition& composition, UiPass& ui) {
    VkRenderingAttachmentInfo out{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    out.imageView = target.view;
    out.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    out.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    out.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    vec4 bg = composition.background;
    if (target.srgb) {  // the clear colour is a display value; an _SRGB attachment encodes it
        auto decode = [](float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); };
        bg = vec4(decode(bg.r), decode(bg.g), decode(bg.b), bg.a);
    }
    out.clearValue.color = {{bg.r, bg.g, bg.b, bg.a}};
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, target.extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &out;
    vkCmdBeginRendering(cmd, &ri);
    if (sceneRect.extent.width > 0 && sceneRect.extent.height > 0) {
        VkViewport vp{
            float(sceneRect.offset.x), float(sceneRect.offset.y), float(sceneRect.extent.width), float(sceneRect.extent.height), 0.0f, 1.0f};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sceneRect);
        tonemap.encodeSrgb = !target.srgb;
        TonemapPass::draw(cmd, tonemap);
    }
    if (composition.overlay) ui.record(cmd, slot, *composition.overlay, target.format, target.extent, target.srgb);
    vkCmdEndRendering(cmd);
}

}  // namespace atrium::render
