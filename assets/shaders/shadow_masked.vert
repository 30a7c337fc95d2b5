#version 450
// Shadow pass for alpha-masked materials: like shadow.vert, plus what the alpha test needs
// (texture coordinates and the instance tint, whose alpha multiplies the base colour's).
layout(location = 0) in vec3 inPosition;
layout(location = 2) in vec2 inUv;
layout(location = 4) in vec4 inModel0;
layout(location = 5) in vec4 inModel1;
layout(location = 6) in vec4 inModel2;
layout(location = 7) in vec4 inModel3;
layout(location = 8) in vec4 inTint;
layout(push_constant) uniform ShadowPush { mat4 lightViewProj; } push;
layout(location = 0) out vec2 outUv;
layout(location = 1) out float outAlpha;
void main() {
    mat4 model = mat4(inModel0, inModel1, inModel2, inModel3);
    outUv = inUv;
    outAlpha = inTint.a;
    gl_Position = push.lightViewProj * (model * vec4(inPosition, 1.0));
}
