// Body of mesh.vert and mesh_skinned.vert (which defines SKINNED before including this).
#include "common.glsl"
#include "skinning.glsl"
#include "instances.glsl"

layout(location = 0) in vec3 inPosition;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec2 inUv;
layout(location = 3) in vec4 inTangent;
#ifdef SKINNED
layout(location = 10) in uvec4 inJoints;
layout(location = 11) in vec4 inWeights;
#endif

layout(location = 0) out vec3 outWorldPos;
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec2 outUv;
layout(location = 3) out vec4 outTangent;
layout(location = 4) out vec4 outTint;
layout(location = 5) flat out uint outEntity;
layout(location = 6) out float outViewDepth;

void main() {
    Instance inst = currentInstance();
    mat4 model = inst.model;
#ifdef SKINNED
    model = model * skinMatrix(inJoints, inWeights, inst.ids.y, inst.ids.z);
#endif
    vec4 world = model * vec4(inPosition, 1.0);
    // Inverse transpose keeps normals perpendicular under non-uniform scale.
    mat3 normalMatrix = transpose(inverse(mat3(model)));
    outWorldPos = world.xyz;
    outNormal = normalMatrix * inNormal;
    outTangent = vec4(mat3(model) * inTangent.xyz, inTangent.w);
    outUv = inUv;
    outTint = inst.tint;
#ifdef SKINNED
    // A mannequin's vertices name a look region in uv.x instead of a colour, so one mesh draws
    // every attendee's look: the instance's colours sit in the joints after its palette.
    if (inst.ids.w != 0u) outTint *= joints[inst.ids.w - 1u][min(uint(inUv.x), 3u)];
#endif
    outEntity = inst.ids.x;
    outViewDepth = -(frame.view * world).z;
    gl_Position = frame.viewProj * world;
}
