#version 450
#include "common.glsl"
layout(location = 0) in vec2 inUv;
layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outEntity;
void main() {
    vec4 far = frame.invViewProj * vec4(inUv * 2.0 - 1.0, 1.0, 1.0);
    vec3 dir = normalize(far.xyz / far.w - frame.cameraPos.xyz);
    vec3 color = skyRadiance(dir);
    // The sun disk, bright enough to bloom into white after tone mapping.
    vec3 l = -normalize(frame.sunDirection.xyz);
    float cosAngle = dot(dir, l);
    color += frame.sunRadiance.rgb * 20.0 * smoothstep(0.9997, 0.9999, cosAngle);
    color += frame.sunRadiance.rgb * 0.04 * pow(max(cosAngle, 0.0), 64.0);
    outColor = vec4(color, 1.0);
    outEntity = 0u;
}
