#version 450
// 2D overlay (editor panels, HUDs): overlay pixels to clip space.
layout(location = 0) in vec2 inPosition;
layout(location = 1) in vec2 inUv;
layout(location = 2) in vec4 inColor;
layout(location = 0) out vec2 outUv;
layout(location = 1) out vec4 outColor;
layout(push_constant) uniform UiPush { vec2 scale; vec2 translate; float decodeSrgb; } push;
void main() {
    outUv = inUv;
    outColor = inColor;
    gl_Position = vec4(inPosition * push.scale + push.translate, 0.0, 1.0);
}
