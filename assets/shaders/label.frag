#version 450
layout(location = 0) in vec4 inColor;
layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outEntity;
void main() {
    // Unlit and a little over 1 so white text stays white through the tone mapper.
    outColor = vec4(inColor.rgb * 1.6, inColor.a);
    outEntity = 0u;
}
