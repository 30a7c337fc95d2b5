#version 450
// The same alpha test as mesh.frag, so a cut-out leaf or fence casts a cut-out shadow.
layout(location = 0) in vec2 inUv;
layout(location = 1) in float inAlpha;
layout(set = 1, binding = 0) uniform sampler2D baseColorTex;
// x: the material's base colour alpha, y: its alpha cutoff (after the cascade matrix).
layout(push_constant) uniform ShadowPush { layout(offset = 64) vec4 alpha; } push;
void main() {
    if (push.alpha.x * inAlpha * texture(baseColorTex, inUv).a < push.alpha.y) discard;
}
