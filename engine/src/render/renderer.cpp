#include "atrium/render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include "atrium/core/log.hpp"
#include "atrium/platform/window.hpp"
#include "render/composite_pass.hpp"
#include "render/device.hpp"
#include "render/gpu_memory.hpp"
#include "render/gpu_resources.hpp"
#include "render/gpu_scene.hpp"
#include "render/gpu_types.hpp"
#include "render/labels.hpp"
#include "render/main_pass.hpp"
#include "render/pick_pass.hpp"
#include "render/pipeline_table.hpp"
#include "render/render_layouts.hpp"
#include "render/render_list.hpp"
#include "render/scene_target.hpp"
#include "render/shadow_pass.hpp"
#include "render/swapchain.hpp"
#include "render/tonemap_pass.hpp"
#include "render/ui_pass.hpp"
#include "render/vk_check.hpp"
#include "render/vk_handle.hpp"
#include "render/worker_pool.hpp"

namespace atrium {
using namespace render;

namespace {

constexpr VkDeviceSize kRingAlignment = 256;

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

VkDeviceSize alignUp(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

// Reports GPU memory still allocated when the renderer's members are gone: declared right after
// the allocator, it is destroyed after every member that owns GPU memory.
struct LeakCheck {
    const GpuMemory* memory = nullptr;
    LeakCheck() = default;
    LeakCheck(const LeakCheck&) = delete;
    LeakCheck& operator=(const LeakCheck&) = delete;
    ~LeakCheck() {
        if (memory && memory->liveAllocations() != 0) {
            logError("render", "GPU memory leak: " + std::to_string(memory->liveAllocations()) + " allocations still live at shutdown");
        }
    }
};

}  // namespace

struct Renderer::Impl {
    struct Frame {
        CommandPool pool;
        VkCommandBuffer cmd = VK_NULL_HANDLE;  // freed with the pool
        Fence fence;
        Semaphore imageAvailable;  // window mode: the acquired image is ready
        UniqueBuffer uniforms;
        UniqueBuffer ring;                     // draw orders, lights, light tiles, joints and labels, rewritten each use
        UniqueBuffer instances;                // extraction writes each drawn entity's GpuInstance here directly
        VkDescriptorSet set = VK_NULL_HANDLE;  // freed with the descriptor pool
    };
    struct RingSlices {
        VkDeviceSize instancesSize = 0, order = 0, orderSize = 0, lights = 0, lightsSize = 0;
        VkDeviceSize tiles = 0, tilesSize = 0;
        VkDeviceSize joints = 0, jointsSize = 0, labels = 0;
    };

    RendererOptions options;
    WorkerPool workers{options.extractThreads == 0 ? WorkerPool::defaultWorkers() : options.extractThreads - 1};
    AssetCache assets;

    // GPU state. Members are destroyed in reverse order: everything below the allocator gives
    // its objects back before the allocator and the device go; ~Impl first waits for the GPU.
    std::unique_ptr<Device> device;
    std::unique_ptr<GpuMemory> memory;
    std::unique_ptr<GpuResources> res;
    LeakCheck leakCheck;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    RenderLayouts layouts;
    DescriptorPool descriptorPool;
    PipelineSet pipelines;
    std::unique_ptr<ShadowPass> shadow;
    std::unique_ptr<TonemapPass> tonemap;
    Frame frames[kFramesInFlight];
    Surface surface;
    std::unique_ptr<Swapchain> swapchain;  // before the surface it was made for goes
    Pipeline windowTonemapPipeline;
    UniqueImage composite;  // renderToImage with a FrameComposition draws here
    UniqueBuffer compositeReadback;
    UniqueBuffer captureBuffer;
    std::unique_ptr<UiPass> ui;
    SceneTarget target;
    std::unique_ptr<GpuScene> scene;  // its material sets use layouts.material

    std::uint32_t frameIndex = 0;
    RenderList list;
    RenderStats stats;
    PickPass picking;
    std::vector<WorldLabel> labels;
    std::vector<WorldLabel> frameLabels;
    std::vector<LabelVertex> labelVertices;
    VkDescriptorSet labelAtlasSet = VK_NULL_HANDLE;
    std::unique_ptr<LabelFont> labelFont;  // made when the first label shows up
    VenueFont labelFontFamily = VenueFont::Sans;
    bool labelFontFailed = false;
    double animationTime = 0.0;
    const CrowdAnimation* crowd = nullptr;
    CrowdAnimation idleCrowd;  // poses avatars when no crowd is set
    std::uint64_t frameCounter = 0;
    float exposure = 1.0f;
    Window* window = nullptr;
    std::uint64_t seenResizes = 0;
    bool captureRequested = false;
    bool captureReady = false;
    VkExtent2D captureExtent{};
    VkFormat captureFormat = VK_FORMAT_UNDEFINED;

