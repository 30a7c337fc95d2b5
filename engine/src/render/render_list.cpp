#include "render/render_list.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>

#include "render/skinning.hpp"
#include "render/worker_pool.hpp"

namespace atrium::render {

Frustum Frustum::fromViewProj(const mat4& m) {
    // Gribb-Hartmann on rows of the matrix; Vulkan depth runs 0..1, so near is row 2 alone.
    auto row = [&](int r) { return vec4(m[0][r], m[1][r], m[2][r], m[3][r]); };
    Frustum f;
    f.planes[0] = row(3) + row(0);
    f.planes[1] = row(3) - row(0);
    f.planes[2] = row(3) + row(1);
    f.planes[3] = row(3) - row(1);
    f.planes[4] = row(2);
    f.planes[5] = row(3) - row(2);
    for (int i = 0; i < 6; ++i) {
        f.planes[i] /= glm::length(vec3(f.planes[i]));
        f.absNormals[i] = glm::abs(vec3(f.planes[i]));
    }
    return f;
}

bool Frustum::intersectsSphere(const vec3& c, float r) const {
    for (const vec4& p : planes) {
        if (glm::dot(vec3(p), c) + p.w < -r) return false;
    }
    return true;
}

namespace {

// The box around `box` after the affine transform m (Arvo's method: no corner loop).
Aabb transformBox(const Aabb& box, const mat4& m) {
    vec3 c = box.center();
    vec3 e = (box.max - box.min) * 0.5f;
    vec3 wc = vec3(m * vec4(c, 1.0f));
    vec3 we = glm::abs(vec3(m[0])) * e.x + glm::abs(vec3(m[1])) * e.y + glm::abs(vec3(m[2])) * e.z;
    Aabb out;
    out.min = wc - we;
    out.max = wc + we;
    return out;
}

using Pending = RenderList::Pending;
using BlendItem = RenderList::BlendItem;

// Counting sort by draw key over every chunk's items, chunk after chunk: O(n), and instances
// keep extraction order within a batch.
template <typename Items>
void groupByKey(const std::vector<RenderList::Chunk>& chunks, Items RenderList::Chunk::*items, std::uint32_t keyCount, bool instancing,
                std::vector<std::uint32_t>& outOrder, std::vector<Batch>& outBatches, std::vector<std::uint32_t>& counts,
                std::vector<std::uint32_t>& starts) {
    counts.assign(keyCount + 1, 0);
    for (const RenderList::Chunk& c : chunks) {
        for (const Pending& p : c.*items) ++counts[p.drawKey];
    }
    std::uint32_t base = std::uint32_t(outOrder.size());
    starts.assign(keyCount + 1, 0);
    std::uint32_t running = base;
    for (std::uint32_t k = 0; k < keyCount; ++k) {
        starts[k] = running;
        if (counts[k] == 0) continue;
        if (instancing) {
            outBatches.push_back({k, running, counts[k]});
        } else {
            for (std::uint32_t i = 0; i < counts[k]; ++i) outBatches.push_back({k, running + i, 1});
        }
        running += counts[k];
    }
    outOrder.resize(running);
    for (const RenderList::Chunk& c : chunks) {
        for (const Pending& p : c.*items) outOrder[starts[p.drawKey]++] = p.instance;
    }
}

// Below this many MeshRenderers one thread is faster than waking others.
constexpr std::size_t kParallelSlots = 16384;
constexpr std::size_t kSlotsPerChunk = 8192;

void resetList(RenderList& out) {
    out.order.clear();
    out.opaque.clear();
    out.blended.clear();
    out.shadowOrder.clear();
    out.shadow.clear();
    out.lights.clear();
    out.joints.clear();
    out.hasSunLight = false;
    out.considered = 0;
    out.visible = 0;
    out.visibleBounds = Aabb{};
    out.casterBounds = Aabb{};
    out.instanceCount = 0;
}

void resetChunks(std::vector<RenderList::Chunk>& chunks, std::size_t chunkCount) {
    chunks.resize(chunkCount);
    for (RenderList::Chunk& c : chunks) {
        c.opaque.clear();
        c.casters.clear();
        c.blended.clear();
        c.serial.clear();
        c.considered = c.visible = 0;
        c.visibleBounds = c.casterBounds = Aabb{};
    }
}

// Resolves every MeshRenderer slot again only when the pool, the screens or the resolver changed.
void refreshResolveCache(const ComponentPool<MeshRenderer>& pool, const ComponentPool<MediaScreen>* screens, RenderableResolver& resolver,
                         RenderList::ResolveCache& cache) {
    auto entities = pool.entities();
    auto comps = pool.components();
    std::uint64_t screensId = screens ? screens->instanceId() : 0;
    std::uint64_t screensMembers = screens ? screens->version() : 0;
    bool cached = cache.resolver == &resolver && cache.pool == pool.instanceId() && cache.poolWrites == pool.writeVersion() &&
                  cache.screens == screensId && cache.screensMembers == screensMembers && cache.slots.size() == entities.size();
    if (cached) return;
    cache.resolver = &resolver;
    cache.pool = pool.instanceId();
    cache.poolWrites = pool.writeVersion();
    cache.screens = screensId;
    cache.screensMembers = screensMembers;
    cache.slots.resize(entities.size());
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const MeshRenderer& mr = comps[i];
        RenderList::ResolvedSlot& slot = cache.slots[i];
        slot.entity = entities[i];
        slot.tint = mr.tint;
        slot.visible = mr.visible;
        slot.castShadows = mr.castShadows;
        slot.screen = screens && screens->contains(entities[i]);
        slot.renderable = !mr.visible || slot.screen ? nullptr : resolver.resolve(entities[i], mr);
    }
}

// One extraction's view of the world and the list: culls resolved slots and writes their
// instances and parts into the chunks.
struct SlotExtractor {
    const Frustum& frustum;
    const vec3& eye;
    const ExtractOptions& options;
    const RenderList::ResolveCache& cache;
    GpuInstance* instances;
    std::span<const mat4> worldMatrices;

