#version 450
#include "common.glsl"

layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inTangent;
layout(location = 4) in vec4 inTint;
layout(location = 5) flat in uint inEntity;
layout(location = 6) in float inViewDepth;

layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outEntity;

layout(set = 1, binding = 0) uniform sampler2D baseColorTex;
layout(set = 1, binding = 1) uniform sampler2D metallicRoughnessTex;
layout(set = 1, binding = 2) uniform sampler2D normalTex;
layout(set = 1, binding = 3) uniform sampler2D occlusionTex;
layout(set = 1, binding = 4) uniform sampler2D emissiveTex;

const uint kAlphaMask = 1u;
const uint kAlphaBlend = 2u;
const uint kHasNormalMap = 4u;
const uint kUnlit = 8u;

layout(push_constant) uniform MaterialPush {
    vec4 baseColor;
    vec4 emissive;       // rgb * strength
    vec4 params;         // metallic, roughness, alpha cutoff, normal scale
    vec4 params2;        // occlusion strength
    uint flags;
} material;

float distributionGgx(float nh, float a) {
    float a2 = a * a;
    float d = nh * nh * (a2 - 1.0) + 1.0;
    return a2 / (PI * d * d);
}

float visibilitySmithGgx(float nv, float nl, float a) {
    float a2 = a * a;
    float gv = nl * sqrt(nv * nv * (1.0 - a2) + a2);
    float gl = nv * sqrt(nl * nl * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-5);
}

vec3 fresnelSchlick(float vh, vec3 f0) {
    return f0 + (1.0 - f0) * pow(1.0 - vh, 5.0);
}

// Cook-Torrance GGX specular plus Lambert diffuse for one light of irradiance `e` from `l`.
vec3 shade(vec3 n, vec3 v, vec3 l, vec3 e, vec3 albedo, float metallic, float alphaRough) {
    float nl = dot(n, l);
    if (nl <= 0.0) return vec3(0.0);
    vec3 h = normalize(v + l);
    float nv = max(dot(n, v), 1e-4);
    float nh = max(dot(n, h), 0.0);
    float vh = max(dot(v, h), 0.0);
    vec3 f0 = mix(vec3(0.04), albedo, metallic);
    vec3 f = fresnelSchlick(vh, f0);
    vec3 specular = f * distributionGgx(nh, alphaRough) * visibilitySmithGgx(nv, nl, alphaRough);
    vec3 diffuse = (1.0 - f) * (1.0 - metallic) * albedo / PI;
    return (diffuse + specular) * e * nl;
}

float sunShadow(vec3 worldPos, vec3 n) {
    if (frame.sunDirection.w < 0.5) return 1.0;
    int cascade = kCascades - 1;
    for (int i = 0; i < kCascades; ++i) {
        if (inViewDepth < frame.cascadeSplits[i]) { cascade = i; break; }
    }
    float texel = 1.0 / float(frame.tiles.w);
    // Offsetting along the normal by about a texel's world size avoids acne on slopes.
    // The x row of the orthographic light matrix has length 1 / half-width: world metres per texel.
    mat4 lm = frame.cascadeViewProj[cascade];
    float worldTexel = 2.0 / (length(vec3(lm[0][0], lm[1][0], lm[2][0])) * float(frame.tiles.w));
    vec3 p = worldPos + n * worldTexel * frame.shadowParams.x;
    vec4 clip = frame.cascadeViewProj[cascade] * vec4(p, 1.0);
    vec3 ndc = clip.xyz / clip.w;
    vec2 uv = ndc.xy * 0.5 + 0.5;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))) || ndc.z > 1.0) return 1.0;
    float sum = 0.0;
    float r = frame.shadowParams.y;
    for (int y = -1; y <= 1; ++y) {
        for (int x = -1; x <= 1; ++x) {
            vec2 o = vec2(x, y) * texel * r;
            sum += texture(shadowMap, vec4(uv + o, float(cascade), ndc.z));
        }
    }
    return sum / 9.0;
}

