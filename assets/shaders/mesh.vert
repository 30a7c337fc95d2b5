#version 450
#include "common.glsl"

layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inTangent;
layout(location = 4) in vec4 inModel0;
layout(location = 5) in vec4 inModel1;
layout(location = 6) in vec4 inModel2;
layout(location = 7) in vec4 inModel3;
layout(location = 8) in vec4 inTint;
layout(location = 9) in uvec4 inIds;

layout(location = 0) out vec3 outWorldPos;
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec2 outUv;
layout(location = 3) out vec4 outTangent;
layout(location = 4) out vec4 outTint;
layout(location = 5) flat out uint outEntity;
layout(location = 6) out float outViewDepth;

void main() {
    mat4 model = mat4(inModel0, inModel1, inModel2, inModel3);
    vec4 world = model * vec4(inPosition, 1.0);
    // Inverse transpose keeps normals perpendicular under non-uniform scale.
    mat3 normalMatrix = transpose(inverse(mat3(model)));
    outWorldPos = world.xyz;
    outNormal = normalMatrix * inNormal;
    outTangent = vec4(mat3(model) * inTangent.xyz, inTangent.w);
    outUv = inUv;
    outTint = inTint;
    outEntity = inIds.x;
    outViewDepth = -(frame.view * world).z;
    gl_Position = frame.viewProj * world;
}
