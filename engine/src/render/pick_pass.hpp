#pragma once
// Picking: each frame copies the target's entity-id image into a host-visible buffer, and the
// first pick() after a frame reads it back once.
#include <cstdint>
#include <vector>

#include <vulkan/vulkan.h>

#include "atrium/scene/world.hpp"
#include "render/scene_target.hpp"

namespace atrium::render {

class PickPass {
public:
    // After the main pass (pick in TRANSFER_SRC); a host-read barrier must follow before the
    // submission's fence is waited on.
    void recordCopy(VkCommandBuffer cmd, const SceneTarget& target);
    // The newest submitted frame's ids, waiting for the device when a copy is outstanding.
    void read(VkDevice device, const SceneTarget& target);
    Entity entityAt(const World& world, std::uint32_t x, std::uint32_t y) const;

private:
    std::vector<std::uint32_t> ids_;
    std::uint32_t width_ = 0, height_ = 0;
    bool pending_ = false;
};

}  // namespace atrium::render
