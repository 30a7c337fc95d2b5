#version 450
#include "common.glsl"
// World-space text: vertices already placed in the world (billboarded on the CPU).
layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec4 inColor;
layout(location = 2) in vec2 inUv;
layout(location = 0) out vec4 outColor;
layout(location = 1) out vec2 outUv;
void main() {
    outColor = inColor;
    outUv = inUv;
    gl_Position = frame.viewProj * vec4(inPosition, 1.0);
}
