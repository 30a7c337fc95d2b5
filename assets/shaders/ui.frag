#version 450
// Overlay colours are display values; an _SRGB target encodes on store, so they are decoded
// first to land on the same bytes as on a UNORM target.
layout(location = 0) in vec2 inUv;
layout(location = 1) in vec4 inColor;
layout(location = 0) out vec4 outColor;
layout(set = 0, binding = 0) uniform sampler2D tex;
layout(push_constant) uniform UiPush { vec2 scale; vec2 translate; float decodeSrgb; } push;

vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

void main() {
    vec4 c = inColor * texture(tex, inUv);
    outColor = push.decodeSrgb > 0.5 ? vec4(srgbToLinear(c.rgb), c.a) : c;
}