    // One drawn entity: its instance, its parts in the chunk's lists.
    void emit(RenderList::Chunk& c, std::size_t i, const Renderable& r, const mat4& instanceMatrix, Aabb wb, std::uint32_t jointOffset,
              std::uint32_t jointCount) const {
        const RenderList::ResolvedSlot& slot = cache.slots[i];
        GpuInstance inst{instanceMatrix, slot.tint, {slot.entity.index + 1, jointOffset, jointCount, 0}};
        emitInstance(c, std::uint32_t(i), r, inst, wb, slot.castShadows);
    }

    void emitInstance(RenderList::Chunk& c, std::uint32_t index, const Renderable& r, const GpuInstance& inst, const Aabb& wb,
                      bool castShadows) const {
        c.considered += std::uint32_t(r.parts.size());
        bool inView = frustum.intersects(wb);
        bool casts = options.shadows && castShadows;
        if (!inView && !casts) return;
        instances[index] = inst;
        if (casts) c.casterBounds.expand(wb);
        if (inView) {
            c.visibleBounds.expand(wb);
            c.visible += std::uint32_t(r.parts.size());
        }
        for (const Renderable::Part& part : r.parts) {
            if (inView) {
                if (part.blend) {
                    vec3 toEye = wb.center() - eye;
                    c.blended.push_back({glm::dot(toEye, toEye), part.drawKey, index});
                } else {
                    c.opaque.push_back({part.drawKey, index});
                }
            }
            if (casts && !part.blend) c.casters.push_back({part.drawKey, index});
        }
    }

