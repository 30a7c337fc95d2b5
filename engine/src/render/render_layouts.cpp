#include "render/render_layouts.hpp"

#include <cstdint>
#include <vector>

#include "render/gpu_types.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {
namespace {

constexpr VkShaderStageFlags kVertexAndFragment = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;

DescriptorSetLayout makeSetLayout(VkDevice d, const std::vector<VkDescriptorSetLayoutBinding>& bindings) {
    VkDescriptorSetLayoutCreateInfo ci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    ci.bindingCount = std::uint32_t(bindings.size());
    ci.pBindings = bindings.data();
    VkDescriptorSetLayout l;
    ATRIUM_VK(vkCreateDescriptorSetLayout(d, &ci, nullptr, &l));
    return {d, l};
}

PipelineLayout makePipelineLayout(VkDevice d, const std::vector<VkDescriptorSetLayout>& sets, std::uint32_t pushBytes) {
    VkPushConstantRange range{kVertexAndFragment, 0, pushBytes};
    VkPipelineLayoutCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    ci.setLayoutCount = std::uint32_t(sets.size());
    ci.pSetLayouts = sets.data();
    ci.pushConstantRangeCount = pushBytes ? 1 : 0;
    ci.pPushConstantRanges = &range;
    VkPipelineLayout l;
    ATRIUM_VK(vkCreatePipelineLayout(d, &ci, nullptr, &l));
    return {d, l};
}

}  // namespace

RenderLayouts RenderLayouts::create(VkDevice d) {
    RenderLayouts l;
    constexpr VkShaderStageFlags frag = VK_SHADER_STAGE_FRAGMENT_BIT, vert = VK_SHADER_STAGE_VERTEX_BIT;
    l.frame = makeSetLayout(d, {{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, kVertexAndFragment, nullptr},
                                {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, frag, nullptr},
                                {2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, frag, nullptr},
                                {3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, frag, nullptr},
                                {4, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vert, nullptr},
                                {5, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vert, nullptr},
                                {6, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, vert, nullptr}});
    std::vector<VkDescriptorSetLayoutBinding> material;
    for (std::uint32_t i = 0; i < 5; ++i) material.push_back({i, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, frag, nullptr});
    l.material = makeSetLayout(d, material);
    l.tonemap = makeSetLayout(d, {{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, frag, nullptr}});
    l.mesh = makePipelineLayout(d, {l.frame, l.material}, sizeof(MaterialPush));
    l.shadow = makePipelineLayout(d, {l.frame, l.material}, sizeof(ShadowPush));
    l.tonemapPipeline = makePipelineLayout(d, {l.tonemap}, sizeof(float) * 4);
    return l;
}

DescriptorPool createRendererDescriptorPool(VkDevice d, std::uint32_t framesInFlight) {
    VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, framesInFlight},
                                    {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 5 * framesInFlight},
                                    {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, framesInFlight + 4}};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    pci.maxSets = framesInFlight + 4;
    pci.poolSizeCount = 3;
    pci.pPoolSizes = sizes;
    VkDescriptorPool pool;
    ATRIUM_VK(vkCreateDescriptorPool(d, &pci, nullptr, &pool));
    return {d, pool};
}

}  // namespace atrium::render
