#include "render/gpu_scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "atrium/animation/mannequin.hpp"
#include "atrium/assets/procedural_mesh.hpp"
#include "atrium/core/log.hpp"
#include "render/skinning.hpp"
#include "render/vk_check.hpp"

namespace atrium::render {
namespace {

constexpr std::uint32_t kSetsPerPool = 256;
constexpr std::uint32_t kMaterialTextures = 5;

VkFilter toVk(Filter f) { return f == Filter::Nearest ? VK_FILTER_NEAREST : VK_FILTER_LINEAR; }
VkSamplerAddressMode toVk(Wrap w) {
    switch (w) {
        case Wrap::ClampToEdge: return VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
        case Wrap::MirroredRepeat: return VK_SAMPLER_ADDRESS_MODE_MIRRORED_REPEAT;
        default: return VK_SAMPLER_ADDRESS_MODE_REPEAT;
    }
}

std::uint32_t mipCount(std::uint32_t w, std::uint32_t h) {
    std::uint32_t levels = 1;
    while ((w | h) >> levels) ++levels;
    return levels;
}

// Copies a whole-image RGBA8 picture at `offset` in `staging` into mip 0 (TRANSFER_DST).
void copyToImage(VkCommandBuffer cmd, VkBuffer staging, VkDeviceSize offset, const GpuImage& img) {
    VkBufferImageCopy region{};
    region.bufferOffset = offset;
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {img.extent.width, img.extent.height, 1};
    vkCmdCopyBufferToImage(cmd, staging, img.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
}

// From mip 0 in TRANSFER_DST to every mip ready to sample.
void buildMipsAndRelease(VkCommandBuffer cmd, const GpuImage& img) {
    // Each mip is a linear-filtered blit of the one above; a barrier per level
    // orders the write of level i-1 before the read that makes level i.
    std::int32_t w = std::int32_t(img.extent.width), h = std::int32_t(img.extent.height);
    for (std::uint32_t level = 1; level < img.mipLevels; ++level) {
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                     VK_ACCESS_2_TRANSFER_READ_BIT, level - 1, 1);
        std::int32_t nw = std::max(1, w / 2), nh = std::max(1, h / 2);
        VkImageBlit blit{};
        blit.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 0, 1};
        blit.srcOffsets[1] = {w, h, 1};
        blit.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1};
        blit.dstOffsets[1] = {nw, nh, 1};
        vkCmdBlitImage(cmd, img.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, img.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit,
                       VK_FILTER_LINEAR);
        w = nw;
        h = nh;
    }
    if (img.mipLevels > 1) {
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, 0, img.mipLevels - 1);
    }
    imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, img.mipLevels - 1, 1);
}

}  // namespace

GpuScene::GpuScene(GpuResources& resources, AssetCache& assets, VkDescriptorSetLayout materialLayout)
    : res_(resources), assets_(assets), materialLayout_(materialLayout) {}

GpuScene::~GpuScene() {
    VkDevice device = res_.device().device();
    for (GpuPrimitive& p : primitives_) {
        res_.destroy(p.vertices);
        res_.destroy(p.indices);
        res_.destroy(p.skin);
    }
    for (TextureEntry& t : textures_) res_.destroy(t.image);
    for (auto& [key, sampler] : samplers_) vkDestroySampler(device, sampler, nullptr);
    for (VkDescriptorPool pool : pools_) vkDestroyDescriptorPool(device, pool, nullptr);
}

const Renderable* GpuScene::resolve(Entity e, const MeshRenderer& mr) {
    if (e.index >= entityCache_.size()) entityCache_.resize(std::size_t(e.index) + 1);
    EntityCache& c = entityCache_[e.index];
    // Strings are compared, not hashed: for the short references venues use this is cheap and
    // catches edits to the component without any change tracking in the World.
    if (c.generation == e.generation && c.mesh == mr.mesh && c.material == mr.material) return c.renderable;
    c.generation = e.generation;
    c.mesh = mr.mesh;
    c.material = mr.material;
    c.renderable = resolveUncached(mr);
    return c.renderable;
}