    explicit Impl(const RendererOptions& o) : options(o) {}
    LabelFont* labelFontFor(VenueFont family);
    ~Impl() {
        if (device) vkDeviceWaitIdle(device->device());  // nothing below may be in use as it goes
    }
    void init();
    void initWindow();
    void createFrames();
    void ensureTarget(VkExtent2D extent);
    void writeFrameSet(Frame& f, const RingSlices& s);
    RingSlices fillRing(Frame& f, const std::vector<std::uint32_t>& tiles);
    void ensureFrameBuffer(UniqueBuffer& buffer, VkDeviceSize bytes, VkBufferUsageFlags usage);
    std::vector<std::uint32_t> extractFrame(const World& world, const CameraView& cam, Frame& f, std::uint32_t w, std::uint32_t h,
                                            std::uint32_t& tilesX, std::uint32_t& tilesY);
    FrameUniforms frameUniforms(const World& world, const CameraView& cam, float aspect, bool shadows) const;
    Frame& recordScene(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h);
    TonemapDraw tonemapDraw(VkPipeline pipeline, bool encodeSrgb) const {
        return {pipeline, layouts.tonemapPipeline, target.tonemapSet, exposure, encodeSrgb};
    }
    void submit(Frame& f, const std::vector<VkSemaphoreSubmitInfo>& waits, const std::vector<VkSemaphoreSubmitInfo>& signals);
    // Ends an offscreen frame: copies `image` (colour attachment, RGBA8) and the pick ids out,
    // submits, and waits, since offscreen callers want the pixels at once.
    Image readBackAndWait(Frame& f, VkImage image, const Buffer& readback, std::uint32_t w, std::uint32_t h);
    Image render(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h);
    Status drawToWindow(const World& world, const CameraView& cam, const FrameComposition& composition);
    bool acquire(Frame& next, std::uint32_t& imageIndex, VkResult& acquired);
    void present(std::uint32_t imageIndex, VkResult acquired);
    Image renderComposite(const World& world, const CameraView& cam, const FrameComposition& composition, std::uint32_t w, std::uint32_t h);
    void ensureComposite(VkExtent2D extent);
    void recordWindowCapture(VkCommandBuffer cmd, VkImage image);
};

void Renderer::Impl::init() {
    DeviceOptions d;
    d.validation = options.validation;
    window = options.window;
    if (window) {
        d.instanceExtensions = Window::requiredVulkanExtensions();
        if (d.instanceExtensions.empty()) throw VulkanError("GLFW reports no Vulkan surface support");
        d.swapchain = true;
    }
    device = std::make_unique<Device>(d);
    memory = std::make_unique<GpuMemory>(device->physical(), device->device());
    res = std::make_unique<GpuResources>(*device, *memory);
    leakCheck.memory = memory.get();
    samples = device->maxSamples(std::max(1u, options.msaaSamples));
    VkDevice vd = device->device();
    layouts = RenderLayouts::create(vd);
    descriptorPool = createRendererDescriptorPool(vd, kFramesInFlight);
    pipelines.build(vd, {layouts.mesh, layouts.shadow, layouts.tonemapPipeline, samples, kOutputFormat});
    createFrames();
    shadow = std::make_unique<ShadowPass>(*device, *res, options.shadowMapSize);
    tonemap = std::make_unique<TonemapPass>(vd);
    scene = std::make_unique<GpuScene>(*res, assets, layouts.material);
    ui = std::make_unique<UiPass>(*res, kFramesInFlight);
    if (window) initWindow();
}

void Renderer::Impl::initWindow() {
    VkDevice d = device->device();
    VkSurfaceKHR raw;
    ATRIUM_VK(glfwCreateWindowSurface(device->instance(), static_cast<GLFWwindow*>(window->nativeHandle()), nullptr, &raw));
    surface = Surface(device->instance(), raw);
    swapchain = std::make_unique<Swapchain>(*device, surface, options.vsync);
    PipelineTargets targets{layouts.mesh, layouts.shadow, layouts.tonemapPipeline, samples, swapchain->format()};
    windowTonemapPipeline = Pipeline(d, createPipeline(d, describePipeline(PipelineId::Tonemap, targets)));
    for (Frame& f : frames) {
        VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VkSemaphore s;
        ATRIUM_VK(vkCreateSemaphore(d, &sci, nullptr, &s));
        f.imageAvailable = Semaphore(d, s);
    }
}

void Renderer::Impl::createFrames() {
    VkDevice d = device->device();
    for (Frame& f : frames) {
        VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        pci.queueFamilyIndex = device->queueFamily();
        VkCommandPool pool;
        ATRIUM_VK(vkCreateCommandPool(d, &pci, nullptr, &pool));
        f.pool = CommandPool(d, pool);
        VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        ai.commandPool = f.pool;
        ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        ai.commandBufferCount = 1;
        ATRIUM_VK(vkAllocateCommandBuffers(d, &ai, &f.cmd));
        VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        fci.flags = VK_FENCE_CREATE_SIGNALED_BIT;
        VkFence fence;
        ATRIUM_VK(vkCreateFence(d, &fci, nullptr, &fence));
        f.fence = Fence(d, fence);
        f.uniforms = UniqueBuffer(*res, res->createBuffer(sizeof(FrameUniforms), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, true));
        f.ring = UniqueBuffer(*res, res->createBuffer(1 << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, true));
        f.instances = UniqueBuffer(*res, res->createBuffer(1 << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, true));
        VkDescriptorSetAllocateInfo dai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        dai.descriptorPool = descriptorPool;
        dai.descriptorSetCount = 1;
        dai.pSetLayouts = layouts.frame.address();
        ATRIUM_VK(vkAllocateDescriptorSets(d, &dai, &f.set));
    }
}

void Renderer::Impl::ensureTarget(VkExtent2D extent) {
    if (target.extent.width == extent.width && target.extent.height == extent.height && target.output->image) return;
    // Both frames may still use the old images.
    vkDeviceWaitIdle(device->device());
    target = SceneTarget{};
    target.extent = extent;
    auto image = [&](const ImageDesc& desc) { return UniqueImage(*res, res->createImage(desc)); };
    ImageDesc desc;
    desc.extent = extent;
    if (samples != VK_SAMPLE_COUNT_1_BIT) {
        desc.samples = samples;
        desc.format = kHdrFormat;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        target.hdrMsaa = image(desc);
        desc.format = kPickFormat;
        target.pickMsaa = image(desc);
    }
    desc.samples = samples;
    desc.format = kDepthFormat;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    target.depth = image(desc);
    desc.samples = VK_SAMPLE_COUNT_1_BIT;
    desc.format = kHdrFormat;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    target.hdr = image(desc);
    desc.format = kPickFormat;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    target.pick = image(desc);
    desc.format = kOutputFormat;
    target.output = image(desc);
    VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
    target.readback = UniqueBuffer(*res, res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true));
    target.pickReadback = UniqueBuffer(*res, res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true));
    target.tonemapSet = tonemap->allocateInput(descriptorPool, layouts.tonemap, target.hdr->view);
}

