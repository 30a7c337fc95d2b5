#include "atrium/render/renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include <glm/gtc/matrix_transform.hpp>

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include "atrium/core/log.hpp"
#include "atrium/platform/window.hpp"
#include "render/device.hpp"
#include "render/gpu_memory.hpp"
#include "render/gpu_resources.hpp"
#include "render/gpu_scene.hpp"
#include "render/gpu_types.hpp"
#include "render/labels.hpp"
#include "render/pipelines.hpp"
#include "render/render_list.hpp"
#include "render/worker_pool.hpp"
#include "render/shaders.hpp"
#include "render/swapchain.hpp"
#include "render/ui_pass.hpp"
#include "render/vk_check.hpp"

namespace atrium {
using namespace render;

namespace {

constexpr std::uint32_t kFramesInFlight = 2;
constexpr VkFormat kHdrFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
constexpr VkFormat kPickFormat = VK_FORMAT_R32_UINT;
constexpr VkFormat kOutputFormat = VK_FORMAT_R8G8B8A8_UNORM;
constexpr VkDeviceSize kRingAlignment = 256;

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

VkDeviceSize alignUp(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

}  // namespace

struct Renderer::Impl {
    struct Frame {
        VkCommandPool pool = VK_NULL_HANDLE;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        VkFence fence = VK_NULL_HANDLE;
        VkSemaphore imageAvailable = VK_NULL_HANDLE;  // window mode: the acquired image is ready
        Buffer uniforms;
        Buffer ring;       // draw orders, lights, light tiles, joints and labels, rewritten each use
        Buffer instances;  // extraction writes each drawn entity's GpuInstance here directly
        VkDescriptorSet set = VK_NULL_HANDLE;
    };
    struct Target {
        VkExtent2D extent{};
        GpuImage hdrMsaa, pickMsaa, depth, hdr, pick, output;
        Buffer readback, pickReadback;
        VkDescriptorSet tonemapSet = VK_NULL_HANDLE;
    };
    struct RingSlices {
        VkDeviceSize instancesSize = 0, order = 0, orderSize = 0, lights = 0, lightsSize = 0;
        VkDeviceSize tiles = 0, tilesSize = 0;
        VkDeviceSize joints = 0, jointsSize = 0, labels = 0;
    };

    RendererOptions options;
    WorkerPool workers{options.extractThreads == 0 ? WorkerPool::defaultWorkers() : options.extractThreads - 1};
    AssetCache assets;
    std::unique_ptr<Device> device;
    std::unique_ptr<GpuMemory> memory;
    std::unique_ptr<GpuResources> res;
    std::unique_ptr<GpuScene> scene;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;

    VkDescriptorSetLayout frameLayout = VK_NULL_HANDLE, materialLayout = VK_NULL_HANDLE, tonemapLayout = VK_NULL_HANDLE;
    VkPipelineLayout meshLayout = VK_NULL_HANDLE, shadowLayout = VK_NULL_HANDLE, tonemapPipelineLayout = VK_NULL_HANDLE;
    VkPipeline opaquePipeline = VK_NULL_HANDLE, blendPipeline = VK_NULL_HANDLE, skyPipeline = VK_NULL_HANDLE;
    VkPipeline shadowPipeline = VK_NULL_HANDLE, tonemapPipeline = VK_NULL_HANDLE;
    VkPipeline opaqueSkinnedPipeline = VK_NULL_HANDLE, blendSkinnedPipeline = VK_NULL_HANDLE;
    VkPipeline shadowSkinnedPipeline = VK_NULL_HANDLE, labelPipeline = VK_NULL_HANDLE;
    VkPipeline shadowMaskedPipeline = VK_NULL_HANDLE;
    std::vector<WorldLabel> labels;
    std::vector<WorldLabel> frameLabels;
    std::vector<LabelVertex> labelVertices;
    VkDescriptorSet labelAtlasSet = VK_NULL_HANDLE;
    double animationTime = 0.0;
    std::uint64_t frameCounter = 0;
    VkDescriptorPool descriptorPool = VK_NULL_HANDLE;
    VkSampler shadowSampler = VK_NULL_HANDLE, hdrSampler = VK_NULL_HANDLE;
    GpuImage shadowMap;

    Frame frames[kFramesInFlight];
    std::uint32_t frameIndex = 0;
    Target target;
    RenderList list;
    RenderStats stats;
    std::vector<std::uint32_t> pickIds;
    std::uint32_t pickWidth = 0, pickHeight = 0;

    explicit Impl(const RendererOptions& o) : options(o) {}
    ~Impl();
    void init();
    void createLayouts();
    void createPipelines();
    void createFrames();
    void createShadowMap();
    void ensureTarget(VkExtent2D extent);
    void destroyTarget();
    void writeFrameSet(Frame& f, const RingSlices& s);
    RingSlices fillRing(Frame& f, const std::vector<std::uint32_t>& tiles);
    void ensureFrameBuffer(Buffer& buffer, VkDeviceSize bytes, VkBufferUsageFlags usage);
    void computeCascades(const CameraView& cam, float aspect, FrameUniforms& u);
    void recordShadows(VkCommandBuffer cmd, Frame& f, const FrameUniforms& u);
    void recordMain(VkCommandBuffer cmd, Frame& f, const RingSlices& s);
    void drawBatches(VkCommandBuffer cmd, const std::vector<Batch>& batches, std::uint32_t orderBase,
                     bool shadow, VkPipeline rigid, VkPipeline skinned);
    Frame& recordScene(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h);
    void recordTonemap(VkCommandBuffer cmd, VkPipeline pipeline, VkImageView view, bool encodeSrgb);
    void recordPickCopy(VkCommandBuffer cmd);
    void recordHostReadBarrier(VkCommandBuffer cmd);
    void submit(Frame& f, const std::vector<VkSemaphoreSubmitInfo>& waits, const std::vector<VkSemaphoreSubmitInfo>& signals);
    // Ends an offscreen frame: copies `image` (colour attachment, RGBA8) and the pick ids out,
    // submits, and waits, since offscreen callers want the pixels at once.
    Image readBackAndWait(Frame& f, VkImage image, const Buffer& readback, std::uint32_t w, std::uint32_t h);
    Image render(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h);
    void readPickIds();
    Status drawToWindow(const World& world, const CameraView& cam, const FrameComposition& composition);
    Image renderComposite(const World& world, const CameraView& cam, const FrameComposition& composition,
                          std::uint32_t w, std::uint32_t h);
    void recordComposite(VkCommandBuffer cmd, std::uint32_t slot, VkImageView view, VkFormat format, VkExtent2D extent,
                         VkPipeline tonemap, bool srgbTarget, VkRect2D sceneRect, const FrameComposition& composition);
    void recordWindowCapture(VkCommandBuffer cmd, VkImage image);