const Renderable* GpuScene::resolveUncached(const MeshRenderer& mr) {
    std::string key = mr.mesh + '\n' + mr.material;
    if (auto it = renderables_.find(key); it != renderables_.end()) return it->second.get();
    if (failed_.count(key)) return nullptr;
    Result<MeshRef> ref = assets_.resolveMesh(mr.mesh);
    if (!ref) {
        logError("render", "cannot draw mesh \"" + mr.mesh + "\": " + ref.error().toString());
        failed_.insert(key);
        return nullptr;
    }
    keepAlive_.push_back(ref->model);
    const Mesh& mesh = ref->get();
    auto r = std::make_unique<Renderable>();
    r->bounds = mesh.bounds;
    // A mesh used by a skinned node is drawn deformed by that skin.
    const Model& model = *ref->model;
    for (std::size_t n = 0; n < model.nodes.size(); ++n) {
        const ModelNode& node = model.nodes[n];
        if (node.mesh == ref->mesh && node.skin >= 0 && std::size_t(node.skin) < model.skins.size()) {
            r->skinModel = &model;
            r->skin = node.skin;
            r->animation = model.animations.empty() ? -1 : 0;
            r->meshNodeRestInverse = glm::inverse(restPose(model)[n]);
            break;
        }
    }
    for (const MeshPrimitive& prim : mesh.primitives) {
        if (prim.mode != PrimitiveMode::Triangles || prim.indices.empty()) continue;
        bool skinned = r->skinModel && prim.joints.size() == prim.positions.size() && prim.weights.size() == prim.positions.size();
        std::uint32_t p = primitiveFor(prim, skinned);
        std::uint32_t m = materialFor(ref->model, prim.material, mr.material);
        std::uint64_t dk = (std::uint64_t(p) << 32) | m;
        auto [it, inserted] = drawKeyIndex_.emplace(dk, std::uint32_t(drawKeys_.size()));
        if (inserted) drawKeys_.push_back({p, m});
        r->parts.push_back({it->second, materials_[m].blend});
        if (r->bounds.empty()) r->bounds = prim.bounds;
    }
    const Renderable* out = r.get();
    renderables_.emplace(std::move(key), std::move(r));
    return out;
}

const Renderable* GpuScene::resolveMannequin(BodyPreset preset) {
    std::unique_ptr<Renderable>& r = mannequins_[std::size_t(preset)];
    if (r) return r.get();
    Skeleton skeleton = makeHumanoidSkeleton(bodyShape(preset));
    auto mesh = std::make_unique<Mesh>(makeMannequinMesh(skeleton, kRegionLook));
    r = std::make_unique<Renderable>();
    for (MeshPrimitive& prim : mesh->primitives) {
        prim.uv0.resize(prim.positions.size());
        for (std::size_t i = 0; i < prim.positions.size(); ++i) {
            vec4 c = i < prim.colors.size() ? prim.colors[i] : vec4(0.0f);
            prim.uv0[i] = vec2(float(mannequinRegion(c)) + 0.5f, 0.0f);
        }
        std::uint32_t p = primitiveFor(prim, true);
        std::uint32_t m = materialFor(nullptr, -1, "");
        std::uint64_t dk = (std::uint64_t(p) << 32) | m;
        auto [it, inserted] = drawKeyIndex_.emplace(dk, std::uint32_t(drawKeys_.size()));
        if (inserted) drawKeys_.push_back({p, m});
        r->parts.push_back({it->second, false});
        r->bounds.expand(prim.bounds);
    }
    // The rest pose is a T-pose; sitting, walking and emotes reach forward, back and down from
    // it, so the culling box covers a stride and bent knees beyond it.
    float height = bodyShape(preset).height;
    r->bounds.expand(Aabb{vec3(-0.9f, -0.1f, -0.8f), vec3(0.9f, height + 0.25f, 0.8f)});
    mannequinMeshes_.push_back(std::move(mesh));
    return r.get();
}

