#pragma once
// Extraction: World -> render list. Reads MeshRenderer, world matrices and Light; culls against
// the view frustum on the CPU; groups visible instances by draw key (one mesh primitive with one
// material) so each group is a single instanced draw; sorts blended parts back to front.
// Pure CPU, no Vulkan, so it is tested and benchmarked without a device.
#include <cstdint>
#include <vector>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/assets/model.hpp"
#include "atrium/core/math.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::render {

class WorkerPool;

// Per-instance data (instances.glsl reads it from the frame's ring).
struct GpuInstance {
    mat4 model;
    vec4 tint;
    // x: entity index + 1 (0 is "nothing", for picking), y: first joint, z: joint count,
    // w: a mannequin's look (its four colours as a mat4 in the joints) + 1, 0 for none
    std::uint32_t ids[4];
};
static_assert(sizeof(GpuInstance) == 96);

// What a MeshRenderer resolves to: its local bounds and one part per primitive.
struct Renderable {
    struct Part {
        std::uint32_t drawKey = 0;
        bool blend = false;
    };
    Aabb bounds;
    std::vector<Part> parts;

    // Skinned meshes: the model whose skin deforms them, and the inverse rest-pose transform of
    // the mesh's node (the entity sits where that node does; joints are in model space).
    const Model* skinModel = nullptr;
    int skin = -1;
    int animation = -1;
    mat4 meshNodeRestInverse{1.0f};
    // Pose cache: evaluated once per frame however many instances share it.
    mutable std::uint64_t poseFrame = ~0ull;
    mutable std::uint32_t jointOffset = 0;
    mutable std::uint32_t jointCount = 0;
};

class RenderableResolver {
public:
    virtual ~RenderableResolver() = default;
    // Null when the mesh cannot be drawn (missing asset, reported once by the resolver).
    virtual const Renderable* resolve(Entity e, const MeshRenderer& mr) = 0;
    virtual std::uint32_t drawKeyCount() const = 0;
    // An entity that also has a MediaScreen shows the app's pixels instead of its material.
    // The built-in avatar body for a preset, skinned by a CrowdAnimation's matrices; its
    // vertices carry a look region (mannequinRegion) instead of a colour, so one mesh serves
    // every look. Null: avatars are not drawn.
    virtual const Renderable* resolveMannequin(BodyPreset preset) {
        (void)preset;
        return nullptr;
    }
    // A custom avatar's skinned meshes with their own materials, one Renderable per model however
    // many people wear it (so they batch), drawn with the crowd's retargeted joint matrices in
    // the avatar's space. Null: those avatars are not drawn.
    virtual const Renderable* resolveAvatarModel(const AvatarModel& avatar) {
        (void)avatar;
        return nullptr;
    }
    virtual const Renderable* resolveScreen(Entity e, const MeshRenderer& mr, const MediaScreen& screen) {
        (void)screen;
        return resolve(e, mr);
    }
};

// The mannequin's look regions, in the order of the look matrix's columns: a vertex of region r
// takes column r (skin, top, bottom, shoes). Stored in the vertex's uv.x, which the untextured
// mannequin does not otherwise use.
enum class MannequinRegion : std::uint8_t { Skin, Top, Bottom, Shoes };
// The region makeMannequinMesh painted a vertex with, given kRegionLook as its look.
MannequinRegion mannequinRegion(const vec4& vertexColor);
extern const AvatarLook kRegionLook;
// The look as the shader reads it: one colour per column.
mat4 lookMatrix(const AvatarLook& look);

struct Frustum {
    vec4 planes[6];        // inside when dot(plane.xyz, p) + plane.w >= 0
    vec3 absNormals[6]{};  // |plane.xyz|, kept so the per-instance box test skips 18 abs()
    static Frustum fromViewProj(const mat4& viewProj);
    // Inline: extraction calls it once per entity, 100,000 times a frame in a big hall.
    bool intersects(const Aabb& box) const {
        vec3 c = box.center();
        vec3 e = (box.max - box.min) * 0.5f;
        for (int i = 0; i < 6; ++i) {
            const vec4& p = planes[i];
            if (glm::dot(vec3(p), c) + p.w < -glm::dot(absNormals[i], e)) return false;
        }
        return true;
    }
    bool intersectsSphere(const vec3& c, float r) const;
};

struct Batch {
    std::uint32_t drawKey = 0;
    std::uint32_t firstInstance = 0;
    std::uint32_t instanceCount = 0;
};

struct PunctualLight {
    vec3 position;
    float range;
    vec3 radiance;  // colour * intensity
    bool spot;
    vec3 direction;  // spot: where it points
    float cosOuter;
    float cosInner;
};

