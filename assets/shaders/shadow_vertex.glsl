// Body of shadow.vert and shadow_skinned.vert (which defines SKINNED before including this).
#include "skinning.glsl"
#include "instances.glsl"
layout(location = 0) in vec3 inPosition;
#ifdef SKINNED
layout(location = 10) in uvec4 inJoints;
layout(location = 11) in vec4 inWeights;
#endif
layout(push_constant) uniform ShadowPush { mat4 lightViewProj; } push;
void main() {
    Instance inst = currentInstance();
    mat4 model = inst.model;
#ifdef SKINNED
    model = model * skinMatrix(inJoints, inWeights, inst.ids.y, inst.ids.z);
#endif
    gl_Position = push.lightViewProj * (model * vec4(inPosition, 1.0));
}