std::uint32_t GpuScene::primitiveFor(const MeshPrimitive& prim, bool skinned) {
    std::uint64_t key = reinterpret_cast<std::uintptr_t>(&prim) * 2 + (skinned ? 1 : 0);
    if (auto it = primitiveIndex_.find(key); it != primitiveIndex_.end()) return it->second;
    std::size_t n = prim.positions.size();
    std::vector<Vertex> verts(n);
    for (std::size_t i = 0; i < n; ++i) {
        verts[i].position = prim.positions[i];
        verts[i].normal = i < prim.normals.size() ? prim.normals[i] : vec3(0.0f, 1.0f, 0.0f);
        verts[i].uv = i < prim.uv0.size() ? prim.uv0[i] : vec2(0.0f);
        verts[i].tangent = i < prim.tangents.size() ? prim.tangents[i] : vec4(1.0f, 0.0f, 0.0f, 1.0f);
    }
    GpuPrimitive gp;
    VkDeviceSize vbytes = n * sizeof(Vertex);
    VkDeviceSize ibytes = prim.indices.size() * sizeof(std::uint32_t);
    gp.vertices = res_.createBuffer(vbytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, false);
    gp.indices = res_.createBuffer(ibytes, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, false);
    gp.indexCount = std::uint32_t(prim.indices.size());
    PendingBuffer pv{gp.vertices.buffer, std::vector<std::uint8_t>(vbytes)};
    std::memcpy(pv.bytes.data(), verts.data(), vbytes);
    PendingBuffer pi{gp.indices.buffer, std::vector<std::uint8_t>(ibytes)};
    std::memcpy(pi.bytes.data(), prim.indices.data(), ibytes);
    pendingBuffers_.push_back(std::move(pv));
    pendingBuffers_.push_back(std::move(pi));
    if (skinned) {
        std::vector<SkinVertex> skin(n);
        for (std::size_t i = 0; i < n; ++i) {
            const glm::u16vec4& j = prim.joints[i];
            skin[i] = SkinVertex{{j.x, j.y, j.z, j.w}, prim.weights[i]};
            float sum = skin[i].weights.x + skin[i].weights.y + skin[i].weights.z + skin[i].weights.w;
            // Weights should sum to one; renormalise, and an unweighted vertex follows joint 0.
            skin[i].weights = sum > 1e-6f ? skin[i].weights / sum : vec4(1.0f, 0.0f, 0.0f, 0.0f);
        }
        VkDeviceSize sbytes = n * sizeof(SkinVertex);
        gp.skin = res_.createBuffer(sbytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, false);
        PendingBuffer ps{gp.skin.buffer, std::vector<std::uint8_t>(sbytes)};
        std::memcpy(ps.bytes.data(), skin.data(), sbytes);
        pendingBuffers_.push_back(std::move(ps));
    }
    std::uint32_t index = std::uint32_t(primitives_.size());
    primitives_.push_back(gp);
    primitiveIndex_[key] = index;
    return index;
}

std::uint32_t GpuScene::materialFor(const ModelPtr& model, int index, const std::string& overrideRef) {
    const Material* mat = nullptr;
    std::string key;
    bool useModelTextures = false;
    if (!overrideRef.empty()) {
        mat = builtinMaterial(overrideRef);
        if (mat) key = overrideRef;
        else if (failed_.insert("material:" + overrideRef).second)
            logWarn("render", "unknown material \"" + overrideRef + "\"; using the mesh's own");
    }
    if (!mat && index >= 0 && std::size_t(index) < model->materials.size()) {
        mat = &model->materials[std::size_t(index)];
        key = model->path + "#material" + std::to_string(index);
        useModelTextures = true;
    }
    static const Material kDefault = [] {
        Material m;
        m.baseColorFactor = vec4(0.8f, 0.8f, 0.8f, 1.0f);
        m.metallicFactor = 0.0f;
        m.roughnessFactor = 0.7f;
        return m;
    }();
    if (!mat) {
        mat = &kDefault;
        key = "default";
    }
    if (auto it = materialIndex_.find(key); it != materialIndex_.end()) return it->second;

    GpuMaterial gm;
    gm.push.baseColor = mat->baseColorFactor;
    gm.push.emissive = vec4(mat->emissiveFactor * mat->emissiveStrength, 0.0f);
    gm.push.params = vec4(mat->metallicFactor, mat->roughnessFactor, mat->alphaCutoff, mat->normalTexture.scale);
    gm.push.params2 = vec4(mat->occlusionTexture.present() ? mat->occlusionTexture.scale : 0.0f, 0.0f, 0.0f, 0.0f);
    if (mat->alphaMode == AlphaMode::Mask) gm.push.flags |= kMaterialAlphaMask;
    if (mat->alphaMode == AlphaMode::Blend) gm.push.flags |= kMaterialAlphaBlend;
    gm.blend = mat->alphaMode == AlphaMode::Blend;
    gm.doubleSided = mat->doubleSided;

    auto slot = [&](const TextureSlot& s, bool srgb, std::uint32_t fallback) {
        if (!useModelTextures || !s.present()) return fallback;
        return textureFor(model, s.texture, srgb);
    };
    std::uint32_t white = defaultTexture(255, 255, 255, 255);
    std::uint32_t flat = defaultTexture(128, 128, 255, 255);
    std::uint32_t tex[kMaterialTextures] = {slot(mat->baseColorTexture, true, white), slot(mat->metallicRoughnessTexture, false, white),
                                            slot(mat->normalTexture, false, flat), slot(mat->occlusionTexture, false, white),
                                            slot(mat->emissiveTexture, true, white)};
    if (useModelTextures && mat->normalTexture.present() && tex[2] != flat) gm.push.flags |= kMaterialHasNormalMap;
    if (useModelTextures && mat->emissiveTexture.present() && gm.push.emissive == vec4(0.0f)) {
        // A texture with a zero factor emits nothing, as glTF specifies; nothing to adjust.
    }

    gm.set = allocateSet();
    writeMaterialSet(gm.set, tex);
    std::uint32_t out = std::uint32_t(materials_.size());
    materials_.push_back(gm);
    materialIndex_[key] = out;
    return out;
}

