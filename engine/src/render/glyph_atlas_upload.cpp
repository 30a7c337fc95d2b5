// The glyph atlas on the GPU: one R8 image holding text::GlyphAtlas's signed distances, updated
// by the rows that changed, in the same submission as the rest of a frame's uploads.
#include <algorithm>
#include <cstring>

#include "render/gpu_scene.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {

VkDescriptorSet GpuScene::glyphAtlasSet(text::GlyphAtlas& atlas) {
    GlyphUpload& g = glyphUpload_;
    std::uint32_t size = atlas.size();
    bool resized = g.set != VK_NULL_HANDLE && textures_[g.texture].image.extent.width != size;
    if (resized) {
        // Frames in flight may still sample the old picture.
        vkDeviceWaitIdle(res_.device().device());
        res_.destroy(textures_[g.texture].image);
    }
    if (g.set == VK_NULL_HANDLE || resized) {
        ImageDesc desc;
        desc.format = VK_FORMAT_R8_UNORM;
        desc.extent = {size, size};
        desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
        Sampler s;  // linear, level 0 only: label.frag takes its own taps (averaged distances lose thin strokes)
        s.mipmaps = false;
        s.wrapU = s.wrapV = Wrap::ClampToEdge;
        TextureEntry entry{res_.createImage(desc), samplerFor(s)};
        if (resized) {
            textures_[g.texture] = entry;
        } else {
            g.texture = std::uint32_t(textures_.size());
            textures_.push_back(entry);
            std::uint32_t white = defaultTexture(255, 255, 255, 255);
            std::uint32_t flat = defaultTexture(128, 128, 255, 255);
            const std::uint32_t tex[5] = {g.texture, white, flat, white, white};  // writeMaterialSet's five slots
            g.set = allocateSet();
            writeMaterialSet(g.set, tex);
        }
        g.fresh = true;
        g.atlas = nullptr;
    }
    text::GlyphAtlas::Rows rows{0, size};
    std::optional<text::GlyphAtlas::Rows> dirty = atlas.takeDirtyRows();
    if (g.atlas == &atlas) {
        if (!dirty) return g.set;
        rows = *dirty;
    }
    g.atlas = &atlas;
    if (!g.bytes.empty()) {
        // Not flushed since the last call: one upload covering both.
        std::uint32_t end = g.firstRow + std::uint32_t(g.bytes.size() / size);
        rows = {std::min(rows.first, g.firstRow), std::max(rows.end, end)};
    }
    g.firstRow = rows.first;
    auto from = atlas.pixels().begin() + std::ptrdiff_t(rows.first) * size;
    g.bytes.assign(from, from + std::ptrdiff_t(rows.end - rows.first) * size);
    return g.set;
}

void GpuScene::recordGlyphUpload(VkCommandBuffer cmd, const Buffer& staging, VkDeviceSize offset) {
    GlyphUpload& g = glyphUpload_;
    if (g.bytes.empty()) return;
    const GpuImage& img = textures_[g.texture].image;
    std::memcpy(static_cast<std::uint8_t*>(staging.mapped()) + offset, g.bytes.data(), g.bytes.size());
    // Earlier frames may still sample glyphs whose cells are rewritten: their reads finish first.
    imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, g.fresh ? VK_IMAGE_LAYOUT_UNDEFINED : VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, g.fresh ? VK_PIPELINE_STAGE_2_NONE : VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    VkBufferImageCopy region{};
    region.bufferOffset = offset;
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageOffset = {0, std::int32_t(g.firstRow), 0};
    region.imageExtent = {img.extent.width, std::uint32_t(g.bytes.size() / img.extent.width), 1};
    vkCmdCopyBufferToImage(cmd, staging.buffer, img.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    g.fresh = false;
}

}  // namespace atrium::render