    float exposure = 1.0f;
    bool pickPending = false;
    Window* window = nullptr;
    std::unique_ptr<Swapchain> swapchain;
    VkPipeline windowTonemapPipeline = VK_NULL_HANDLE;
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    std::uint64_t seenResizes = 0;

    // Overlays (FrameComposition): the pass, the offscreen composite and window captures.
    std::unique_ptr<UiPass> ui;
    GpuImage composite;
    Buffer compositeReadback;
    bool captureRequested = false;
    bool captureReady = false;
    Buffer captureBuffer;
    VkExtent2D captureExtent{};
    VkFormat captureFormat = VK_FORMAT_UNDEFINED;
};

Renderer::Impl::~Impl() {
    if (!device) return;
    VkDevice d = device->device();
    vkDeviceWaitIdle(d);
    scene.reset();
    destroyTarget();
    ui.reset();
    res->destroy(composite);
    res->destroy(compositeReadback);
    res->destroy(captureBuffer);
    swapchain.reset();
    if (surface) vkDestroySurfaceKHR(device->instance(), surface, nullptr);
    if (windowTonemapPipeline) vkDestroyPipeline(d, windowTonemapPipeline, nullptr);
    for (Frame& f : frames) {
        if (f.imageAvailable) vkDestroySemaphore(d, f.imageAvailable, nullptr);
        if (f.fence) vkDestroyFence(d, f.fence, nullptr);
        if (f.pool) vkDestroyCommandPool(d, f.pool, nullptr);
        res->destroy(f.uniforms);
        res->destroy(f.ring);
        res->destroy(f.instances);
    }
    res->destroy(shadowMap);
    for (VkPipeline p : {opaquePipeline, blendPipeline, skyPipeline, shadowPipeline, tonemapPipeline, opaqueSkinnedPipeline,
                         blendSkinnedPipeline, shadowSkinnedPipeline, labelPipeline, shadowMaskedPipeline}) {
        if (p) vkDestroyPipeline(d, p, nullptr);
    }
    for (VkPipelineLayout l : {meshLayout, shadowLayout, tonemapPipelineLayout}) {
        if (l) vkDestroyPipelineLayout(d, l, nullptr);
    }
    for (VkDescriptorSetLayout l : {frameLayout, materialLayout, tonemapLayout}) {
        if (l) vkDestroyDescriptorSetLayout(d, l, nullptr);
    }
    if (descriptorPool) vkDestroyDescriptorPool(d, descriptorPool, nullptr);
    if (shadowSampler) vkDestroySampler(d, shadowSampler, nullptr);
    if (hdrSampler) vkDestroySampler(d, hdrSampler, nullptr);
    if (memory && memory->liveAllocations() != 0) {
        logError("render", "GPU memory leak: " + std::to_string(memory->liveAllocations()) + " allocations still live at shutdown");
    }
    memory.reset();
    device.reset();
}

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
    samples = device->maxSamples(std::max(1u, options.msaaSamples));
    createLayouts();
    createPipelines();
    createFrames();
    createShadowMap();
    scene = std::make_unique<GpuScene>(*res, assets, materialLayout);
    ui = std::make_unique<UiPass>(*res, kFramesInFlight);
    if (window) {
        ATRIUM_VK(glfwCreateWindowSurface(device->instance(), static_cast<GLFWwindow*>(window->nativeHandle()), nullptr, &surface));
        swapchain = std::make_unique<Swapchain>(*device, surface, options.vsync);
        PipelineDesc tonemap;
        tonemap.vert = shaders::fullscreenVert();
        tonemap.frag = shaders::tonemapFrag();
        tonemap.layout = tonemapPipelineLayout;
        tonemap.colorFormats = {swapchain->format()};
        windowTonemapPipeline = createPipeline(device->device(), tonemap);
        for (Frame& f : frames) {
            VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
            ATRIUM_VK(vkCreateSemaphore(device->device(), &sci, nullptr, &f.imageAvailable));
        }
    }
}

void Renderer::Impl::createLayouts() {
    VkDevice d = device->device();
    auto makeLayout = [&](std::vector<VkDescriptorSetLayoutBinding> bindings) {
        VkDescriptorSetLayoutCreateInfo ci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
        ci.bindingCount = std::uint32_t(bindings.size());
        ci.pBindings = bindings.data();
        VkDescriptorSetLayout l;
        ATRIUM_VK(vkCreateDescriptorSetLayout(d, &ci, nullptr, &l));
        return l;
    };
    constexpr VkShaderStageFlags vf = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    frameLayout = makeLayout({{0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, vf, nullptr},
                              {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
                              {2, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
                              {3, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
                              {4, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
                              {5, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
                              {6, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr}});
    std::vector<VkDescriptorSetLayoutBinding> mat;
    for (std::uint32_t i = 0; i < 5; ++i) mat.push_back({i, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr});
    materialLayout = makeLayout(mat);
    tonemapLayout = makeLayout({{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr}});

    auto makePipelineLayout = [&](std::vector<VkDescriptorSetLayout> sets, std::uint32_t pushBytes) {
        VkPushConstantRange range{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, pushBytes};
        VkPipelineLayoutCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
        ci.setLayoutCount = std::uint32_t(sets.size());
        ci.pSetLayouts = sets.data();
        ci.pushConstantRangeCount = pushBytes ? 1 : 0;
        ci.pPushConstantRanges = &range;
        VkPipelineLayout l;
        ATRIUM_VK(vkCreatePipelineLayout(d, &ci, nullptr, &l));
        return l;
    };
    meshLayout = makePipelineLayout({frameLayout, materialLayout}, sizeof(MaterialPush));
    // Shadow pipelines share one layout (set 1 and the alpha push are used by the masked one only),
    // so switching between them keeps the frame set and the cascade matrix bound.
    shadowLayout = makePipelineLayout({frameLayout, materialLayout}, sizeof(ShadowPush));
    tonemapPipelineLayout = makePipelineLayout({tonemapLayout}, sizeof(float) * 4);

    VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, kFramesInFlight},
                                    {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 5 * kFramesInFlight},
                                    {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kFramesInFlight + 4}};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    pci.maxSets = kFramesInFlight + 4;
    pci.poolSizeCount = 3;
    pci.pPoolSizes = sizes;
    ATRIUM_VK(vkCreateDescriptorPool(d, &pci, nullptr, &descriptorPool));

    VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
    sci.magFilter = VK_FILTER_LINEAR;
    sci.minFilter = VK_FILTER_LINEAR;
    sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
    sci.compareEnable = VK_TRUE;  // hardware 2x2 PCF on top of the shader's 3x3 taps
    sci.compareOp = VK_COMPARE_OP_LESS_OR_EQUAL;
    ATRIUM_VK(vkCreateSampler(d, &sci, nullptr, &shadowSampler));
    sci.compareEnable = VK_FALSE;
    sci.magFilter = sci.minFilter = VK_FILTER_NEAREST;
    ATRIUM_VK(vkCreateSampler(d, &sci, nullptr, &hdrSampler));
}

void Renderer::Impl::createPipelines() {
    VkDevice d = device->device();
    PipelineDesc mesh;
    mesh.vert = shaders::meshVert();
    mesh.frag = shaders::meshFrag();
    mesh.layout = meshLayout;
    mesh.input = VertexInput::Mesh;
    mesh.colorFormats = {kHdrFormat, kPickFormat};
    mesh.depthFormat = kDepthFormat;
    mesh.samples = samples;
    mesh.depthTest = true;
    mesh.depthWrite = true;
    opaquePipeline = createPipeline(d, mesh);
    PipelineDesc skinned = mesh;
    skinned.vert = shaders::meshSkinnedVert();
    skinned.skinned = true;
    opaqueSkinnedPipeline = createPipeline(d, skinned);
    mesh.depthWrite = false;
    mesh.alphaBlend = true;
    blendPipeline = createPipeline(d, mesh);
    skinned.depthWrite = false;
    skinned.alphaBlend = true;
    blendSkinnedPipeline = createPipeline(d, skinned);

    PipelineDesc label = mesh;
    label.vert = shaders::labelVert();
    label.frag = shaders::labelFrag();
    label.input = VertexInput::Label;
    label.depthTest = true;
    label.depthWrite = false;
    label.alphaBlend = true;
    labelPipeline = createPipeline(d, label);

    PipelineDesc sky = mesh;
    sky.vert = shaders::fullscreenVert();
    sky.frag = shaders::skyFrag();
    sky.input = VertexInput::None;
    sky.depthTest = false;
    sky.depthWrite = false;
    sky.alphaBlend = false;
    skyPipeline = createPipeline(d, sky);

    PipelineDesc shadow;
    shadow.vert = shaders::shadowVert();
    shadow.layout = shadowLayout;
    shadow.input = VertexInput::ShadowMesh;
    shadow.depthFormat = kDepthFormat;
    shadow.depthTest = true;
    shadow.depthWrite = true;
    shadow.depthBias = true;
    shadowPipeline = createPipeline(d, shadow);
    PipelineDesc masked = shadow;
    masked.vert = shaders::shadowMaskedVert();
    masked.frag = shaders::shadowMaskedFrag();
    masked.input = VertexInput::ShadowMaskedMesh;
    shadowMaskedPipeline = createPipeline(d, masked);
    shadow.vert = shaders::shadowSkinnedVert();
    shadow.skinned = true;
    shadowSkinnedPipeline = createPipeline(d, shadow);

    PipelineDesc tonemap;
    tonemap.vert = shaders::fullscreenVert();
    tonemap.frag = shaders::tonemapFrag();
    tonemap.layout = tonemapPipelineLayout;
    tonemap.colorFormats = {kOutputFormat};
    tonemapPipeline = createPipeline(d, tonemap);
}

void Renderer::Impl::createFrames() {
    VkDevice d = device->device();
    for (Frame& f : frames) {
        VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        pci.queueFamilyIndex = device->queueFamily();
        ATRIUM_VK(vkCreateCommandPool(d, &pci, nullptr, &f.pool));
        VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        ai.commandPool = f.pool;
        ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        ai.commandBufferCount = 1;
        ATRIUM_VK(vkAllocateCommandBuffers(d, &ai, &f.cmd));
        VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        fci.flags = VK_FENCE_CREATE_SIGNALED_BIT;
        ATRIUM_VK(vkCreateFence(d, &fci, nullptr, &f.fence));
        f.uniforms = res->createBuffer(sizeof(FrameUniforms), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, true);
        f.ring = res->createBuffer(1 << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, true);
        f.instances = res->createBuffer(1 << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, true);
        VkDescriptorSetAllocateInfo dai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        dai.descriptorPool = descriptorPool;
        dai.descriptorSetCount = 1;
        dai.pSetLayouts = &frameLayout;
        ATRIUM_VK(vkAllocateDescriptorSets(d, &dai, &f.set));
    }
}

void Renderer::Impl::createShadowMap() {
    ImageDesc desc;
    desc.format = kDepthFormat;
    std::uint32_t size = std::clamp(options.shadowMapSize, 256u, 8192u);
    desc.extent = {size, size};
    desc.layers = kCascades;
    desc.layerViews = true;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    shadowMap = res->createImage(desc);
    // Sampled even when no shadow pass ran, so it starts cleared to "fully lit" in its read layout.
    device->immediate([&](VkCommandBuffer cmd) {
        imageBarrier(cmd, shadowMap.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE,
                     VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        VkClearDepthStencilValue clear{1.0f, 0};
        VkImageSubresourceRange range{VK_IMAGE_ASPECT_DEPTH_BIT, 0, 1, 0, VkDeviceSize(kCascades)};
        vkCmdClearDepthStencilImage(cmd, shadowMap.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &clear, 1, &range);
        imageBarrier(cmd, shadowMap.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                     VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    });
}

void Renderer::Impl::destroyTarget() {
    for (GpuImage* img : {&target.hdrMsaa, &target.pickMsaa, &target.depth, &target.hdr, &target.pick, &target.output}) {
        res->destroy(*img);
    }
    res->destroy(target.readback);
    res->destroy(target.pickReadback);
    if (target.tonemapSet) vkFreeDescriptorSets(device->device(), descriptorPool, 1, &target.tonemapSet);
    target = Target{};
}

void Renderer::Impl::ensureTarget(VkExtent2D extent) {
    if (target.extent.width == extent.width && target.extent.height == extent.height && target.output.image) return;
    // Both frames may still use the old images.
    vkDeviceWaitIdle(device->device());
    destroyTarget();
    target.extent = extent;
    ImageDesc desc;
    desc.extent = extent;
    if (samples != VK_SAMPLE_COUNT_1_BIT) {
        desc.samples = samples;
        desc.format = kHdrFormat;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        target.hdrMsaa = res->createImage(desc);
        desc.format = kPickFormat;
        target.pickMsaa = res->createImage(desc);
    }
    desc.samples = samples;
    desc.format = kDepthFormat;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    target.depth = res->createImage(desc);
    desc.samples = VK_SAMPLE_COUNT_1_BIT;
    desc.format = kHdrFormat;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    target.hdr = res->createImage(desc);
    desc.format = kPickFormat;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    target.pick = res->createImage(desc);
    desc.format = kOutputFormat;
    target.output = res->createImage(desc);
    VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
    target.readback = res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);
    target.pickReadback = res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);

    VkDescriptorSetAllocateInfo dai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    dai.descriptorPool = descriptorPool;
    dai.descriptorSetCount = 1;
    dai.pSetLayouts = &tonemapLayout;
    ATRIUM_VK(vkAllocateDescriptorSets(device->device(), &dai, &target.tonemapSet));
    VkDescriptorImageInfo info{hdrSampler, target.hdr.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = target.tonemapSet;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w.pImageInfo = &info;
    vkUpdateDescriptorSets(device->device(), 1, &w, 0, nullptr);
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
    auto* base = static_cast<std::uint8_t*>(f.ring.mapped());
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
void Renderer::Impl::ensureFrameBuffer(Buffer& buffer, VkDeviceSize bytes, VkBufferUsageFlags usage) {
    if (bytes <= buffer.size) return;
    VkDeviceSize size = buffer.size;
    while (size < bytes) size *= 2;
    res->destroy(buffer);
    buffer = res->createBuffer(size, usage, true);
}

void Renderer::Impl::writeFrameSet(Frame& f, const RingSlices& s) {
    VkDescriptorBufferInfo ubo{f.uniforms.buffer, 0, sizeof(FrameUniforms)};
    VkDescriptorBufferInfo lights{f.ring.buffer, s.lights, s.lightsSize};
    VkDescriptorBufferInfo tiles{f.ring.buffer, s.tiles, s.tilesSize};
    VkDescriptorImageInfo shadow{shadowSampler, shadowMap.view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkDescriptorBufferInfo joints{f.ring.buffer, s.joints, s.jointsSize};
    VkDescriptorBufferInfo instances{f.instances.buffer, 0, s.instancesSize};
    VkDescriptorBufferInfo order{f.ring.buffer, s.order, s.orderSize};
    VkWriteDescriptorSet w[7];
    for (std::uint32_t i = 0; i < 7; ++i) {
        w[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        w[i].dstSet = f.set;
        w[i].dstBinding = i;
        w[i].descriptorCount = 1;
    }
    w[0].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
    w[0].pBufferInfo = &ubo;
    w[1].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w[1].pBufferInfo = &lights;
    w[2].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w[2].pBufferInfo = &tiles;
    w[3].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
    w[3].pImageInfo = &shadow;
    w[4].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w[4].pBufferInfo = &joints;
    w[5].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w[5].pBufferInfo = &instances;
    w[6].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w[6].pBufferInfo = &order;
    vkUpdateDescriptorSets(device->device(), 7, w, 0, nullptr);
}

void Renderer::Impl::computeCascades(const CameraView& cam, float aspect, FrameUniforms& u) {
    vec3 sunDir = glm::normalize(vec3(u.sunDirection));
    float nearZ = cam.nearPlane;
    // Shadows reach as far as the visible scene does, not to the far plane.
    float farZ = cam.farPlane;
    if (!list.visibleBounds.empty()) {
        float reach = 0.0f;
        for (int k = 0; k < 8; ++k) {
            vec3 corner((k & 1) ? list.visibleBounds.max.x : list.visibleBounds.min.x,
                        (k & 2) ? list.visibleBounds.max.y : list.visibleBounds.min.y,
                        (k & 4) ? list.visibleBounds.max.z : list.visibleBounds.min.z);
            reach = std::max(reach, glm::length(corner - cam.eye));
        }
        farZ = std::clamp(reach, nearZ * 2.0f, cam.farPlane);
    }
    vec3 forward = glm::normalize(cam.target - cam.eye);
    mat4 invView = glm::inverse(cam.view());
    vec3 right = vec3(invView[0]);
    vec3 up = vec3(invView[1]);
    float tanY = std::tan(glm::radians(cam.fovYDegrees) * 0.5f);
    float tanX = tanY * aspect;
    float size = float(shadowMap.extent.width);
    float prev = nearZ;
    for (int i = 0; i < kCascades; ++i) {
        // Practical split scheme: a blend of logarithmic and uniform splits.
        float t = float(i + 1) / float(kCascades);
        float logSplit = nearZ * std::pow(farZ / nearZ, t);
        float uniSplit = nearZ + (farZ - nearZ) * t;
        float split = glm::mix(uniSplit, logSplit, 0.75f);
        vec3 corners[8];
        int n = 0;
        for (float z : {prev, split}) {
            for (int k = 0; k < 4; ++k) {
                float sx = (k & 1) ? 1.0f : -1.0f, sy = (k & 2) ? 1.0f : -1.0f;
                corners[n++] = cam.eye + forward * z + right * (sx * tanX * z) + up * (sy * tanY * z);
            }
        }
        vec3 center(0.0f);
        for (const vec3& c : corners) center += c / 8.0f;
        float radius = 0.0f;
        for (const vec3& c : corners) radius = std::max(radius, glm::length(c - center));
        radius = std::ceil(radius * 16.0f) / 16.0f;  // a stable size keeps texels from swimming
        vec3 lightUp = std::abs(sunDir.y) > 0.99f ? vec3(0.0f, 0.0f, 1.0f) : vec3(0.0f, 1.0f, 0.0f);
        mat4 lightView = glm::lookAtRH(center - sunDir, center, lightUp);
        float zMin = -radius, zMax = radius;  // light-space z of the sphere, then of the casters
        if (!list.casterBounds.empty()) {
            for (int k = 0; k < 8; ++k) {
                vec3 corner((k & 1) ? list.casterBounds.max.x : list.casterBounds.min.x,
                            (k & 2) ? list.casterBounds.max.y : list.casterBounds.min.y,
                            (k & 4) ? list.casterBounds.max.z : list.casterBounds.min.z);
                float z = (lightView * vec4(corner, 1.0f)).z;
                zMin = std::min(zMin, z);
                zMax = std::max(zMax, z);
            }
        }
        mat4 proj = glm::orthoRH_ZO(-radius, radius, -radius, radius, -zMax - 0.5f, -zMin + 0.5f);
        mat4 m = proj * lightView;
        // Snap the projection to whole texels so the map does not shimmer as the camera moves.
        vec4 origin = m * vec4(0.0f, 0.0f, 0.0f, 1.0f);
        vec2 texel = vec2(origin) * (size * 0.5f);
        vec2 offset = (glm::round(texel) - texel) * (2.0f / size);
        proj[3][0] += offset.x;
        proj[3][1] += offset.y;
        u.cascadeViewProj[i] = proj * lightView;
        u.cascadeSplits[i] = split;
        prev = split;
    }
    u.cascadeSplits[3] = farZ;
}

void Renderer::Impl::drawBatches(VkCommandBuffer cmd, const std::vector<Batch>& batches, std::uint32_t orderBase,
                                 bool shadow, VkPipeline rigid, VkPipeline skinned) {
    VkCullModeFlags currentCull = ~0u;
    VkPipeline currentPipeline = rigid;  // the caller bound the rigid pipeline
    std::uint32_t currentMaterial = ~0u;
    for (const Batch& b : batches) {
        const DrawKey& key = scene->drawKey(b.drawKey);
        const GpuPrimitive& prim = scene->primitive(key.primitive);
        const GpuMaterial& mat = scene->material(key.material);
        VkCullModeFlags cull = shadow || mat.doubleSided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT;
        if (cull != currentCull) {
            vkCmdSetCullMode(cmd, cull);
            currentCull = cull;
        }
        // Alpha-masked materials cast cut-out shadows (skinned ones still cast solid ones).
        bool maskedShadow = shadow && (mat.push.flags & kMaterialAlphaMask) != 0 && !prim.skinned();
        if (!shadow && key.material != currentMaterial) {
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, meshLayout, 1, 1, &mat.set, 0, nullptr);
            vkCmdPushConstants(cmd, meshLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                               sizeof(MaterialPush), &mat.push);
            currentMaterial = key.material;
        }
        if (maskedShadow && key.material != currentMaterial) {
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, shadowLayout, 1, 1, &mat.set, 0, nullptr);
            vec4 alpha(mat.push.baseColor.a, mat.push.params.z, 0.0f, 0.0f);
            vkCmdPushConstants(cmd, shadowLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT,
                               offsetof(ShadowPush, alpha), sizeof(vec4), &alpha);
            currentMaterial = key.material;
        }
        VkPipeline want = prim.skinned() ? skinned : maskedShadow ? shadowMaskedPipeline : rigid;
        if (want != currentPipeline) {
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, want);
            currentPipeline = want;
        }
        VkBuffer vbs[2] = {prim.vertices.buffer, prim.skin.buffer};
        VkDeviceSize offsets[2] = {0, 0};
        vkCmdBindVertexBuffers(cmd, 0, prim.skinned() ? 2 : 1, vbs, offsets);
        vkCmdBindIndexBuffer(cmd, prim.indices.buffer, 0, VK_INDEX_TYPE_UINT32);
        // gl_InstanceIndex starts at firstInstance: the batch's place in the draw order.
        vkCmdDrawIndexed(cmd, prim.indexCount, b.instanceCount, 0, 0, orderBase + b.firstInstance);
        if (shadow) {
            ++stats.shadowDrawCalls;
        } else {
            ++stats.drawCalls;
            stats.triangles += std::uint64_t(prim.indexCount / 3) * b.instanceCount;
        }
    }
}

void Renderer::Impl::recordShadows(VkCommandBuffer cmd, Frame& f, const FrameUniforms& u) {
    // The previous frame's main pass may still sample the map: wait for those reads.
    imageBarrier(cmd, shadowMap.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                 VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT);
    VkExtent2D extent = shadowMap.extent;
    for (int c = 0; c < kCascades; ++c) {
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        depth.imageView = shadowMap.layerViews[std::size_t(c)];
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        depth.clearValue.depthStencil = {1.0f, 0};
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, extent};
        ri.layerCount = 1;
        ri.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &ri);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, shadowPipeline);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, shadowLayout, 0, 1, &f.set, 0, nullptr);
        VkViewport vp{0.0f, 0.0f, float(extent.width), float(extent.height), 0.0f, 1.0f};
        VkRect2D sc{{0, 0}, extent};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sc);
        vkCmdSetDepthBias(cmd, 1.25f, 0.0f, 1.75f);
        ShadowPush push{u.cascadeViewProj[c], vec4(1.0f, 0.0f, 0.0f, 0.0f)};
        vkCmdPushConstants(cmd, shadowLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof(ShadowPush), &push);
        drawBatches(cmd, list.shadow, std::uint32_t(list.order.size()), true, shadowPipeline, shadowSkinnedPipeline);
        vkCmdEndRendering(cmd);
    }
    imageBarrier(cmd, shadowMap.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                 VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
}

void Renderer::Impl::recordMain(VkCommandBuffer cmd, Frame& f, const RingSlices& s) {
    bool msaa = samples != VK_SAMPLE_COUNT_1_BIT;
    constexpr VkPipelineStageFlags2 kColorStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    constexpr VkAccessFlags2 kColorWrite = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
    constexpr VkPipelineStageFlags2 kDepthStages =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    constexpr VkAccessFlags2 kDepthAccess =
        VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;
    // Contents from the last frame are discarded (UNDEFINED); the source stages order these
    // writes after the previous frame's reads of the same images.
    std::vector<const GpuImage*> colorImages = {&target.hdr, &target.pick};
    if (msaa) {
        colorImages.push_back(&target.hdrMsaa);
        colorImages.push_back(&target.pickMsaa);
    }
    for (const GpuImage* img : colorImages) {
        imageBarrier(cmd, img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                     VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     kColorStage | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                     VK_ACCESS_2_NONE, kColorStage, kColorWrite);
    }
    imageBarrier(cmd, target.depth.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                 VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, kDepthStages, VK_ACCESS_2_NONE, kDepthStages, kDepthAccess);

    VkRenderingAttachmentInfo colors[2]{};
    for (int i = 0; i < 2; ++i) {
        colors[i] = {VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        colors[i].imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        colors[i].loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        colors[i].storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    }
    colors[0].imageView = msaa ? target.hdrMsaa.view : target.hdr.view;
    colors[0].clearValue.color = {{0.0f, 0.0f, 0.0f, 1.0f}};
    colors[1].imageView = msaa ? target.pickMsaa.view : target.pick.view;
    colors[1].clearValue.color.uint32[0] = 0;
    if (msaa) {
        colors[0].resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        colors[0].resolveImageView = target.hdr.view;
        colors[0].resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        // Entity ids cannot be averaged: take one sample.
        colors[1].resolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
        colors[1].resolveImageView = target.pick.view;
        colors[1].resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = target.depth.view;
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depth.clearValue.depthStencil = {1.0f, 0};
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, target.extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 2;
    ri.pColorAttachments = colors;
    ri.pDepthAttachment = &depth;
    vkCmdBeginRendering(cmd, &ri);

    VkViewport vp{0.0f, 0.0f, float(target.extent.width), float(target.extent.height), 0.0f, 1.0f};
    VkRect2D sc{{0, 0}, target.extent};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &sc);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, meshLayout, 0, 1, &f.set, 0, nullptr);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, skyPipeline);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, opaquePipeline);
    drawBatches(cmd, list.opaque, 0, false, opaquePipeline, opaqueSkinnedPipeline);
    if (!list.blended.empty()) {
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, blendPipeline);
        drawBatches(cmd, list.blended, 0, false, blendPipeline, blendSkinnedPipeline);
    }
    if (!labelVertices.empty()) {
        vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, labelPipeline);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, meshLayout, 1, 1, &labelAtlasSet, 0, nullptr);
        VkDeviceSize offset = s.labels;
        vkCmdBindVertexBuffers(cmd, 0, 1, &f.ring.buffer, &offset);
        vkCmdDraw(cmd, std::uint32_t(labelVertices.size()), 1, 0, 0);
        ++stats.drawCalls;
    }
    vkCmdEndRendering(cmd);

    imageBarrier(cmd, target.hdr.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, kColorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                 VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    imageBarrier(cmd, target.pick.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, kColorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
}

Renderer::Impl::Frame& Renderer::Impl::recordScene(const World& world, const CameraView& cam, std::uint32_t w,
                                                     std::uint32_t h) {
    VkDevice d = device->device();
    ensureTarget({w, h});
    Frame& f = frames[frameIndex];
    frameIndex = (frameIndex + 1) % kFramesInFlight;
    ATRIUM_VK(vkWaitForFences(d, 1, &f.fence, VK_TRUE, UINT64_MAX));

    stats = RenderStats{};
    auto t0 = std::chrono::steady_clock::now();
    float aspect = float(w) / float(h);
    mat4 view = cam.view();
    mat4 proj = cam.projection(aspect);
    mat4 viewProj = proj * view;
    ExtractOptions eo;
    eo.instancing = options.instancing;
    eo.shadows = options.shadows;
    eo.animationTime = animationTime;
    eo.frame = ++frameCounter;
    ensureFrameBuffer(f.instances, std::max<std::size_t>(instanceCapacity(world), 1) * sizeof(GpuInstance),
                      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    eo.instanceStorage = static_cast<GpuInstance*>(f.instances.mapped());
    eo.workers = &workers;
    extract(world, Frustum::fromViewProj(viewProj), cam.eye, *scene, eo, list);
    frameLabels = labels;
    appendAvatarLabels(world, frameLabels);
    labelVertices.clear();
    buildLabelVertices(frameLabels, view, labelVertices,
                       float(h) / (2.0f * std::tan(glm::radians(cam.fovYDegrees) * 0.5f)));
    if (!labelVertices.empty()) labelAtlasSet = scene->fontAtlasSet();
    std::uint32_t tilesX = 0, tilesY = 0;
    std::vector<std::uint32_t> tiles = buildLightTiles(list.lights, view, proj, w, h, kTileSize, tilesX, tilesY);
    stats.extractMs = msSince(t0);
    scene->flushUploads();

    auto t1 = std::chrono::steady_clock::now();
    const VenueSettings& vs = world.settings;
    FrameUniforms u{};
    u.viewProj = viewProj;
    u.view = view;
    u.invViewProj = glm::inverse(viewProj);
    u.cameraPos = vec4(cam.eye, vs.exposure);
    vec3 sunDir = list.hasSunLight ? list.sunDirection : vs.sunDirection;
    if (glm::length(sunDir) < 1e-6f) sunDir = vec3(0.0f, -1.0f, 0.0f);
    bool shadows = options.shadows && !list.shadow.empty() && (!list.hasSunLight || list.sunShadows);
    u.sunDirection = vec4(glm::normalize(sunDir), shadows ? 1.0f : 0.0f);
    u.sunRadiance = vec4(list.hasSunLight ? list.sunRadiance : vs.sunColor * vs.sunIntensity, 0.0f);
    u.skyZenith = vec4(vs.skyZenithColor, vs.ambientIntensity);
    u.skyHorizon = vec4(vs.skyHorizonColor, 0.0f);
    u.skyGround = vec4(vs.groundColor, 0.0f);
    u.tiles[0] = tilesX;
    u.tiles[1] = tilesY;
    u.tiles[2] = std::uint32_t(list.lights.size());
    u.tiles[3] = shadowMap.extent.width;
    u.shadowParams = vec4(1.5f, 1.0f, 0.0f, 0.0f);
    if (shadows) computeCascades(cam, aspect, u);
    std::memcpy(f.uniforms.mapped(), &u, sizeof(u));
    RingSlices slices = fillRing(f, tiles);
    writeFrameSet(f, slices);

    ATRIUM_VK(vkResetCommandPool(d, f.pool, 0));
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    ATRIUM_VK(vkBeginCommandBuffer(f.cmd, &bi));
    if (shadows) recordShadows(f.cmd, f, u);
    recordMain(f.cmd, f, slices);
    exposure = vs.exposure;
    stats.recordMs = msSince(t1);
    stats.instances = list.considered;
    stats.visibleInstances = list.visible;
    stats.lightsInView = std::uint32_t(list.lights.size());
    stats.missingAssets = scene->missingAssets();
    return f;
}

void Renderer::Impl::recordTonemap(VkCommandBuffer cmd, VkPipeline pipeline, VkImageView view, bool encodeSrgb) {
    VkRenderingAttachmentInfo out{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    out.imageView = view;
    out.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    out.loadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    out.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, target.extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &out;
    vkCmdBeginRendering(cmd, &ri);
    VkViewport vp{0.0f, 0.0f, float(target.extent.width), float(target.extent.height), 0.0f, 1.0f};
    VkRect2D sc{{0, 0}, target.extent};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &sc);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, tonemapPipelineLayout, 0, 1, &target.tonemapSet, 0, nullptr);
    float push[4] = {exposure, encodeSrgb ? 1.0f : 0.0f, 0.0f, 0.0f};
    vkCmdPushConstants(cmd, tonemapPipelineLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(push), push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdEndRendering(cmd);
}

void Renderer::Impl::submit(Frame& f, const std::vector<VkSemaphoreSubmitInfo>& waits,
                            const std::vector<VkSemaphoreSubmitInfo>& signals) {
    ATRIUM_VK(vkEndCommandBuffer(f.cmd));
    ATRIUM_VK(vkResetFences(device->device(), 1, &f.fence));
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

void Renderer::Impl::recordPickCopy(VkCommandBuffer cmd) {
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {target.extent.width, target.extent.height, 1};
    vkCmdCopyImageToBuffer(cmd, target.pick.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target.pickReadback.buffer, 1, &region);
}

void Renderer::Impl::recordHostReadBarrier(VkCommandBuffer cmd) {
    VkMemoryBarrier2 toHost{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    toHost.srcStageMask = VK_PIPELINE_STAGE_2_TRANSFER_BIT;
    toHost.srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT;
    toHost.dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT;
    toHost.dstAccessMask = VK_ACCESS_2_HOST_READ_BIT;
    VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dep.memoryBarrierCount = 1;
    dep.pMemoryBarriers = &toHost;
    vkCmdPipelineBarrier2(cmd, &dep);
}


Image Renderer::Impl::readBackAndWait(Frame& f, VkImage image, const Buffer& readback, std::uint32_t w, std::uint32_t h) {
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {w, h, 1};
    vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.buffer, 1, &region);
    recordPickCopy(cmd);
    recordHostReadBarrier(cmd);
    submit(f, {}, {});
    ATRIUM_VK(vkWaitForFences(device->device(), 1, &f.fence, VK_TRUE, UINT64_MAX));
    Image img;
    img.width = w;
    img.height = h;
    img.pixels.resize(std::size_t(w) * h * 4);
    std::memcpy(img.pixels.data(), readback.mapped(), img.pixels.size());
    pickPending = true;
    return img;
}

Image Renderer::Impl::render(const World& world, const CameraView& cam, std::uint32_t w, std::uint32_t h) {
    Frame& f = recordScene(world, cam, w, h);
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, target.output.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                 VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    recordTonemap(cmd, tonemapPipeline, target.output.view, true);
    return readBackAndWait(f, target.output.image, target.readback, w, h);
}

namespace {
bool isSrgbFormat(VkFormat f) {
    return f == VK_FORMAT_B8G8R8A8_SRGB || f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_A8B8G8R8_SRGB_PACK32;
}

// The composition's scene rectangle in target pixels (overlay units scale to the target).
VkRect2D sceneRectIn(const FrameComposition& c, VkExtent2D extent) {
    if (c.scene.width <= 0.0f || c.scene.height <= 0.0f) return {{0, 0}, extent};
    vec2 scale(1.0f);
    if (c.overlay && c.overlay->displaySize.x > 0.0f && c.overlay->displaySize.y > 0.0f) {
        scale = vec2(float(extent.width), float(extent.height)) / c.overlay->displaySize;
    }
    auto clampX = [&](float v) { return std::clamp(std::round(v * scale.x), 0.0f, float(extent.width)); };
    auto clampY = [&](float v) { return std::clamp(std::round(v * scale.y), 0.0f, float(extent.height)); };
    float x0 = clampX(c.scene.x), x1 = clampX(c.scene.x + c.scene.width);
    float y0 = clampY(c.scene.y), y1 = clampY(c.scene.y + c.scene.height);
    return {{std::int32_t(x0), std::int32_t(y0)}, {std::uint32_t(std::max(0.0f, x1 - x0)), std::uint32_t(std::max(0.0f, y1 - y0))}};
}

VkExtent2D atLeastOnePixel(VkExtent2D e) { return {std::max(e.width, 1u), std::max(e.height, 1u)}; }
}  // namespace

void Renderer::Impl::recordComposite(VkCommandBuffer cmd, std::uint32_t slot, VkImageView view, VkFormat format,
                                     VkExtent2D extent, VkPipeline tonemap, bool srgbTarget, VkRect2D sceneRect,
                                     const FrameComposition& composition) {
    VkRenderingAttachmentInfo out{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    out.imageView = view;
    out.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    out.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    out.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    vec4 bg = composition.background;
    if (srgbTarget) {  // the clear colour is a display value; an _SRGB attachment encodes it
        auto decode = [](float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); };
        bg = vec4(decode(bg.r), decode(bg.g), decode(bg.b), bg.a);
    }
    out.clearValue.color = {{bg.r, bg.g, bg.b, bg.a}};
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, extent};
    ri.layerCount = 1;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &out;
    vkCmdBeginRendering(cmd, &ri);
    if (sceneRect.extent.width > 0 && sceneRect.extent.height > 0) {
        VkViewport vp{float(sceneRect.offset.x), float(sceneRect.offset.y), float(sceneRect.extent.width),
                      float(sceneRect.extent.height), 0.0f, 1.0f};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &sceneRect);
        vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
        vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, tonemap);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, tonemapPipelineLayout, 0, 1, &target.tonemapSet, 0, nullptr);
        float push[4] = {exposure, srgbTarget ? 0.0f : 1.0f, 0.0f, 0.0f};
        vkCmdPushConstants(cmd, tonemapPipelineLayout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof(push), push);
        vkCmdDraw(cmd, 3, 1, 0, 0);
    }
    if (composition.overlay) ui->record(cmd, slot, *composition.overlay, format, extent, srgbTarget);
    vkCmdEndRendering(cmd);
}