void main() {
    vec4 base = material.baseColor * inTint * texture(baseColorTex, inUv);
    if ((material.flags & kAlphaMask) != 0u && base.a < material.params.z) discard;

    vec3 emissive = material.emissive.rgb * texture(emissiveTex, inUv).rgb;
    outEntity = inEntity;
    if ((material.flags & kUnlit) != 0u) {
        outColor = vec4(base.rgb + emissive, (material.flags & kAlphaBlend) != 0u ? base.a : 1.0);
        return;
    }

    vec3 n = normalize(inNormal);
    if (!gl_FrontFacing) n = -n;  // double-sided materials light their back faces too
    if ((material.flags & kHasNormalMap) != 0u) {
        vec3 t = inTangent.xyz - n * dot(n, inTangent.xyz);
        if (dot(t, t) > 1e-10) {
            t = normalize(t);
            vec3 b = cross(n, t) * (inTangent.w < 0.0 ? -1.0 : 1.0);
            vec3 tn = texture(normalTex, inUv).xyz * 2.0 - 1.0;
            tn.xy *= material.params.w;
            n = normalize(mat3(t, b, n) * tn);
        }
    }

    vec4 mr = texture(metallicRoughnessTex, inUv);
    float metallic = clamp(material.params.x * mr.b, 0.0, 1.0);
    float roughness = clamp(material.params.y * mr.g, 0.03, 1.0);
    float alphaRough = roughness * roughness;
    float occlusion = mix(1.0, texture(occlusionTex, inUv).r, material.params2.x);

    vec3 v = normalize(frame.cameraPos.xyz - inWorldPos);
    vec3 albedo = base.rgb;
    vec3 color = vec3(0.0);

    vec3 l = -normalize(frame.sunDirection.xyz);
    color += shade(n, v, l, frame.sunRadiance.rgb, albedo, metallic, alphaRough) * sunShadow(inWorldPos, normalize(inNormal));

    uvec2 tile = uvec2(gl_FragCoord.xy) / kTileSize;
    uint tileIndex = min(tile.y, frame.tiles.y - 1u) * frame.tiles.x + min(tile.x, frame.tiles.x - 1u);
    uint offset = tileData[tileIndex * 2u];
    uint count = tileData[tileIndex * 2u + 1u];
    for (uint i = 0u; i < count; ++i) {
        PointLight light = lights[tileData[offset + i]];
        vec3 toLight = light.positionRange.xyz - inWorldPos;
        float d2 = max(dot(toLight, toLight), 1e-4);
        float range = light.positionRange.w;
        // Inverse square with a smooth window to zero at the range (as in glTF KHR_lights_punctual).
        float window = clamp(1.0 - pow(d2 / (range * range), 2.0), 0.0, 1.0);
        float attenuation = window * window / d2;
        vec3 ld = toLight * inversesqrt(d2);
        if (light.spotDirection.w > 0.5) {
            float cd = dot(-ld, light.spotDirection.xyz);
            float s = clamp((cd - light.spotCone.x) * light.spotCone.y, 0.0, 1.0);
            attenuation *= s * s;
        }
        if (attenuation <= 0.0) continue;
        color += shade(n, v, ld, light.colorIntensity.rgb * attenuation, albedo, metallic, alphaRough);
    }

    // Ambient from the sky: a uniform sky of radiance L gives a Lambert surface albedo * L;
    // specular reflects the sky along the mirror direction, weighted by a rough Fresnel term.
    float ambient = frame.skyZenith.w;
    vec3 skyAbove = mix(frame.skyZenith.rgb, frame.skyHorizon.rgb, 0.4);
    vec3 skyBelow = mix(frame.skyHorizon.rgb, frame.skyGround.rgb, 0.8);
    vec3 skyDiffuse = mix(skyBelow, skyAbove, 0.5 + 0.5 * n.y);
    vec3 f0 = mix(vec3(0.04), albedo, metallic);
    float nv = max(dot(n, v), 0.0);
    vec3 fAmb = f0 + (max(vec3(1.0 - roughness), f0) - f0) * pow(1.0 - nv, 5.0);
    vec3 r = reflect(-v, n);
    vec3 skySpec = mix(skyRadiance(r), skyDiffuse, roughness);
    color += ambient * occlusion * ((1.0 - fAmb) * (1.0 - metallic) * albedo * skyDiffuse + fAmb * skySpec);

    color += emissive;
    outColor = vec4(color, (material.flags & kAlphaBlend) != 0u ? base.a : 1.0);
}