    // Rigid meshes of slots [begin, end): they only read the cache and the world, so chunks run
    // in parallel. Screens (their resolver call) and skinned meshes (the shared pose cache) are
    // left in c.serial for the serial pass.
    void rigid(RenderList::Chunk& c, std::size_t begin, std::size_t end) const {
        for (std::size_t i = begin; i < end; ++i) {
            const RenderList::ResolvedSlot& slot = cache.slots[i];
            const Renderable* r = slot.renderable;
            if (slot.screen) {
                if (slot.visible) c.serial.push_back(std::uint32_t(i));
                continue;
            }
            if (!r || r->parts.empty()) continue;
            if (r->skinModel) {
                c.serial.push_back(std::uint32_t(i));
                continue;
            }
            const mat4& m = worldMatrices[slot.entity.index];  // pool members are alive: no liveness check
            emit(c, i, *r, m, transformBox(r->bounds, m), 0, 0);
        }
    }

    // A skinned mesh: its pose once a frame (appended to `joints`), culled with a margin.
    void skinned(RenderList::Chunk& c, std::size_t i, const Renderable& r, const mat4& m, Aabb wb, std::vector<mat4>& joints) const {
        if (r.poseFrame != options.frame) {
            static thread_local std::vector<mat4> palette;
            skinJointMatrices(*r.skinModel, r.skin, r.animation, options.animationTime, palette);
            r.jointOffset = std::uint32_t(joints.size());
            r.jointCount = std::uint32_t(palette.size());
            joints.insert(joints.end(), palette.begin(), palette.end());
            r.poseFrame = options.frame;
        }
        // Animated limbs leave the rest-pose box: cull with a generous margin.
        vec3 center = wb.center(), half = (wb.max - wb.min) * 0.75f;
        wb.min = center - half;
        wb.max = center + half;
        emit(c, i, r, m * r.meshNodeRestInverse, wb, r.jointOffset, r.jointCount);
    }

