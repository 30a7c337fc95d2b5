#pragma once
// The images a frame draws the scene into before it is tonemapped, sized to the view; and the
// formats the passes and their pipelines agree on.
#include <cstdint>

#include <vulkan/vulkan.h>

#include "render/gpu_resources.hpp"
#include "render/vk_handle.hpp"

namespace atrium::render {

inline constexpr std::uint32_t kFramesInFlight = 2;
inline constexpr VkFormat kHdrFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
inline constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
inline constexpr VkFormat kPickFormat = VK_FORMAT_R32_UINT;
inline constexpr VkFormat kOutputFormat = VK_FORMAT_R8G8B8A8_UNORM;

struct SceneTarget {
    VkExtent2D extent{};
    UniqueImage hdrMsaa, pickMsaa;  // only when multisampling; resolved into hdr and pick
    UniqueImage depth, hdr, pick, output;
    UniqueBuffer readback, pickReadback;
    DescriptorSet tonemapSet;  // samples hdr
};

}  // namespace atrium::render