// Copies the swapchain image into a host-visible buffer on the way to presentation; it ends in
// the present layout. The presentation engine only reads the image, so the copy can share it.
void Renderer::Impl::recordWindowCapture(VkCommandBuffer cmd, VkImage image) {
    VkExtent2D extent = swapchain->extent();
    VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
    if (captureBuffer.size < bytes) {
        // An earlier capture nobody read may still be in flight (rare: a window grown between).
        ATRIUM_VK(vkDeviceWaitIdle(device->device()));
        res->destroy(captureBuffer);
        captureBuffer = res->createBuffer(bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);
    }
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {extent.width, extent.height, 1};
    vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, captureBuffer.buffer, 1, &region);
    imageBarrier(cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                 VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE);
    captureExtent = extent;
    captureFormat = swapchain->format();
    captureRequested = false;
    captureReady = true;
}

Image Renderer::Impl::renderComposite(const World& world, const CameraView& cam, const FrameComposition& composition,
                                      std::uint32_t w, std::uint32_t h) {
    VkExtent2D extent{w, h};
    VkRect2D sceneRect = sceneRectIn(composition, extent);
    Frame& f = recordScene(world, cam, atLeastOnePixel(sceneRect.extent).width, atLeastOnePixel(sceneRect.extent).height);
    std::uint32_t slot = std::uint32_t(&f - frames);
    if (composite.extent.width != w || composite.extent.height != h || !composite.image) {
        vkDeviceWaitIdle(device->device());  // the other frame in flight may still copy from them
        res->destroy(composite);
        res->destroy(compositeReadback);
        ImageDesc desc;
        desc.format = kOutputFormat;
        desc.extent = extent;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        composite = res->createImage(desc);
        compositeReadback = res->createBuffer(VkDeviceSize(w) * h * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, true);
    }
    VkCommandBuffer cmd = f.cmd;
    imageBarrier(cmd, composite.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                 VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_NONE,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                 VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT);
    recordComposite(cmd, slot, composite.view, kOutputFormat, extent, tonemapPipeline, false, sceneRect, composition);
    return readBackAndWait(f, composite.image, compositeReadback, w, h);
}

