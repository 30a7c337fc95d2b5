#version 450
// Shadow pass for alpha-masked materials: like shadow.vert, plus what the alpha test needs
// (texture coordinates and the instance tint, whose alpha multiplies the base colour's).
#include "instances.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 2) in vec2 inUv;
layout(push_constant) uniform ShadowPush { mat4 lightViewProj; } push;
layout(location = 0) out vec2 outUv;
layout(location = 1) out float outAlpha;
void main() {
    Instance inst = currentInstance();
    mat4 model = inst.model;
    outUv = inUv;
    outAlpha = inst.tint.a;
    gl_Position = push.lightViewProj * (model * vec4(inPosition, 1.0));
}
