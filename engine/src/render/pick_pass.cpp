#include "render/pick_pass.hpp"

#include <cstring>

namespace atrium::render {

void PickPass::recordCopy(VkCommandBuffer cmd, const SceneTarget& target) {
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {target.extent.width, target.extent.height, 1};
    vkCmdCopyImageToBuffer(cmd, target.pick->image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target.pickReadback->buffer, 1, &region);
    pending_ = true;
}

void PickPass::read(VkDevice device, const SceneTarget& target) {
    if (!pending_) return;
    // Frames in flight may still write the readback buffer; the newest submission wins.
    vkDeviceWaitIdle(device);
    ids_.resize(std::size_t(target.extent.width) * target.extent.height);
    std::memcpy(ids_.data(), target.pickReadback->mapped(), ids_.size() * 4);
    width_ = target.extent.width;
    height_ = target.extent.height;
    pending_ = false;
}

Entity PickPass::entityAt(const World& world, std::uint32_t x, std::uint32_t y) const {
    if (x >= width_ || y >= height_) return kNullEntity;
    std::uint32_t id = ids_[std::size_t(y) * width_ + x];
    if (id == 0) return kNullEntity;
    // Ids carry the slot index only; the world supplies the live generation.
    Entity found = kNullEntity;
    world.forEachEntity([&](Entity e) {
        if (e.index == id - 1) found = e;
    });
    return found;
}

}  // namespace atrium::render
