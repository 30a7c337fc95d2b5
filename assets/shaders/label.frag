#version 450
// Glyph coverage from the font atlas (bound as the base colour texture of set 1) is the alpha.
layout(location = 0) in vec4 inColor;
layout(location = 1) in vec2 inUv;
layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outEntity;
layout(set = 1, binding = 0) uniform sampler2D fontAtlas;
void main() {
    float coverage = texture(fontAtlas, inUv).a;
    if (coverage < 0.01) discard;
    // Unlit and a little over 1 so white text stays white through the tone mapper.
    outColor = vec4(inColor.rgb * 1.6, inColor.a * coverage);
    outEntity = 0u;
}