Renderer::Impl::RingSlices Renderer::Impl::fillRing(Frame& f, const std::vector<std::uint32_t>& tiles) {
    RingSlices s;
    VkDeviceSize at = 0;
    auto reserve = [&](VkDeviceSize bytes) {
        VkDeviceSize offset = at;
        at = alignUp(at + std::max<VkDeviceSize>(bytes, 16), kRingAlignment);
        return offset;
    };
    VkDeviceSize mainOrderBytes = list.order.size() * sizeof(std::uint32_t);
    VkDeviceSize shadowOrderBytes = list.shadowOrder.size() * sizeof(std::uint32_t);
    std::size_t lightCount = std::max<std::size_t>(list.lights.size(), 1);
    s.instancesSize = std::max<VkDeviceSize>(list.instanceCount * sizeof(GpuInstance), sizeof(GpuInstance));
    s.orderSize = std::max<VkDeviceSize>(mainOrderBytes + shadowOrderBytes, 16);
    s.order = reserve(s.orderSize);
    s.lightsSize = lightCount * sizeof(GpuPointLight);
    s.lights = reserve(s.lightsSize);
    s.tilesSize = tiles.size() * sizeof(std::uint32_t);
    s.tiles = reserve(s.tilesSize);
    s.jointsSize = std::max<std::size_t>(list.joints.size(), 1) * sizeof(mat4);
    s.joints = reserve(s.jointsSize);
    s.labels = reserve(labelVertices.size() * sizeof(LabelVertex));
    ensureFrameBuffer(f.ring, at, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    auto* base = static_cast<std::uint8_t*>(f.ring->mapped());
    // The main and shadow draw orders back to back (shadow batches start at list.order.size());
    // the instances they index are already in f.instances.
    if (mainOrderBytes) std::memcpy(base + s.order, list.order.data(), mainOrderBytes);
    if (shadowOrderBytes) std::memcpy(base + s.order + mainOrderBytes, list.shadowOrder.data(), shadowOrderBytes);
    auto* lights = reinterpret_cast<GpuPointLight*>(base + s.lights);
    std::memset(lights, 0, s.lightsSize);
    for (std::size_t i = 0; i < list.lights.size(); ++i) {
        const PunctualLight& l = list.lights[i];
        lights[i].positionRange = vec4(l.position, l.range);
        lights[i].colorIntensity = vec4(l.radiance, 0.0f);
        lights[i].spotDirection = vec4(l.direction, l.spot ? 1.0f : 0.0f);
        lights[i].spotCone = vec4(l.cosOuter, 1.0f / (l.cosInner - l.cosOuter), 0.0f, 0.0f);
    }
    std::memcpy(base + s.tiles, tiles.data(), s.tilesSize);
    if (!labelVertices.empty()) std::memcpy(base + s.labels, labelVertices.data(), labelVertices.size() * sizeof(LabelVertex));
    if (!list.joints.empty()) std::memcpy(base + s.joints, list.joints.data(), list.joints.size() * sizeof(mat4));
    return s;
}

// Grows one of a frame's mapped buffers (doubling) to hold `bytes`. Only called after the
// frame's fence has been waited on, so the old buffer is no longer read by the GPU.
void Renderer::Impl::ensureFrameBuffer(UniqueBuffer& buffer, VkDeviceSize bytes, VkBufferUsageFlags usage) {
    if (bytes <= buffer->size) return;
    VkDeviceSize size = buffer->size;
    while (size < bytes) size *= 2;
    buffer.reset();
    buffer = UniqueBuffer(*res, res->createBuffer(size, usage, true));
}

void Renderer::Impl::writeFrameSet(Frame& f, const RingSlices& s) {
    VkDescriptorBufferInfo ubo{f.uniforms->buffer, 0, sizeof(FrameUniforms)};
    VkDescriptorBufferInfo lights{f.ring->buffer, s.lights, s.lightsSize};
    VkDescriptorBufferInfo tiles{f.ring->buffer, s.tiles, s.tilesSize};
    VkDescriptorImageInfo shadowMap = shadow->sampled();
    VkDescriptorBufferInfo joints{f.ring->buffer, s.joints, s.jointsSize};
    VkDescriptorBufferInfo instances{f.instances->buffer, 0, s.instancesSize};
    VkDescriptorBufferInfo order{f.ring->buffer, s.order, s.orderSize};
    VkWriteDescriptorSet w[7];
    for (std::uint32_t i = 0; i < 7; ++i) {
        w[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        w[i].dstSet = f.set;
        w[i].dstBinding = i;
        w[i].descriptorCount = 1;
        w[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    }
    w[0].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
    w[0].pBufferInfo = &ubo;
    w[1].pBufferInfo = &lights;
    w[2].pBufferInfo = &tiles;
    w[3].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w[3].pImageInfo = &shadowMap;
    w[4].pBufferInfo = &joints;
    w[5].pBufferInfo = &instances;
    w[6].pBufferInfo = &order;
    vkUpdateDescriptorSets(device->device(), 7, w, 0, nullptr);
}

// The venue's label font; a venue that changes family gets a fresh atlas. Null (logged once)
// when the fonts are missing: labels are then left out rather than drawn as boxes.
LabelFont* Renderer::Impl::labelFontFor(VenueFont family) {
    if (labelFont && labelFontFamily == family) return labelFont.get();
    if (labelFontFailed && labelFontFamily == family) return nullptr;
    labelFontFamily = family;
    auto font = createLabelFont(family == VenueFont::Serif ? text::FontFamily::Serif : text::FontFamily::Sans, options.glyphAtlasSize);
    labelFontFailed = !font.ok();
    if (!font) {
        logError("render", "labels are not drawn: " + font.error().toString());
        labelFont.reset();
        return nullptr;
    }
    labelFont = std::move(*font);
    return labelFont.get();
}

// World -> render list, straight into the frame's instance buffer; then this frame's labels
// and light tiles. Returns the tiles (tilesX by tilesY).
std::vector<std::uint32_t> Renderer::Impl::extractFrame(const World& world, const CameraView& cam, Frame& f, std::uint32_t w, std::uint32_t h,
                                                        std::uint32_t& tilesX, std::uint32_t& tilesY) {
    mat4 view = cam.view();
    mat4 proj = cam.projection(float(w) / float(h));
    ExtractOptions eo;
    eo.instancing = options.instancing;
    eo.shadows = options.shadows;
    eo.animationTime = animationTime;
    eo.frame = ++frameCounter;
    ensureFrameBuffer(f.instances, std::max<std::size_t>(instanceCapacity(world), 1) * sizeof(GpuInstance), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    eo.instanceStorage = static_cast<GpuInstance*>(f.instances->mapped());
    eo.workers = &workers;
    if (!crowd) idleCrowd.update(world, 0.0, 0.0f);
    eo.crowd = crowd ? crowd : &idleCrowd;
    extract(world, Frustum::fromViewProj(proj * view), cam.eye, *scene, eo, list);
    frameLabels = labels;
    NameTagOptions tags{options.nameTagLimit, options.nameTagFadeStart, options.nameTagFadeEnd};
    appendAvatarLabels(world, eo.crowd, cam.eye, tags, frameLabels);
    labelVertices.clear();
    if (LabelFont* font = frameLabels.empty() ? nullptr : labelFontFor(world.settings.font)) {
        font->beginFrame();
        buildLabelVertices(frameLabels, view, *font, labelVertices, float(h) / (2.0f * std::tan(glm::radians(cam.fovYDegrees) * 0.5f)));
        labelAtlasSet = scene->glyphAtlasSet(font->atlas);
        stats.labelGlyphs = std::uint32_t(labelVertices.size() / 6);
        stats.glyphsRasterized = font->atlas.stats().rasterized;
        stats.glyphsEvicted = font->atlas.stats().evicted;
    }
    return buildLightTiles(list.lights, view, proj, w, h, kTileSize, tilesX, tilesY);
}

FrameUniforms Renderer::Impl::frameUniforms(const World& world, const CameraView& cam, float aspect, bool shadows) const {
    const VenueSettings& vs = world.settings;
    mat4 view = cam.view();
    mat4 viewProj = cam.projection(aspect) * view;
    FrameUniforms u{};
    u.viewProj = viewProj;
    u.view = view;
    u.invViewProj = glm::inverse(viewProj);
    u.cameraPos = vec4(cam.eye, vs.exposure);
    vec3 sunDir = list.hasSunLight ? list.sunDirection : vs.sunDirection;
    if (glm::length(sunDir) < 1e-6f) sunDir = vec3(0.0f, -1.0f, 0.0f);
    u.sunDirection = vec4(glm::normalize(sunDir), shadows ? 1.0f : 0.0f);
    u.sunRadiance = vec4(list.hasSunLight ? list.sunRadiance : vs.sunColor * vs.sunIntensity, 0.0f);
    u.skyZenith = vec4(vs.skyZenithColor, vs.ambientIntensity);
    u.skyHorizon = vec4(vs.skyHorizonColor, 0.0f);
    u.skyGround = vec4(vs.groundColor, 0.0f);
    u.tiles[2] = std::uint32_t(list.lights.size());
    u.tiles[3] = shadow->mapSize();
    u.shadowParams = vec4(1.5f, 1.0f, 0.0f, 0.0f);
    if (shadows) shadow->computeCascades(list, cam, aspect, u);
    return u;
}

Renderer::Impl::Frame& Renderer::Impl::recordScene(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h) {
    VkDevice d = device->device();
    ensureTarget({w, h});
    Frame& f = frames[frameIndex];
    frameIndex = (frameIndex + 1) % kFramesInFlight;
    ATRIUM_VK(vkWaitForFences(d, 1, f.fence.address(), VK_TRUE, UINT64_MAX));

    stats = RenderStats{};
    auto t0 = std::chrono::steady_clock::now();
    std::uint32_t tilesX = 0, tilesY = 0;
    std::vector<std::uint32_t> tiles = extractFrame(world, cam, f, w, h, tilesX, tilesY);
    stats.extractMs = msSince(t0);
    scene->flushUploads();

    auto t1 = std::chrono::steady_clock::now();
    bool shadows = options.shadows && !list.shadow.empty() && (!list.hasSunLight || list.sunShadows);
    FrameUniforms u = frameUniforms(world, cam, float(w) / float(h), shadows);
    u.tiles[0] = tilesX;
    u.tiles[1] = tilesY;
    std::memcpy(f.uniforms->mapped(), &u, sizeof(u));
    RingSlices slices = fillRing(f, tiles);
    writeFrameSet(f, slices);

    ATRIUM_VK(vkResetCommandPool(d, f.pool, 0));
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    ATRIUM_VK(vkBeginCommandBuffer(f.cmd, &bi));
    PassContext ctx{f.cmd, f.set, list, *scene, pipelines, layouts, stats};
    if (shadows) shadow->record(ctx, u);
    LabelDraw labelDraw{f.ring->buffer, slices.labels, std::uint32_t(labelVertices.size()), labelAtlasSet};
    recordMainPass(ctx, target, samples, labelDraw);
    exposure = world.settings.exposure;
    stats.recordMs = msSince(t1);
    stats.instances = list.considered;
    stats.visibleInstances = list.visible;
    stats.lightsInView = std::uint32_t(list.lights.size());
    stats.missingAssets = scene->missingAssets();
    return f;
}

void Renderer::Impl::submit(Frame& f, const std::vector<VkSemaphoreSubmitInfo>& waits, const std::vector<VkSemaphoreSubmitInfo>& signals) {
    ATRIUM_VK(vkEndCommandBuffer(f.cmd));
    ATRIUM_VK(vkResetFences(device->device(), 1, f.fence.address()));
    VkCommandBufferSubmitInfo cbi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cbi.commandBuffer = f.cmd;
    VkSubmitInfo2 si{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    si.waitSemaphoreInfoCount = std::uint32_t(waits.size());
    si.pWaitSemaphoreInfos = waits.data();
    si.commandBufferInfoCount = 1;
    si.pCommandBufferInfos = &cbi;
    si.signalSemaphoreInfoCount = std::uint32_t(signals.size());
    si.pSignalSemaphoreInfos = signals.data();
    ATRIUM_VK(vkQueueSubmit2(device->queue(), 1, &si, f.fence));
}

Image Renderer::Impl::readBackAndWait(Frame& f, VkImage image, const Buffer& readback, std::uint32_t w, std::uint32_t h) {
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                 VK_ACCESS_2_TRANSFER_READ_BIT);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {w, h, 1};
    vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.buffer, 1, &region);
    picking.recordCopy(cmd, target);
    hostReadBarrier(cmd);
    submit(f, {}, {});
    ATRIUM_VK(vkWaitForFences(device->device(), 1, f.fence.address(), VK_TRUE, UINT64_MAX));
    Image img;
    img.width = w;
    img.height = h;
    img.pixels.resize(std::size_t(w) * h * 4);
    std::memcpy(img.pixels.data(), readback.mapped(), img.pixels.size());
    return img;
}

Image Renderer::Impl::render(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h) {
    Frame& f = recordScene(world, cam, w, h);
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, target.output->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    TonemapPass::record(cmd, tonemapDraw(pipelines[PipelineId::Tonemap], true), target.output->view, target.extent);
    return readBackAndWait(f, target.output->image, *target.readback, w, h);
}

// Copies the swapchain image into a host-visible buffer on the way to presentation; it ends in
// the present layout. The presentation engine only reads the image, so the copy can share it.
void Renderer::Impl::recordWindowCapture(VkCommandBuffer cmd, VkImage image) {
    VkExtent2D extent = swapchain->extent();
    VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
    if (captureBuffer->size < bytes) {
        // An earlier capture nobody read may still be in flight (rare: a window grown between).
        ATRIUM_VK(vkDeviceWaitIdle(device->device()));
        captureBuffer.reset();
        captureBuffer = UniqueBuffer(*res, res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true));
    }
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                 VK_ACCESS_2_TRANSFER_READ_BIT);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {extent.width, extent.height, 1};
    vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, captureBuffer->buffer, 1, &region);
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE);
    captureExtent = extent;
    captureFormat = swapchain->format();
    captureRequested = false;
    captureReady = true;
}

