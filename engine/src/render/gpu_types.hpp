#pragma once
// CPU mirrors of shader-visible data; layouts match assets/shaders/common.glsl and mesh.frag.
#include <cstdint>

#include "atrium/core/math.hpp"

namespace atrium::render {

inline constexpr int kCascades = 3;
inline constexpr std::uint32_t kTileSize = 16;

struct Vertex {
    vec3 position;
    vec3 normal;
    vec2 uv;
    vec4 tangent;
};
static_assert(sizeof(Vertex) == 48);

// The second vertex stream of skinned primitives.
struct SkinVertex {
    std::uint16_t joints[4];
    vec4 weights;
};
static_assert(sizeof(SkinVertex) == 24);

struct FrameUniforms {
    mat4 viewProj;
    mat4 view;
    mat4 invViewProj;
    mat4 cascadeViewProj[kCascades];
    vec4 cascadeSplits;
    vec4 cameraPos;     // w: exposure
    vec4 sunDirection;  // w: shadows on
    vec4 sunRadiance;
    vec4 skyZenith;  // w: ambient intensity
    vec4 skyHorizon;
    vec4 skyGround;
    std::uint32_t tiles[4];
    vec4 shadowParams;
};

struct GpuPointLight {
    vec4 positionRange;
    vec4 colorIntensity;
    vec4 spotDirection;
    vec4 spotCone;
};

enum MaterialFlags : std::uint32_t {
    kMaterialAlphaMask = 1,
    kMaterialAlphaBlend = 2,
    kMaterialHasNormalMap = 4,
    kMaterialUnlit = 8,
};

struct MaterialPush {
    vec4 baseColor{1.0f};
    vec4 emissive{0.0f};
    vec4 params{1.0f, 1.0f, 0.5f, 1.0f};   // metallic, roughness, alpha cutoff, normal scale
    vec4 params2{1.0f, 0.0f, 0.0f, 0.0f};  // occlusion strength
    std::uint32_t flags = 0;
    std::uint32_t pad[3] = {};
};
static_assert(sizeof(MaterialPush) == 80);

// Shadow pass push constants: the cascade's matrix, then (masked materials only) the base
// colour alpha and alpha cutoff that shadow_masked.frag tests against.
struct ShadowPush {
    mat4 lightViewProj;
    vec4 alpha;
};
static_assert(sizeof(ShadowPush) == 80);

}  // namespace atrium::render
