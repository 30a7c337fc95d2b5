#include "render/pipelines.hpp"

#include "atrium/render/ui_overlay.hpp"
#include "render/gpu_types.hpp"
#include "render/labels.hpp"
#include "render/render_list.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {
namespace {

VkShaderModule makeModule(VkDevice device, std::span<const std::uint32_t> code) {
    VkShaderModuleCreateInfo ci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    ci.codeSize = code.size_bytes();
    ci.pCode = code.data();
    VkShaderModule m;
    ATRIUM_VK(vkCreateShaderModule(device, &ci, nullptr, &m));
    return m;
}

struct VertexLayout {
    std::vector<VkVertexInputBindingDescription> bindings;
    std::vector<VkVertexInputAttributeDescription> attributes;
};

VertexLayout vertexLayout(const PipelineDesc& desc) {
    VertexLayout l;
    auto& bindings = l.bindings;
    auto& attributes = l.attributes;
    if (desc.input == VertexInput::Ui) {
        bindings.push_back({0, sizeof(UiVertex), VK_VERTEX_INPUT_RATE_VERTEX});
        attributes.push_back({0, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(UiVertex, position)});
        attributes.push_back({1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(UiVertex, uv)});
        attributes.push_back({2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(UiVertex, color)});
        return l;
    }
    if (desc.input == VertexInput::Label) {
        bindings.push_back({0, sizeof(LabelVertex), VK_VERTEX_INPUT_RATE_VERTEX});
        attributes.push_back({0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(LabelVertex, position)});
        attributes.push_back({1, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(LabelVertex, color)});
        attributes.push_back({2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(LabelVertex, uv)});
        return l;
    }
    if (desc.input == VertexInput::None) return l;
    bindings.push_back({0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX});
    // Instance data is not a vertex stream: shaders fetch it through the draw order
    // (instances.glsl), so one copy serves every pass and part.
    attributes.push_back({0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, position)});
    if (desc.input == VertexInput::Mesh) {
        attributes.push_back({1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, normal)});
        attributes.push_back({2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(Vertex, uv)});
        attributes.push_back({3, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(Vertex, tangent)});
    }
    if (desc.input == VertexInput::ShadowMaskedMesh) {
        attributes.push_back({2, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(Vertex, uv)});
    }
    if (desc.skinned) {
        bindings.push_back({1, sizeof(SkinVertex), VK_VERTEX_INPUT_RATE_VERTEX});
        attributes.push_back({10, 1, VK_FORMAT_R16G16B16A16_UINT, offsetof(SkinVertex, joints)});
        attributes.push_back({11, 1, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(SkinVertex, weights)});
    }
    return l;
}

std::vector<VkPipelineColorBlendAttachmentState> blendAttachments(const PipelineDesc& desc) {
    std::vector<VkPipelineColorBlendAttachmentState> blends(desc.colorFormats.size());
    for (std::size_t i = 0; i < blends.size(); ++i) {
        VkPipelineColorBlendAttachmentState& b = blends[i];
        b = {};
        b.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
        if (!desc.alphaBlend) continue;
        if (i != 0) {
            b.colorWriteMask = 0;  // blended surfaces do not replace the picking id beneath
            continue;
        }
        b.blendEnable = VK_TRUE;
        b.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        b.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        b.colorBlendOp = VK_BLEND_OP_ADD;
        b.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        b.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        b.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    return blends;
}

VkPipelineRasterizationStateCreateInfo rasterization(const PipelineDesc& desc) {
    VkPipelineRasterizationStateCreateInfo rs{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    rs.polygonMode = VK_POLYGON_MODE_FILL;
    rs.cullMode = VK_CULL_MODE_NONE;
    rs.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    rs.lineWidth = 1.0f;
    rs.depthBiasEnable = desc.depthBias;
    rs.depthClampEnable = desc.depthClamp;
    return rs;
}

}  // namespace

VkPipeline createPipeline(VkDevice device, const PipelineDesc& desc) {
    VkShaderModule vert = makeModule(device, desc.vert);
    VkShaderModule frag = desc.frag.empty() ? VK_NULL_HANDLE : makeModule(device, desc.frag);

    VkPipelineShaderStageCreateInfo stages[2]{};
    stages[0] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    stages[0].stage = VK_SHADER_STAGE_VERTEX_BIT;
    stages[0].module = vert;
    stages[0].pName = "main";
    stages[1] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    stages[1].stage = VK_SHADER_STAGE_FRAGMENT_BIT;
    stages[1].module = frag;
    stages[1].pName = "main";

    VertexLayout vertices = vertexLayout(desc);
    VkPipelineVertexInputStateCreateInfo vi{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    vi.vertexBindingDescriptionCount = std::uint32_t(vertices.bindings.size());
    vi.pVertexBindingDescriptions = vertices.bindings.data();
    vi.vertexAttributeDescriptionCount = std::uint32_t(vertices.attributes.size());
    vi.pVertexAttributeDescriptions = vertices.attributes.data();

    VkPipelineInputAssemblyStateCreateInfo ia{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    ia.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    VkPipelineViewportStateCreateInfo vp{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    vp.viewportCount = 1;
    vp.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo rs = rasterization(desc);
    VkPipelineMultisampleStateCreateInfo ms{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    ms.rasterizationSamples = desc.samples;
    VkPipelineDepthStencilStateCreateInfo ds{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    ds.depthTestEnable = desc.depthTest;
    ds.depthWriteEnable = desc.depthWrite;
    ds.depthCompareOp = VK_COMPARE_OP_LESS_OR_EQUAL;

    std::vector<VkPipelineColorBlendAttachmentState> blends = blendAttachments(desc);
    VkPipelineColorBlendStateCreateInfo cb{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    cb.attachmentCount = std::uint32_t(blends.size());
    cb.pAttachments = blends.data();

    std::vector<VkDynamicState> dynamic = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR, VK_DYNAMIC_STATE_CULL_MODE};
    if (desc.depthBias) dynamic.push_back(VK_DYNAMIC_STATE_DEPTH_BIAS);
    VkPipelineDynamicStateCreateInfo dyn{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dyn.dynamicStateCount = std::uint32_t(dynamic.size());
    dyn.pDynamicStates = dynamic.data();

    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.colorAttachmentCount = std::uint32_t(desc.colorFormats.size());
    rendering.pColorAttachmentFormats = desc.colorFormats.data();
    rendering.depthAttachmentFormat = desc.depthFormat;

    VkGraphicsPipelineCreateInfo ci{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
    ci.pNext = &rendering;
    ci.stageCount = frag ? 2 : 1;
    ci.pStages = stages;
    ci.pVertexInputState = &vi;
    ci.pInputAssemblyState = &ia;
    ci.pViewportState = &vp;
    ci.pRasterizationState = &rs;
    ci.pMultisampleState = &ms;
    ci.pDepthStencilState = &ds;
    ci.pColorBlendState = &cb;
    ci.pDynamicState = &dyn;
    ci.layout = desc.layout;
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkResult r = vkCreateGraphicsPipelines(device, VK_NULL_HANDLE, 1, &ci, nullptr, &pipeline);
    vkDestroyShaderModule(device, vert, nullptr);
    if (frag) vkDestroyShaderModule(device, frag, nullptr);
    if (r != VK_SUCCESS) throwVulkanError("vkCreateGraphicsPipelines", r, __FILE__, __LINE__);
    return pipeline;
}

}  // namespace atrium::render