void Renderer::Impl::ensureComposite(VkExtent2D extent) {
    if (composite->extent.width == extent.width && composite->extent.height == extent.height && composite->image) return;
    vkDeviceWaitIdle(device->device());  // the other frame in flight may still copy from them
    composite.reset();
    compositeReadback.reset();
    ImageDesc desc;
    desc.format = kOutputFormat;
    desc.extent = extent;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    composite = UniqueImage(*res, res->createImage(desc));
    compositeReadback = UniqueBuffer(*res,
                                     res->createBuffer(VkDeviceSize(extent.width) * extent.height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true));
}

Image Renderer::Impl::renderComposite(const World& world, const CameraView& cam, const FrameComposition& composition, std::uint32_t w,
                                      std::uint32_t h) {
    VkExtent2D extent{w, h};
    VkRect2D sceneRect = sceneRectIn(composition, extent);
    VkExtent2D sceneExtent = atLeastOnePixel(sceneRect.extent);
    Frame& f = recordScene(world, cam, sceneExtent.width, sceneExtent.height);
    ensureComposite(extent);
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, composite->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT);
    CompositeTarget out{composite->view, kOutputFormat, extent, false};
    recordComposite(cmd, std::uint32_t(&f - frames), out, sceneRect, tonemapDraw(pipelines[PipelineId::Tonemap], true), composition, *ui);
    return readBackAndWait(f, composite->image, *compositeReadback, w, h);
}