    void serial(RenderList::Chunk& c, RenderableResolver& resolver, std::span<const MeshRenderer> comps,
                const ComponentPool<MediaScreen>* screens, std::vector<mat4>& joints) const {
        for (std::uint32_t i : c.serial) {
            const RenderList::ResolvedSlot& slot = cache.slots[i];
            const Renderable* r = slot.renderable;
            if (slot.screen) r = resolver.resolveScreen(slot.entity, comps[i], *screens->find(slot.entity));
            if (!r || r->parts.empty()) continue;
            const mat4& m = worldMatrices[slot.entity.index];
            Aabb wb = transformBox(r->bounds, m);
            if (!r->skinModel) {
                emit(c, i, *r, m, wb, 0, 0);
                continue;
            }
            skinned(c, i, *r, m, wb, joints);
        }
    }
};

void extractSlots(const World& world, const ComponentPool<MeshRenderer>& pool, const Frustum& frustum, const vec3& eye,
                  RenderableResolver& resolver, const ExtractOptions& options, RenderList& out) {
    const ComponentPool<MediaScreen>* screens = world.findPool<MediaScreen>();
    refreshResolveCache(pool, screens, resolver, out.resolveCache);
    SlotExtractor x{frustum, eye, options, out.resolveCache, out.instances, world.worldMatrices()};
    std::vector<RenderList::Chunk>& chunks = out.chunks;
    std::size_t slotCount = pool.size(), chunkCount = chunks.size();
    std::function<void(unsigned)> rigid = [&](unsigned k) { x.rigid(chunks[k], slotCount * k / chunkCount, slotCount * (k + 1) / chunkCount); };
    if (options.workers && chunkCount > 1) options.workers->run(unsigned(chunkCount), rigid);
    else rigid(0);
    for (RenderList::Chunk& c : chunks) x.serial(c, resolver, pool.components(), screens, out.joints);
}

// Avatars with no model of their own: their custom avatar where the crowd has one (its own
// skin's palette, its materials), else the mannequin of their body preset, posed by the crowd,
// at instance slots after the MeshRenderers'. Each palette is the crowd's joints followed by
// the look matrix, so every preset is one batch whatever the looks.
void extractAvatars(const World& world, const SlotExtractor& x, RenderableResolver& resolver, std::uint32_t firstSlot, RenderList& out) {
    const ComponentPool<Avatar>* pool = world.findPool<Avatar>();
    const CrowdAnimation* crowd = x.options.crowd;
    if (!pool || !crowd) return;
    auto entities = pool->entities();
    auto comps = pool->components();
    RenderList::Chunk& c = out.chunks.front();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        if (!comps[i].model.empty()) continue;
        StableId id = world.stableId(entities[i]);
        const mat4& m = x.worldMatrices[entities[i].index];
        const AvatarModel* custom = crowd->avatarModel(id);
        if (const Renderable* r = custom ? resolver.resolveAvatarModel(*custom) : nullptr; r && !r->parts.empty()) {
            std::span<const mat4> skin = crowd->skinMatrices(id);
            auto jointOffset = std::uint32_t(out.joints.size());
            out.joints.insert(out.joints.end(), skin.begin(), skin.end());
            GpuInstance inst{m, vec4(1.0f), {entities[i].index + 1, jointOffset, std::uint32_t(skin.size()), 0}};
            x.emitInstance(c, firstSlot + std::uint32_t(i), *r, inst, transformBox(r->bounds, m), true);
            continue;
        }
        std::span<const mat4> skin = crowd->skinMatrices(id);
        if (skin.size() != kHumanBoneCount || custom) continue;  // not seen by the crowd's last update
        const AvatarLook* look = crowd->look(id);
        const Renderable* r = resolver.resolveMannequin(look ? look->body : BodyPreset::Average);
        if (!r || r->parts.empty()) continue;
        auto jointOffset = std::uint32_t(out.joints.size());
        out.joints.insert(out.joints.end(), skin.begin(), skin.end());
        out.joints.push_back(lookMatrix(look ? *look : AvatarLook{}));
        GpuInstance inst{m,
                         vec4(1.0f),
                         {entities[i].index + 1, jointOffset, std::uint32_t(kHumanBoneCount), jointOffset + std::uint32_t(kHumanBoneCount) + 1}};
        x.emitInstance(c, firstSlot + std::uint32_t(i), *r, inst, transformBox(r->bounds, m), true);
    }
}

// The chunks' totals into the list; their blended parts into scratchBlended.
void mergeChunks(RenderList& out) {
    std::vector<BlendItem>& blended = out.scratchBlended;
    blended.clear();
    for (const RenderList::Chunk& c : out.chunks) {
        out.considered += c.considered;
        out.visible += c.visible;
        out.visibleBounds.expand(c.visibleBounds);
        out.casterBounds.expand(c.casterBounds);
        blended.insert(blended.end(), c.blended.begin(), c.blended.end());
    }
}

// Blended parts: farthest first; equal neighbours still share a draw.
void orderBlended(bool instancing, RenderList& out) {
    std::vector<BlendItem>& blended = out.scratchBlended;
    std::stable_sort(blended.begin(), blended.end(), [](const BlendItem& a, const BlendItem& b) { return a.depth > b.depth; });
    for (const BlendItem& b : blended) {
        std::uint32_t at = std::uint32_t(out.order.size());
        out.order.push_back(b.instance);
        if (instancing && !out.blended.empty() && out.blended.back().drawKey == b.drawKey &&
            out.blended.back().firstInstance + out.blended.back().instanceCount == at) {
            ++out.blended.back().instanceCount;
        } else {
            out.blended.push_back({b.drawKey, at, 1});
        }
    }
}