void GpuScene::writeMaterialSet(VkDescriptorSet set, const std::uint32_t (&tex)[kMaterialTextures]) {
    VkDescriptorImageInfo infos[kMaterialTextures];
    VkWriteDescriptorSet writes[kMaterialTextures];
    for (std::uint32_t i = 0; i < kMaterialTextures; ++i) {
        infos[i] = {textures_[tex[i]].sampler, textures_[tex[i]].image.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes[i].dstSet = set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        writes[i].pImageInfo = &infos[i];
    }
    vkUpdateDescriptorSets(res_.device().device(), kMaterialTextures, writes, 0, nullptr);
}

const Renderable* GpuScene::resolveScreen(Entity e, const MeshRenderer& mr, const MediaScreen& screen) {
    ScreenEntry& entry = screens_[e.index];
    if (entry.generation != e.generation || entry.mesh != mr.mesh || entry.emissive != screen.emissive) {
        const Renderable* base = resolve(e, mr);
        if (!base) return nullptr;
        entry.generation = e.generation;
        entry.mesh = mr.mesh;
        entry.emissive = screen.emissive;
        if (entry.texture == ~0u) {
            std::uint32_t w = std::clamp<std::uint32_t>(screen.resolutionX, 1, 4096);
            std::uint32_t h = std::clamp<std::uint32_t>(screen.resolutionY, 1, 4096);
            // A lit blank picture (builtin:screen's look) until the app sends one.
            pendingPixels_.emplace_back(std::size_t(w) * h * 4, std::uint8_t(255));
            for (std::size_t i = 0; i < pendingPixels_.back().size(); i += 4) {
                pendingPixels_.back()[i] = 243;
                pendingPixels_.back()[i + 1] = 245;
            }
            Sampler s;
            s.mipmaps = false;
            s.wrapU = s.wrapV = Wrap::ClampToEdge;
            entry.texture = createTexture(w, h, pendingPixels_.back().data(), true, s);
        }
        if (entry.material == ~0u) {
            GpuMaterial gm;
            gm.push.baseColor = vec4(0.01f, 0.01f, 0.01f, 1.0f);
            gm.push.params = vec4(0.0f, 0.35f, 0.5f, 1.0f);
            gm.push.params2 = vec4(0.0f);
            gm.set = allocateSet();
            entry.material = std::uint32_t(materials_.size());
            materials_.push_back(gm);
        }
        materials_[entry.material].push.emissive = vec4(vec3(screen.emissive), 0.0f);
        std::uint32_t white = defaultTexture(255, 255, 255, 255);
        std::uint32_t flat = defaultTexture(128, 128, 255, 255);
        const std::uint32_t tex[kMaterialTextures] = {white, white, flat, white, entry.texture};
        writeMaterialSet(materials_[entry.material].set, tex);
        entry.renderable = std::make_unique<Renderable>(*base);
        for (Renderable::Part& part : entry.renderable->parts) {
            std::uint64_t dk = (std::uint64_t(drawKeys_[part.drawKey].primitive) << 32) | entry.material;
            auto [it, inserted] = drawKeyIndex_.emplace(dk, std::uint32_t(drawKeys_.size()));
            if (inserted) drawKeys_.push_back({drawKeys_[part.drawKey].primitive, entry.material});
            part.drawKey = it->second;
            part.blend = false;
        }
    }
    applyPendingScreen(e, entry);
    return entry.renderable.get();
}

void GpuScene::setScreenPixels(Entity e, std::uint32_t width, std::uint32_t height, std::vector<std::uint8_t> pixels) {
    pendingScreens_[e.index] = PendingScreen{e.generation, width, height, std::move(pixels)};
}

void GpuScene::applyPendingScreen(Entity e, ScreenEntry& entry) {
    auto it = pendingScreens_.find(e.index);
    if (it == pendingScreens_.end()) return;
    PendingScreen p = std::move(it->second);
    pendingScreens_.erase(it);
    if (p.generation != e.generation) return;  // meant for an entity that no longer exists
    TextureEntry& t = textures_[entry.texture];
    if (t.image.extent.width != p.width || t.image.extent.height != p.height) {
        // A new size needs a new image; frames in flight may still sample the old one.
        vkDeviceWaitIdle(res_.device().device());
        res_.destroy(t.image);
        ImageDesc desc;
        desc.format = VK_FORMAT_R8G8B8A8_SRGB;
        desc.extent = {p.width, p.height};
        desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
        t.image = res_.createImage(desc);
        pendingPixels_.push_back(std::move(p.pixels));
        pendingTextures_.push_back({entry.texture, pendingPixels_.back().data()});
        std::uint32_t white = defaultTexture(255, 255, 255, 255);
        std::uint32_t flat = defaultTexture(128, 128, 255, 255);
        const std::uint32_t tex[kMaterialTextures] = {white, white, flat, white, entry.texture};
        writeMaterialSet(materials_[entry.material].set, tex);
        return;
    }
    for (PendingTexture& pt : pendingTextures_) {
        if (pt.texture == entry.texture) {
            // Not uploaded yet at all: replace the initial pixels.
            pendingPixels_.push_back(std::move(p.pixels));
            pt.pixels = pendingPixels_.back().data();
            return;
        }
    }
    screenUpdates_.emplace_back(entry.texture, std::move(p.pixels));
}

std::uint32_t GpuScene::textureFor(const ModelPtr& model, int index, bool srgb) {
    if (index < 0 || std::size_t(index) >= model->textures.size()) return defaultTexture(255, 255, 255, 255);
    const Texture& t = model->textures[std::size_t(index)];
    if (t.width == 0 || t.height == 0 || t.pixels.size() < std::size_t(t.width) * t.height * 4) {
        return defaultTexture(255, 255, 255, 255);
    }
    std::string key = model->path + "#texture" + std::to_string(index) + (srgb ? "s" : "l");
    if (auto it = textureIndex_.find(key); it != textureIndex_.end()) return it->second;
    std::uint32_t out = createTexture(t.width, t.height, t.pixels.data(), srgb, t.sampler);
    textureIndex_[key] = out;
    return out;
}

std::uint32_t GpuScene::defaultTexture(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    std::string key = "default:" + std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + "," + std::to_string(a);
    if (auto it = textureIndex_.find(key); it != textureIndex_.end()) return it->second;
    pendingPixels_.push_back({r, g, b, a});
    Sampler s;
    s.mipmaps = false;
    std::uint32_t out = createTexture(1, 1, pendingPixels_.back().data(), false, s);
    textureIndex_[key] = out;
    return out;
}

std::uint32_t GpuScene::createTexture(std::uint32_t w, std::uint32_t h, const std::uint8_t* pixels, bool srgb, const Sampler& sampler) {
    ImageDesc desc;
    desc.format = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
    desc.extent = {w, h};
    desc.mipLevels = sampler.mipmaps ? mipCount(w, h) : 1;
    // Mips are made by blitting, which needs linear-filtered blits of this format.
    VkFormatProperties fp;
    vkGetPhysicalDeviceFormatProperties(res_.device().physical(), desc.format, &fp);
    VkFormatFeatureFlags need = VK_FORMAT_FEATURE_BLIT_SRC_BIT | VK_FORMAT_FEATURE_BLIT_DST_BIT |
                                VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
    if ((fp.optimalTilingFeatures & need) != need) desc.mipLevels = 1;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    TextureEntry entry;
    entry.image = res_.createImage(desc);
    Sampler s = sampler;
    s.mipmaps = desc.mipLevels > 1;
    entry.sampler = samplerFor(s);
    std::uint32_t out = std::uint32_t(textures_.size());
    textures_.push_back(entry);
    pendingTextures_.push_back({out, pixels});
    return out;
}

VkSampler GpuScene::samplerFor(const Sampler& s) {
    std::uint64_t key = std::uint64_t(s.magFilter) | std::uint64_t(s.minFilter) << 4 | std::uint64_t(s.mipmaps) << 8 |
                        std::uint64_t(s.wrapU) << 12 | std::uint64_t(s.wrapV) << 16;
    if (auto it = samplers_.find(key); it != samplers_.end()) return it->second;
    VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sci.magFilter = toVk(s.magFilter);
    sci.minFilter = toVk(s.minFilter);
    sci.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
    sci.addressModeU = toVk(s.wrapU);
    sci.addressModeV = toVk(s.wrapV);
    sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT;
    sci.maxLod = s.mipmaps ? VK_LOD_CLAMP_NONE : 0.0f;
    VkPhysicalDeviceFeatures features;
    vkGetPhysicalDeviceFeatures(res_.device().physical(), &features);
    if (features.samplerAnisotropy && s.mipmaps) {
        sci.anisotropyEnable = VK_TRUE;
        sci.maxAnisotropy = std::min(8.0f, res_.device().properties().limits.maxSamplerAnisotropy);
    }
    VkSampler sampler;
    ATRIUM_VK(vkCreateSampler(res_.device().device(), &sci, nullptr, &sampler));
    samplers_[key] = sampler;
    return sampler;
}

VkDescriptorSet GpuScene::allocateSet() {
    VkDevice device = res_.device().device();
    if (setsLeftInPool_ == 0) {
        VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kSetsPerPool * kMaterialTextures};
        VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        pci.maxSets = kSetsPerPool;
        pci.poolSizeCount = 1;
        pci.pPoolSizes = &size;
        VkDescriptorPool pool;
        ATRIUM_VK(vkCreateDescriptorPool(device, &pci, nullptr, &pool));
        pools_.push_back(pool);
        setsLeftInPool_ = kSetsPerPool;
    }
    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = pools_.back();
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &materialLayout_;
    VkDescriptorSet set;
    ATRIUM_VK(vkAllocateDescriptorSets(device, &ai, &set));
    --setsLeftInPool_;
    return set;
}

