// Body of shadow.vert and shadow_skinned.vert (which defines SKINNED before including this).
#include "skinning.glsl"
layout(location = 0) in vec3 inPosition;
layout(location = 4) in vec4 inModel0;
layout(location = 5) in vec4 inModel1;
layout(location = 6) in vec4 inModel2;
layout(location = 7) in vec4 inModel3;
layout(location = 9) in uvec4 inIds;
#ifdef SKINNED
layout(location = 10) in uvec4 inJoints;
layout(location = 11) in vec4 inWeights;
#endif
layout(push_constant) uniform ShadowPush { mat4 lightViewProj; } push;
void main() {
    mat4 model = mat4(inModel0, inModel1, inModel2, inModel3);
#ifdef SKINNED
    model = model * skinMatrix(inJoints, inWeights, inIds.y, inIds.z);
#endif
    gl_Position = push.lightViewProj * (model * vec4(inPosition, 1.0));
}
