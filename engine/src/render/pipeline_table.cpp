#include "render/pipeline_table.hpp"

#include <iterator>

#include "render/scene_target.hpp"
#include "render/shaders.hpp"

namespace atrium::render {
namespace {

using Shader = std::span<const std::uint32_t> (*)();

enum class Layout : std::uint8_t { Mesh, Shadow, Tonemap };
// Scene: HDR colour and pick ids over depth, multisampled; ShadowMap: one cascade's depth;
// Output: the tonemapped image (offscreen RGBA8 or the swapchain's format).
enum class Target : std::uint8_t { Scene, ShadowMap, Output };
enum class Depth : std::uint8_t { Off, Test, TestAndWrite };
enum class Blend : std::uint8_t { Replace, Alpha };

struct PipelineRow {
    PipelineId id;
    Shader vert;
    Shader frag;  // null: depth only
    VertexInput input;
    bool skinned;
    Layout layout;
    Target target;
    Depth depth;
    Blend blend;
    bool depthBias;
};

// Culling is not a column: every pipeline takes the cull mode as dynamic state, since one
// batch loop switches it per material (double-sided or not) without changing pipelines.
constexpr PipelineRow kPipelines[] = {
    // id                       vert                        frag                     vertices                     skinned layout          target
    // depth                blend         bias
    {PipelineId::Sky, shaders::fullscreenVert, shaders::skyFrag, VertexInput::None, false, Layout::Mesh, Target::Scene, Depth::Off,
     Blend::Replace, false},
    {PipelineId::Opaque, shaders::meshVert, shaders::meshFrag, VertexInput::Mesh, false, Layout::Mesh, Target::Scene, Depth::TestAndWrite,
     Blend::Replace, false},
    {PipelineId::OpaqueSkinned, shaders::meshSkinnedVert, shaders::meshFrag, VertexInput::Mesh, true, Layout::Mesh, Target::Scene,
     Depth::TestAndWrite, Blend::Replace, false},
    {PipelineId::Blend, shaders::meshVert, shaders::meshFrag, VertexInput::Mesh, false, Layout::Mesh, Target::Scene, Depth::Test, Blend::Alpha,
     false},
    {PipelineId::BlendSkinned, shaders::meshSkinnedVert, shaders::meshFrag, VertexInput::Mesh, true, Layout::Mesh, Target::Scene, Depth::Test,
     Blend::Alpha, false},
    {PipelineId::Label, shaders::labelVert, shaders::labelFrag, VertexInput::Label, false, Layout::Mesh, Target::Scene, Depth::Test,
     Blend::Alpha, false},
    {PipelineId::Shadow, shaders::shadowVert, nullptr, VertexInput::ShadowMesh, false, Layout::Shadow, Target::ShadowMap, Depth::TestAndWrite,
     Blend::Replace, true},
    {PipelineId::ShadowMasked, shaders::shadowMaskedVert, shaders::shadowMaskedFrag, VertexInput::ShadowMaskedMesh, false, Layout::Shadow,
     Target::ShadowMap, Depth::TestAndWrite, Blend::Replace, true},
    {PipelineId::ShadowSkinned, shaders::shadowSkinnedVert, nullptr, VertexInput::ShadowMesh, true, Layout::Shadow, Target::ShadowMap,
     Depth::TestAndWrite, Blend::Replace, true},
    {PipelineId::Tonemap, shaders::fullscreenVert, shaders::tonemapFrag, VertexInput::None, false, Layout::Tonemap, Target::Output, Depth::Off,
     Blend::Replace, false},
};
constexpr bool rowsInIdOrder() {
    for (std::size_t i = 0; i < std::size(kPipelines); ++i) {
        if (std::size_t(kPipelines[i].id) != i) return false;
    }
    return std::size(kPipelines) == std::size_t(PipelineId::Count);
}
static_assert(rowsInIdOrder(), "one row per pipeline, in PipelineId order");

VkPipelineLayout layoutFor(Layout layout, const PipelineTargets& t) {
    switch (layout) {
        case Layout::Mesh: return t.mesh;
        case Layout::Shadow: return t.shadow;
        case Layout::Tonemap: return t.tonemap;
    }
    return VK_NULL_HANDLE;
}

void setTarget(PipelineDesc& desc, Target target, const PipelineTargets& t) {
    switch (target) {
        case Target::Scene:
            desc.colorFormats = {kHdrFormat, kPickFormat};
            desc.depthFormat = kDepthFormat;
            desc.samples = t.samples;
            break;
        case Target::ShadowMap: desc.depthFormat = kDepthFormat; break;
        case Target::Output: desc.colorFormats = {t.output}; break;
    }
}

}  // namespace

PipelineDesc describePipeline(PipelineId id, const PipelineTargets& targets) {
    const PipelineRow& row = kPipelines[std::size_t(id)];
    PipelineDesc desc;
    desc.vert = row.vert();
    if (row.frag) desc.frag = row.frag();
    desc.layout = layoutFor(row.layout, targets);
    desc.input = row.input;
    desc.skinned = row.skinned;
    setTarget(desc, row.target, targets);
    desc.depthTest = row.depth != Depth::Off;
    desc.depthWrite = row.depth == Depth::TestAndWrite;
    desc.alphaBlend = row.blend == Blend::Alpha;
    desc.depthBias = row.depthBias;
    return desc;
}

void PipelineSet::build(VkDevice device, const PipelineTargets& targets) {
    for (const PipelineRow& row : kPipelines) {
        pipelines_[std::size_t(row.id)] = Pipeline(device, createPipeline(device, describePipeline(row.id, targets)));
    }
}

}  // namespace atrium::render