// Waits for the next frame's fence and acquires a swapchain image; false when the frame is
// dropped (the swapchain was out of date and has been rebuilt).
bool Renderer::Impl::acquire(Frame& next, std::uint32_t& imageIndex, VkResult& acquired) {
    ATRIUM_VK(vkWaitForFences(device->device(), 1, next.fence.address(), VK_TRUE, UINT64_MAX));
    acquired = vkAcquireNextImageKHR(device->device(), swapchain->handle(), UINT64_MAX, next.imageAvailable, VK_NULL_HANDLE, &imageIndex);
    if (acquired == VK_ERROR_OUT_OF_DATE_KHR) {
        swapchain->recreate({window->framebufferWidth(), window->framebufferHeight()});
        return false;  // the next frame uses the new swapchain
    }
    if (acquired != VK_SUCCESS && acquired != VK_SUBOPTIMAL_KHR) throwVulkanError("vkAcquireNextImageKHR", acquired, __FILE__, __LINE__);
    return true;
}

void Renderer::Impl::present(std::uint32_t imageIndex, VkResult acquired) {
    VkSemaphore finished = swapchain->renderFinished(imageIndex);
    VkSwapchainKHR handle = swapchain->handle();
    VkPresentInfoKHR pi{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    pi.waitSemaphoreCount = 1;
    pi.pWaitSemaphores = &finished;
    pi.swapchainCount = 1;
    pi.pSwapchains = &handle;
    pi.pImageIndices = &imageIndex;
    VkResult presented = vkQueuePresentKHR(device->queue(), &pi);
    if (presented == VK_ERROR_OUT_OF_DATE_KHR || presented == VK_SUBOPTIMAL_KHR || acquired == VK_SUBOPTIMAL_KHR) {
        swapchain->recreate({window->framebufferWidth(), window->framebufferHeight()});
    } else if (presented != VK_SUCCESS) {
        throwVulkanError("vkQueuePresentKHR", presented, __FILE__, __LINE__);
    }
}

Status Renderer::Impl::drawToWindow(const World& world, const CameraView& cam, const FrameComposition& composition) {
    if (!window || !swapchain) return Error{"the renderer was created without a window (RendererOptions::window)"};
    if (window->minimized()) return Ok{};  // nothing to show; keep the old swapchain until restored
    if (!swapchain->valid() || window->resizeCount() != seenResizes) {
        seenResizes = window->resizeCount();
        if (!swapchain->recreate({window->framebufferWidth(), window->framebufferHeight()})) return Ok{};
    }
    std::uint32_t imageIndex = 0;
    VkResult acquired = VK_SUCCESS;
    if (!acquire(frames[frameIndex], imageIndex, acquired)) return Ok{};

    VkExtent2D extent = swapchain->extent();
    VkRect2D sceneRect = sceneRectIn(composition, extent);
    VkExtent2D sceneExtent = atLeastOnePixel(sceneRect.extent);
    Frame& f = recordScene(world, cam, sceneExtent.width, sceneExtent.height);
    VkImage image = swapchain->image(imageIndex);
    // The acquire semaphore signals at colour output, so the layout change waits for it there.
    imageBarrier(f.cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    CompositeTarget out{swapchain->view(imageIndex), swapchain->format(), extent, isSrgbFormat(swapchain->format())};
    recordComposite(f.cmd, std::uint32_t(&f - frames), out, sceneRect, tonemapDraw(windowTonemapPipeline, true), composition, *ui);
    if (captureRequested && swapchain->copyable()) {
        recordWindowCapture(f.cmd, image);
    } else {
        imageBarrier(f.cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                     VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE,
                     VK_ACCESS_2_NONE);
    }
    picking.recordCopy(f.cmd, target);
    hostReadBarrier(f.cmd);
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = f.imageAvailable;
    wait.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.semaphore = swapchain->renderFinished(imageIndex);
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    submit(f, {wait}, {signal});
    present(imageIndex, acquired);
    return Ok{};
}

// ---- public face

Renderer::Renderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Renderer::~Renderer() = default;

Result<std::unique_ptr<Renderer>> Renderer::create(const RendererOptions& options) {
    auto impl = std::make_unique<Impl>(options);
    try {
        impl->init();
    } catch (const std::exception& e) {
        return Error{std::string("cannot start the Vulkan renderer: ") + e.what()};
    }
    return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

AssetCache& Renderer::assets() { return impl_->assets; }

Result<Image> Renderer::renderToImage(const World& world, const CameraView& camera, std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0 || width > 16384 || height > 16384) {
        return Error{"image size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range (1..16384)"};
    }
    try {
        return impl_->render(world, camera, width, height);
    } catch (const std::exception& e) {
        return Error{std::string("rendering failed: ") + e.what()};
    }
}

Status Renderer::drawToWindow(const World& world, const CameraView& camera) { return drawToWindow(world, camera, FrameComposition{}); }

Status Renderer::drawToWindow(const World& world, const CameraView& camera, const FrameComposition& composition) {
    try {
        return impl_->drawToWindow(world, camera, composition);
    } catch (const std::exception& e) {
        return Error{std::string("drawing to the window failed: ") + e.what()};
    }
}

Result<Image> Renderer::renderToImage(const World& world, const CameraView& camera, const FrameComposition& composition, std::uint32_t width,
                                      std::uint32_t height) {
    if (width == 0 || height == 0 || width > 16384 || height > 16384) {
        return Error{"image size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range (1..16384)"};
    }
    try {
        return impl_->renderComposite(world, camera, composition, width, height);
    } catch (const std::exception& e) {
        return Error{std::string("rendering failed: ") + e.what()};
    }
}

Result<UiTexture> Renderer::createUiTexture(std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba) {
    if (!rgba || width == 0 || height == 0 || width > 8192 || height > 8192) {
        return Error{"createUiTexture: picture of " + std::to_string(width) + "x" + std::to_string(height) +
                     " is empty or over 8192 pixels a side"};
    }
    try {
        return impl_->ui->createTexture(width, height, rgba);
    } catch (const std::exception& e) {
        return Error{std::string("createUiTexture: ") + e.what()};
    }
}

void Renderer::captureNextWindowFrame() {
    impl_->captureRequested = true;
    impl_->captureReady = false;
}

Result<Image> Renderer::windowCapture() {
    Impl& m = *impl_;
    if (!m.captureReady) {
        return Error{m.swapchain && !m.swapchain->copyable()
                         ? "windowCapture: this surface's images cannot be copied (no TRANSFER_SRC usage)"
                         : "windowCapture: no frame captured; call captureNextWindowFrame() and draw a frame first"};
    }
    try {
        ATRIUM_VK(vkDeviceWaitIdle(m.device->device()));
    } catch (const std::exception& e) {
        return Error{std::string("windowCapture: ") + e.what()};
    }
    Image img;
    img.width = m.captureExtent.width;
    img.height = m.captureExtent.height;
    img.pixels.resize(std::size_t(img.width) * img.height * 4);
    std::memcpy(img.pixels.data(), m.captureBuffer->mapped(), img.pixels.size());
    bool bgra = m.captureFormat == VK_FORMAT_B8G8R8A8_UNORM || m.captureFormat == VK_FORMAT_B8G8R8A8_SRGB;
    if (bgra) {
        for (std::size_t i = 0; i < img.pixels.size(); i += 4) std::swap(img.pixels[i], img.pixels[i + 2]);
    }
    return img;
}

Entity Renderer::pick(const World& world, std::uint32_t x, std::uint32_t y) const {
    try {
        impl_->picking.read(impl_->device->device(), impl_->target);
    } catch (const std::exception& e) {
        logError("render", std::string("picking failed: ") + e.what());
        return kNullEntity;
    }
    return impl_->picking.entityAt(world, x, y);
}

Aabb Renderer::worldBounds(const World& world) {
    Aabb out;
    if (const ComponentPool<MeshRenderer>* pool = world.findPool<MeshRenderer>()) {
        auto entities = pool->entities();
        auto comps = pool->components();
        for (std::size_t i = 0; i < entities.size(); ++i) {
            if (!comps[i].visible) continue;
            const Renderable* r = impl_->scene->resolve(entities[i], comps[i]);
            if (!r || r->bounds.empty()) continue;
            out.expand(r->bounds.transformed(world.worldMatrix(entities[i])));
        }
    }
    return out;
}

Status Renderer::setMediaScreenPixels(Entity screen, std::uint32_t width, std::uint32_t height, const std::uint8_t* rgba) {
    if (!screen) return Error{"setMediaScreenPixels: null entity"};
    if (!rgba || width == 0 || height == 0 || width > 8192 || height > 8192) {
        return Error{"setMediaScreenPixels: picture of " + std::to_string(width) + "x" + std::to_string(height) +
                     " is empty or over 8192 pixels a side"};
    }
    impl_->scene->setScreenPixels(screen, width, height, std::vector<std::uint8_t>(rgba, rgba + std::size_t(width) * height * 4));
    return Ok{};
}

void Renderer::setLabels(std::vector<WorldLabel> labels) { impl_->labels = std::move(labels); }

void Renderer::setAnimationTime(double seconds) { impl_->animationTime = seconds; }

void Renderer::setCrowd(const CrowdAnimation* crowd) { impl_->crowd = crowd; }
const CrowdAnimation* Renderer::crowd() const { return impl_->crowd; }

const RenderStats& Renderer::stats() const { return impl_->stats; }
std::string Renderer::deviceName() const { return impl_->device->properties().deviceName; }
bool Renderer::validationEnabled() const { return impl_->device->validation(); }
std::uint32_t Renderer::msaaSamples() const { return std::uint32_t(impl_->samples); }

}  // namespace atrium
