#version 450
// HDR to display: exposure, Khronos PBR Neutral tone mapping, then sRGB encoding by hand so
// the output image can be a plain UNORM target (readback and swapchain alike).
layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;
layout(set = 0, binding = 0) uniform sampler2D hdr;
// encodeSrgb is 0 when the target is an _SRGB format that encodes on store (some swapchains).
layout(push_constant) uniform TonemapPush { float exposure; float encodeSrgb; } push;

vec3 pbrNeutral(vec3 color) {
    const float startCompression = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < startCompression) return color;
    const float d = 1.0 - startCompression;
    float newPeak = 1.0 - d * d / (peak + d - startCompression);
    color *= newPeak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
    return mix(color, vec3(newPeak), g);
}

vec3 linearToSrgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void main() {
    vec3 c = texture(hdr, inUv).rgb * push.exposure;
    vec3 mapped = clamp(pbrNeutral(max(c, vec3(0.0))), 0.0, 1.0);
    outColor = vec4(push.encodeSrgb > 0.5 ? linearToSrgb(mapped) : mapped, 1.0);
}
