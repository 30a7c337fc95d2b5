#include "render/shadow_pass.hpp"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

#include "render/batch_draws.hpp"
#include "render/pipeline_table.hpp"
#include "render/render_layouts.hpp"
#include "render/scene_target.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {
namespace {

vec3 boxCorner(const Aabb& b, int k) { return vec3((k & 1) ? b.max.x : b.min.x, (k & 2) ? b.max.y : b.min.y, (k & 4) ? b.max.z : b.min.z); }

// Shadows reach as far as the visible scene does, not to the far plane.
float shadowReach(const RenderList& list, const CameraView& cam) {
    if (list.visibleBounds.empty()) return cam.farPlane;
    float reach = 0.0f;
    for (int k = 0; k < 8; ++k) reach = std::max(reach, glm::length(boxCorner(list.visibleBounds, k) - cam.eye));
    return std::clamp(reach, cam.nearPlane * 2.0f, cam.farPlane);
}

struct ViewBasis {
    vec3 eye, forward, right, up;
    float tanX, tanY;
};

// The bounding sphere of the view frustum's slice between depths `z0` and `z1`.
void sliceSphere(const ViewBasis& v, float z0, float z1, vec3& center, float& radius) {
    vec3 corners[8];
    int n = 0;
    for (float z : {z0, z1}) {
        for (int k = 0; k < 4; ++k) {
            float sx = (k & 1) ? 1.0f : -1.0f, sy = (k & 2) ? 1.0f : -1.0f;
            corners[n++] = v.eye + v.forward * z + v.right * (sx * v.tanX * z) + v.up * (sy * v.tanY * z);
        }
    }
    center = vec3(0.0f);
    for (const vec3& c : corners) center += c / 8.0f;
    radius = 0.0f;
    for (const vec3& c : corners) radius = std::max(radius, glm::length(c - center));
    radius = std::ceil(radius * 16.0f) / 16.0f;  // a stable size keeps texels from swimming
}

// One cascade's light view-projection: an orthographic box around the slice's sphere, deep
// enough for every caster, snapped to whole texels.
mat4 cascadeViewProj(const RenderList& list, vec3 sunDir, vec3 center, float radius, float mapSize) {
    vec3 lightUp = std::abs(sunDir.y) > 0.99f ? vec3(0.0f, 0.0f, 1.0f) : vec3(0.0f, 1.0f, 0.0f);
    mat4 lightView = glm::lookAtRH(center - sunDir, center, lightUp);
    float zMin = -radius, zMax = radius;  // light-space z of the sphere, then of the casters
    if (!list.casterBounds.empty()) {
        for (int k = 0; k < 8; ++k) {
            float z = (lightView * vec4(boxCorner(list.casterBounds, k), 1.0f)).z;
            zMin = std::min(zMin, z);
            zMax = std::max(zMax, z);
        }
    }
    mat4 proj = glm::orthoRH_ZO(-radius, radius, -radius, radius, -zMax - 0.5f, -zMin + 0.5f);
    mat4 m = proj * lightView;
    // Snap the projection to whole texels so the map does not shimmer as the camera moves.
    vec4 origin = m * vec4(0.0f, 0.0f, 0.0f, 1.0f);
    vec2 texel = vec2(origin) * (mapSize * 0.5f);
    vec2 offset = (glm::round(texel) - texel) * (2.0f / mapSize);
    proj[3][0] += offset.x;
    proj[3][1] += offset.y;
    return proj * lightView;
}

}  // namespace

