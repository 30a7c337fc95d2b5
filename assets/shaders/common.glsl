// Shared by the mesh, sky and shadow shaders. Layouts mirror engine/src/render/gpu_types.hpp.
const int kCascades = 3;
const uint kTileSize = 16u;

layout(set = 0, binding = 0) uniform FrameUniforms {
    mat4 viewProj;
    mat4 view;
    mat4 invViewProj;
    mat4 cascadeViewProj[kCascades];
    vec4 cascadeSplits;       // view-space far distance of each cascade (positive metres)
    vec4 cameraPos;           // xyz; w: exposure
    vec4 sunDirection;        // xyz: direction light travels; w: 1 when shadows are on
    vec4 sunRadiance;         // rgb: colour * intensity
    vec4 skyZenith;           // rgb; w: ambient intensity
    vec4 skyHorizon;
    vec4 skyGround;
    uvec4 tiles;              // x: tiles across, y: tiles down, z: light count, w: shadow map size
    vec4 shadowParams;        // x: normal offset (texels), y: pcf radius (texels)
} frame;

struct PointLight {
    vec4 positionRange;   // xyz position, w range
    vec4 colorIntensity;  // rgb colour * intensity (candela)
    vec4 spotDirection;   // xyz direction the light points; w: 1 for spot lights
    vec4 spotCone;        // x: cos outer, y: 1 / (cos inner - cos outer)
};

layout(std430, set = 0, binding = 1) readonly buffer Lights { PointLight lights[]; };
// Per tile (offset, count) into tileLightIndices, then the index lists.
layout(std430, set = 0, binding = 2) readonly buffer TileLights { uint tileData[]; };
layout(set = 0, binding = 3) uniform sampler2DArrayShadow shadowMap;

const float PI = 3.14159265359;

// Radiance of the procedural sky in a direction: zenith to horizon gradient above, ground below.
vec3 skyRadiance(vec3 dir) {
    float y = dir.y;
    if (y >= 0.0) {
        float t = pow(clamp(1.0 - y, 0.0, 1.0), 3.0);
        return mix(frame.skyZenith.rgb, frame.skyHorizon.rgb, t);
    }
    float t = clamp(-y * 4.0, 0.0, 1.0);
    return mix(frame.skyHorizon.rgb, frame.skyGround.rgb, t);
}