void GpuScene::flushUploads() {
    if (pendingBuffers_.empty() && pendingTextures_.empty() && screenUpdates_.empty() && glyphUpload_.bytes.empty()) return;
    VkDeviceSize total = glyphUpload_.bytes.size();
    for (const auto& [texture, pixels] : screenUpdates_) total += pixels.size();
    for (const PendingBuffer& b : pendingBuffers_) total += (b.bytes.size() + 15) & ~VkDeviceSize(15);
    for (const PendingTexture& t : pendingTextures_) {
        const GpuImage& img = textures_[t.texture].image;
        total += VkDeviceSize(img.extent.width) * img.extent.height * 4;
    }
    UniqueBuffer staging(res_, res_.createBuffer(total, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, true));
    res_.device().immediate([&](VkCommandBuffer cmd) { recordUploads(cmd, *staging); });
    pendingBuffers_.clear();
    pendingTextures_.clear();
    pendingPixels_.clear();
    screenUpdates_.clear();
    glyphUpload_.bytes.clear();
}

void GpuScene::recordUploads(VkCommandBuffer cmd, const Buffer& staging) {
    auto* dst = static_cast<std::uint8_t*>(staging.mapped());
    VkDeviceSize offset = 0;
    for (const PendingBuffer& b : pendingBuffers_) {
        std::memcpy(dst + offset, b.bytes.data(), b.bytes.size());
        VkBufferCopy region{offset, 0, b.bytes.size()};
        vkCmdCopyBuffer(cmd, staging.buffer, b.dst, 1, &region);
        offset += (b.bytes.size() + 15) & ~VkDeviceSize(15);
    }
    for (const PendingTexture& t : pendingTextures_) {
        const GpuImage& img = textures_[t.texture].image;
        VkDeviceSize bytes = VkDeviceSize(img.extent.width) * img.extent.height * 4;
        std::memcpy(dst + offset, t.pixels, bytes);
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        copyToImage(cmd, staging.buffer, offset, img);
        offset += bytes;
        buildMipsAndRelease(cmd, img);
    }
    for (const auto& [texture, pixels] : screenUpdates_) {
        const GpuImage& img = textures_[texture].image;
        std::memcpy(dst + offset, pixels.data(), pixels.size());
        // Earlier frames may still sample the picture: their reads finish before the copy.
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                     VK_ACCESS_2_TRANSFER_WRITE_BIT);
        copyToImage(cmd, staging.buffer, offset, img);
        imageBarrier(cmd, img.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
        offset += pixels.size();
    }
    recordGlyphUpload(cmd, staging, offset);
    // Uploaded vertex and index buffers are read by the draws that follow.
    memoryBarrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                  VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT | VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT,
                  VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_2_INDEX_READ_BIT);
}

}  // namespace atrium::render