struct RenderList {
    // Each entity's instance is built once, in ExtractOptions::instanceStorage when given (the
    // renderer passes its mapped frame buffer, so instances are written where the GPU reads
    // them, with no copy), else in ownInstances. The draw orders index into them and go to the
    // GPU as they are (the vertex shaders fetch instances through them).
    GpuInstance* instances = nullptr;
    std::uint32_t instanceCount = 0;  // slots in `instances` (one per MeshRenderer, then per Avatar; undrawn ones are holes)
    std::vector<GpuInstance> ownInstances;
    std::vector<std::uint32_t> order;  // opaque batches, then blended ones, in draw order
    std::vector<Batch> opaque;
    std::vector<Batch> blended;  // back to front
    std::vector<std::uint32_t> shadowOrder;
    std::vector<Batch> shadow;
    std::vector<PunctualLight> lights;  // in view
    std::vector<mat4> joints;           // skin palettes; instances point into this
    bool hasSunLight = false;           // a Directional Light entity overrides the venue sun
    vec3 sunDirection{0.0f, -1.0f, 0.0f};
    vec3 sunRadiance{0.0f};
    bool sunShadows = true;
    std::uint32_t considered = 0;
    std::uint32_t visible = 0;
    Aabb visibleBounds;
    Aabb casterBounds;

    // Scratch kept between frames so extraction allocates (and page-faults) nothing in steady state.
    struct Pending {
        std::uint32_t drawKey;
        std::uint32_t instance;
    };
    struct BlendItem {
        float depth;
        std::uint32_t drawKey;
        std::uint32_t instance;
    };
    // One range of MeshRenderer slots, extracted on its own (possibly on another thread).
    struct alignas(64) Chunk {  // own cache lines: chunks are filled by different threads
        std::vector<Pending> opaque, casters;
        std::vector<BlendItem> blended;
        std::vector<std::uint32_t> serial;  // screens and skinned meshes, done after the parallel pass
        std::uint32_t considered = 0, visible = 0;
        Aabb visibleBounds, casterBounds;
    };
    std::vector<Chunk> chunks;
    std::vector<BlendItem> scratchBlended;
    std::vector<std::uint32_t> scratchCounts, scratchStarts;
    // What each MeshRenderer (by dense slot) resolved to, with the few fields drawing needs,
    // kept while neither that pool nor the MediaScreen pool's membership has changed
    // (ComponentPoolBase::writeVersion): a still venue costs no resolver lookups, no string
    // compares and no reads of the components themselves.
    struct ResolvedSlot {
        const Renderable* renderable = nullptr;  // null: not drawn (hidden, or nothing to draw)
        vec4 tint{1.0f};
        Entity entity;
        bool visible = false;
        bool castShadows = false;
        bool screen = false;  // resolved every frame: a screen's look can change without a write
    };
    struct ResolveCache {
        const RenderableResolver* resolver = nullptr;
        std::uint64_t pool = 0, poolWrites = 0, screens = 0, screensMembers = 0;
        std::vector<ResolvedSlot> slots;
    } resolveCache;

    const GpuInstance& instance(std::size_t drawIndex) const { return instances[order[drawIndex]]; }
    const GpuInstance& shadowInstance(std::size_t drawIndex) const { return instances[shadowOrder[drawIndex]]; }
};

struct ExtractOptions {
    bool instancing = true;  // false: one batch per instance (for comparisons)
    bool shadows = true;
    double animationTime = 0.0;  // seconds; skinned meshes play their model's first animation
    std::uint64_t frame = 0;     // distinct per call, for the pose cache
    // Poses and looks of Avatar entities with no model of their own, drawn as mannequins
    // (null: avatars are not drawn).
    const CrowdAnimation* crowd = nullptr;
    // Where to write the instances: at least instanceCapacity(world) of them (null: the list's own).
    GpuInstance* instanceStorage = nullptr;
    // Threads to share a big venue's extraction with (null: the calling thread alone).
    WorkerPool* workers = nullptr;
};

// The most instances extract() can write for this world: one per MeshRenderer, then one per Avatar.
std::size_t instanceCapacity(const World& world);

void extract(const World& world, const Frustum& frustum, const vec3& eye, RenderableResolver& resolver, const ExtractOptions& options,
             RenderList& out);

// Screen tiles (tileSize pixels square) listing the lights whose sphere of influence may touch
// them. Layout: per tile (offset, count) pairs, then the index lists; offsets index this array.
std::vector<std::uint32_t> buildLightTiles(const std::vector<PunctualLight>& lights, const mat4& view, const mat4& proj, std::uint32_t width,
                                           std::uint32_t height, std::uint32_t tileSize, std::uint32_t& tilesX, std::uint32_t& tilesY);

}  // namespace atrium::render