ShadowPass::ShadowPass(Device& device, GpuResources& res, std::uint32_t mapSize) {
    ImageDesc desc;
    desc.format = kDepthFormat;
    std::uint32_t size = std::clamp(mapSize, 256u, 8192u);
    desc.extent = {size, size};
    desc.layers = kCascades;
    desc.layerViews = true;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    map_ = UniqueImage(res, res.createImage(desc));
    VkImage image = map_->image;
    // Sampled even when no shadow pass ran, so it starts cleared to "fully lit" in its read layout.
    device.immediate([&](VkCommandBuffer cmd) {
        imageBarrier(cmd, image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkClearDepthStencilValue clear{1.0f, 0};
        VkImageSubresourceRange range{VK_IMAGE_ASPECT_DEPTH_BIT, 0, 1, 0, VkDeviceSize(kCascades)};
        vkCmdClearDepthStencilImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &clear, 1, &range);
        imageBarrier(cmd, image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });

    VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sci.magFilter = VK_FILTER_LINEAR;
    sci.minFilter = VK_FILTER_LINEAR;
    sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    sci.compareEnable = VK_TRUE;  // hardware 2x2 PCF on top of the shader's 3x3 taps
    sci.compareOp = VK_COMPARE_OP_LESS_OR_EQUAL;
    VkSampler sampler;
    ATRIUM_VK(vkCreateSampler(device.device(), &sci, nullptr, &sampler));
    sampler_ = Sampler(device.device(), sampler);
}

void ShadowPass::computeCascades(const RenderList& list, const CameraView& cam, float aspect, FrameUniforms& u) const {
    vec3 sunDir = glm::normalize(vec3(u.sunDirection));
    float nearZ = cam.nearPlane;
    float farZ = shadowReach(list, cam);
    mat4 invView = glm::inverse(cam.view());
    float tanY = std::tan(glm::radians(cam.fovYDegrees) * 0.5f);
    ViewBasis basis{cam.eye, glm::normalize(cam.target - cam.eye), vec3(invView[0]), vec3(invView[1]), tanY * aspect, tanY};
    float prev = nearZ;
    for (int i = 0; i < kCascades; ++i) {
        // Practical split scheme: a blend of logarithmic and uniform splits.
        float t = float(i + 1) / float(kCascades);
        float logSplit = nearZ * std::pow(farZ / nearZ, t);
        float uniSplit = nearZ + (farZ - nearZ) * t;
        float split = glm::mix(uniSplit, logSplit, 0.75f);
        vec3 center;
        float radius;
        sliceSphere(basis, prev, split, center, radius);
        u.cascadeViewProj[i] = cascadeViewProj(list, sunDir, center, radius, float(mapSize()));
        u.cascadeSplits[i] = split;
        prev = split;
    }
    u.cascadeSplits[3] = farZ;
}

void ShadowPass::record(const PassContext& ctx, const FrameUniforms& u) const {
    VkCommandBuffer cmd = ctx.cmd;
    // The previous frame's main pass may still sample the map: wait for those reads.
    imageBarrier(cmd, map_->image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                 VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
    VkExtent2D extent = map_->extent;
    VkPipeline rigid = ctx.pipelines[PipelineId::Shadow];
    BatchPipelines pipelines{rigid, ctx.pipelines[PipelineId::ShadowSkinned], ctx.pipelines[PipelineId::ShadowMasked]};
    for (int c = 0; c < kCascades; ++c) {
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        depth.imageView = map_->layerViews[std::size_t(c)];
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        depth.clearValue.depthStencil = {1.0f, 0};
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, extent};
        ri.layerCount = 1;
        ri.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &ri);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, rigid);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ctx.layouts.shadow, 0, 1, &ctx.frameSet, 0, nullptr);
        VkViewport vp{0.0f, 0.0f, float(extent.width), float(extent.height), 0.0f, 1.0f};
        VkRect2D sc{{0, 0}, extent};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        vkCmdSetDepthBias(cmd, 1.25f, 0.0f, 1.75f);
        ShadowPush push{u.cascadeViewProj[c], vec4(1.0f, 0.0f, 0.0f, 0.0f)};
        vkCmdPushConstants(cmd, ctx.layouts.shadow, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(ShadowPush), &push);
        drawBatches(ctx, BatchPass::Shadow, ctx.list.shadow, std::uint32_t(ctx.list.order.size()), pipelines);
        vkCmdEndRendering(cmd);
    }
    imageBarrier(cmd, map_->image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT, VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                 VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

}  // namespace atrium::render