// The first Directional light becomes the sun; point and spot lights in view join the list.
void collectLights(const World& world, const Frustum& frustum, RenderList& out) {
    const ComponentPool<Light>* lights = world.findPool<Light>();
    if (!lights) return;
    auto entities = lights->entities();
    auto comps = lights->components();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const Light& l = comps[i];
        const mat4& m = world.worldMatrix(entities[i]);
        // Lights shine along the entity's -Z, as glTF KHR_lights_punctual does.
        vec3 forward = glm::normalize(vec3(m * vec4(0.0f, 0.0f, -1.0f, 0.0f)));
        if (l.type == Light::Type::Directional) {
            if (out.hasSunLight) continue;
            out.hasSunLight = true;
            out.sunDirection = forward;
            out.sunRadiance = l.color * l.intensity;
            out.sunShadows = l.castShadows;
            continue;
        }
        PunctualLight p;
        p.position = vec3(m[3]);
        p.range = std::max(l.range, 0.01f);
        if (!frustum.intersectsSphere(p.position, p.range)) continue;
        p.radiance = l.color * l.intensity;
        p.spot = l.type == Light::Type::Spot;
        p.direction = forward;
        p.cosOuter = std::cos(glm::radians(l.outerConeDegrees));
        p.cosInner = std::max(std::cos(glm::radians(l.innerConeDegrees)), p.cosOuter + 1e-4f);
        out.lights.push_back(p);
    }
}

}  // namespace

const AvatarLook kRegionLook = {BodyPreset::Average, vec3(1.0f, 0.0f, 0.0f), vec3(0.0f, 1.0f, 0.0f), vec3(0.0f, 0.0f, 1.0f), vec3(0.0f)};

MannequinRegion mannequinRegion(const vec4& color) {
    if (color.r > 0.5f) return MannequinRegion::Skin;
    if (color.g > 0.5f) return MannequinRegion::Top;
    if (color.b > 0.5f) return MannequinRegion::Bottom;
    return MannequinRegion::Shoes;
}

mat4 lookMatrix(const AvatarLook& look) {
    return mat4(vec4(look.skin, 1.0f), vec4(look.top, 1.0f), vec4(look.bottom, 1.0f), vec4(look.shoes, 1.0f));
}

std::size_t instanceCapacity(const World& world) {
    const ComponentPool<MeshRenderer>* pool = world.findPool<MeshRenderer>();
    const ComponentPool<Avatar>* avatars = world.findPool<Avatar>();
    return (pool ? pool->size() : 0) + (avatars ? avatars->size() : 0);
}

void extract(const World& world, const Frustum& frustum, const vec3& eye, RenderableResolver& resolver, const ExtractOptions& options,
             RenderList& out) {
    resetList(out);
    const ComponentPool<MeshRenderer>* pool = world.findPool<MeshRenderer>();
    std::size_t slotCount = pool ? pool->size() : 0;
    if (options.instanceStorage) {
        out.instances = options.instanceStorage;
    } else {
        out.ownInstances.resize(instanceCapacity(world));
        out.instances = out.ownInstances.data();
    }

    // Each drawn entity's instance sits at its MeshRenderer's dense slot, so chunks of slots
    // are extracted independently (on several threads in a big venue); unused slots are holes
    // no draw order points at.
    unsigned threads = options.workers ? options.workers->threads() : 1;
    std::size_t chunkCount = slotCount >= kParallelSlots && threads > 1 ? std::max<std::size_t>(threads, slotCount / kSlotsPerChunk) : 1;
    resetChunks(out.chunks, chunkCount);
    if (pool) extractSlots(world, *pool, frustum, eye, resolver, options, out);
    SlotExtractor avatars{frustum, eye, options, out.resolveCache, out.instances, world.worldMatrices()};
    extractAvatars(world, avatars, resolver, std::uint32_t(slotCount), out);
    out.instanceCount = std::uint32_t(instanceCapacity(world));
    mergeChunks(out);

    std::uint32_t keys = resolver.drawKeyCount();
    groupByKey(out.chunks, &RenderList::Chunk::opaque, keys, options.instancing, out.order, out.opaque, out.scratchCounts, out.scratchStarts);
    orderBlended(options.instancing, out);
    groupByKey(out.chunks, &RenderList::Chunk::casters, keys, options.instancing, out.shadowOrder, out.shadow, out.scratchCounts,
               out.scratchStarts);
    collectLights(world, frustum, out);
}