Status Renderer::Impl::drawToWindow(const World& world, const CameraView& cam, const FrameComposition& composition) {
    if (!window || !swapchain) return Error{"the renderer was created without a window (RendererOptions::window)"};
    if (window->minimized()) return Ok{};  // nothing to show; keep the old swapchain until restored
    VkExtent2D size{window->framebufferWidth(), window->framebufferHeight()};
    if (!swapchain->valid() || window->resizeCount() != seenResizes) {
        seenResizes = window->resizeCount();
        if (!swapchain->recreate(size)) return Ok{};
    }
    Frame& next = frames[frameIndex];
    ATRIUM_VK(vkWaitForFences(device->device(), 1, &next.fence, VK_TRUE, UINT64_MAX));
    std::uint32_t imageIndex = 0;
    VkResult acquired = vkAcquireNextImageKHR(device->device(), swapchain->handle(), UINT64_MAX, next.imageAvailable,
                                              VK_NULL_HANDLE, &imageIndex);
    if (acquired == VK_ERROR_OUT_OF_DATE_KHR) {
        swapchain->recreate(size);
        return Ok{};  // this frame is dropped; the next one uses the new swapchain
    }
    if (acquired != VK_SUCCESS && acquired != VK_SUBOPTIMAL_KHR) throwVulkanError("vkAcquireNextImageKHR", acquired, __FILE__, __LINE__);

    VkExtent2D extent = swapchain->extent();
    VkRect2D sceneRect = sceneRectIn(composition, extent);
    VkExtent2D sceneExtent = atLeastOnePixel(sceneRect.extent);
    Frame& f = recordScene(world, cam, sceneExtent.width, sceneExtent.height);
    VkImage image = swapchain->image(imageIndex);
    // The acquire semaphore signals at colour output, so the layout change waits for it there.
    imageBarrier(f.cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE,
                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
    recordComposite(f.cmd, std::uint32_t(&f - frames), swapchain->view(imageIndex), swapchain->format(), extent,
                    windowTonemapPipeline, isSrgbFormat(swapchain->format()), sceneRect, composition);
    if (captureRequested && swapchain->copyable()) {
        recordWindowCapture(f.cmd, image);
    } else {
        imageBarrier(f.cmd, image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                     VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                     VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE);
    }
    recordPickCopy(f.cmd);
    recordHostReadBarrier(f.cmd);
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = f.imageAvailable;
    wait.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.semaphore = swapchain->renderFinished(imageIndex);
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    submit(f, {wait}, {signal});
    pickPending = true;

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
    return Ok{};
}

void Renderer::Impl::readPickIds() {
    if (!pickPending) return;
    // Frames in flight may still write the readback buffer; the newest submission wins.
    vkDeviceWaitIdle(device->device());
    pickIds.resize(std::size_t(target.extent.width) * target.extent.height);
    std::memcpy(pickIds.data(), target.pickReadback.mapped(), pickIds.size() * 4);
    pickWidth = target.extent.width;
    pickHeight = target.extent.height;
    pickPending = false;
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

Status Renderer::drawToWindow(const World& world, const CameraView& camera) {
    return drawToWindow(world, camera, FrameComposition{});
}

Status Renderer::drawToWindow(const World& world, const CameraView& camera, const FrameComposition& composition) {
    try {
        return impl_->drawToWindow(world, camera, composition);
    } catch (const std::exception& e) {
        return Error{std::string("drawing to the window failed: ") + e.what()};
    }
}

Result<Image> Renderer::renderToImage(const World& world, const CameraView& camera, const FrameComposition& composition,
                                      std::uint32_t width, std::uint32_t height) {
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
    std::memcpy(img.pixels.data(), m.captureBuffer.mapped(), img.pixels.size());
    bool bgra = m.captureFormat == VK_FORMAT_B8G8R8A8_UNORM || m.captureFormat == VK_FORMAT_B8G8R8A8_SRGB;
    if (bgra) {
        for (std::size_t i = 0; i < img.pixels.size(); i += 4) std::swap(img.pixels[i], img.pixels[i + 2]);
    }
    return img;
}

Entity Renderer::pick(const World& world, std::uint32_t x, std::uint32_t y) const {
    try {
        impl_->readPickIds();
    } catch (const std::exception& e) {
        logError("render", std::string("picking failed: ") + e.what());
        return kNullEntity;
    }
    if (x >= impl_->pickWidth || y >= impl_->pickHeight) return kNullEntity;
    std::uint32_t id = impl_->pickIds[std::size_t(y) * impl_->pickWidth + x];
    if (id == 0) return kNullEntity;
    // Ids carry the slot index only; the world supplies the live generation.
    Entity found = kNullEntity;
    world.forEachEntity([&](Entity e) {
        if (e.index == id - 1) found = e;
    });
    return found;
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
    impl_->scene->setScreenPixels(screen, width, height,
                                  std::vector<std::uint8_t>(rgba, rgba + std::size_t(width) * height * 4));
    return Ok{};
}

void Renderer::setLabels(std::vector<WorldLabel> labels) { impl_->labels = std::move(labels); }

void Renderer::setAnimationTime(double seconds) { impl_->animationTime = seconds; }

const RenderStats& Renderer::stats() const { return impl_->stats; }
std::string Renderer::deviceName() const { return impl_->device->properties().deviceName; }
bool Renderer::validationEnabled() const { return impl_->device->validation(); }
std::uint32_t Renderer::msaaSamples() const { return std::uint32_t(impl_->samples); }

}  // namespace atrium