std::vector<std::uint32_t> buildLightTiles(const std::vector<PunctualLight>& lights, const mat4& view, const mat4& proj, std::uint32_t width,
                                           std::uint32_t height, std::uint32_t tileSize, std::uint32_t& tilesX, std::uint32_t& tilesY) {
    tilesX = (width + tileSize - 1) / tileSize;
    tilesY = (height + tileSize - 1) / tileSize;
    std::size_t tileCount = std::size_t(tilesX) * tilesY;
    // Two passes over the lights' tile rectangles (count, then fill) build the flat layout with
    // one allocation instead of a list per tile.
    struct Rect {
        int x0, y0, x1, y1;
    };
    std::vector<Rect> rects(lights.size(), Rect{0, 0, -1, -1});
    for (std::uint32_t li = 0; li < lights.size(); ++li) {
        const PunctualLight& l = lights[li];
        vec3 c = vec3(view * vec4(l.position, 1.0f));
        float r = l.range;
        int x0 = 0, y0 = 0, x1 = int(tilesX) - 1, y1 = int(tilesY) - 1;
        // A sphere wholly in front of the near plane projects inside the screen rectangle of
        // its view-space bounding box corners; one that reaches behind the eye covers the screen.
        if (-c.z - r > 0.01f) {
            vec2 lo(1e9f), hi(-1e9f);
            for (int k = 0; k < 8; ++k) {
                vec3 corner = c + vec3((k & 1) ? r : -r, (k & 2) ? r : -r, (k & 4) ? r : -r);
                vec4 clip = proj * vec4(corner, 1.0f);
                vec2 ndc = vec2(clip) / clip.w;
                lo = glm::min(lo, ndc);
                hi = glm::max(hi, ndc);
            }
            if (hi.x < -1.0f || hi.y < -1.0f || lo.x > 1.0f || lo.y > 1.0f) continue;
            auto toTile = [&](float ndc, std::uint32_t size, std::uint32_t tiles) {
                float px = (ndc * 0.5f + 0.5f) * float(size);
                return std::clamp(int(std::floor(px / float(tileSize))), 0, int(tiles) - 1);
            };
            x0 = toTile(lo.x, width, tilesX);
            x1 = toTile(hi.x, width, tilesX);
            y0 = toTile(lo.y, height, tilesY);
            y1 = toTile(hi.y, height, tilesY);
        }
        rects[li] = {x0, y0, x1, y1};
    }
    std::vector<std::uint32_t> counts(tileCount, 0);
    for (const Rect& r : rects) {
        for (int y = r.y0; y <= r.y1; ++y) {
            for (int x = r.x0; x <= r.x1; ++x) ++counts[std::size_t(y) * tilesX + std::size_t(x)];
        }
    }
    std::vector<std::uint32_t> data(tileCount * 2);
    std::uint32_t at = std::uint32_t(tileCount * 2);
    for (std::size_t t = 0; t < tileCount; ++t) {
        data[t * 2] = at;
        at += counts[t];
    }
    data.resize(at);
    for (std::size_t t = 0; t < tileCount; ++t) counts[t] = 0;
    for (std::uint32_t li = 0; li < rects.size(); ++li) {
        const Rect& r = rects[li];
        for (int y = r.y0; y <= r.y1; ++y) {
            for (int x = r.x0; x <= r.x1; ++x) {
                std::size_t t = std::size_t(y) * tilesX + std::size_t(x);
                data[data[t * 2] + counts[t]++] = li;
            }
        }
    }
    for (std::size_t t = 0; t < tileCount; ++t) data[t * 2 + 1] = counts[t];
    return data;
}

}  // namespace atrium::render
