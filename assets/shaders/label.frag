#version 450
// Glyph edges from the signed-distance glyph atlas (bound as the base colour texture of set 1,
// distance in red; FreeType's SDF renderer fills it, text::GlyphAtlas). A rim of the opposite brightness around the
// glyphs keeps white name tags readable over a white wall and dark signs over a dark stage.
layout(location = 0) in vec4 inColor;
layout(location = 1) in vec2 inUv;
layout(location = 0) out vec4 outColor;
layout(location = 1) out uint outEntity;
layout(set = 1, binding = 0) uniform sampler2D fontAtlas;

// FreeType's SDF: 128 on the edge, 128 / spread (FontSetOptions::sdfSpread, 8) per atlas
// pixel, normalised to 0..1.
const float kDistancePerPixel = 128.0 / 8.0 / 255.0;
const float kRimPixels = 3.0;  // atlas pixels, about 7% of the line height

void main() {
    vec2 size = vec2(textureSize(fontAtlas, 0));
    vec2 dx = dFdx(inUv), dy = dFdy(inUv);
    // How far the distance value moves across one screen pixel: the width of the edge ramp.
    float atlasPixelsPerPixel = 0.5 * (length(dx * size) + length(dy * size));
    float ramp = max(kDistancePerPixel * atlasPixelsPerPixel, 1.0 / 255.0);
    // Small text gets its stems widened by half a pixel (as font rasterisers' stem darkening
    // does), so a far name tag stays a word instead of breaking into dots.
    float edge = 0.5 - 0.25 * ramp;
    float rimEdge = max(0.5 - max(kRimPixels * kDistancePerPixel, 2.0 * ramp), 0.5 * ramp + 0.02);
    // Four taps across the pixel from the full-resolution atlas: averaged (mipmapped) distances
    // lose the strokes of small text, while the edge ramp above already anti-aliases.
    float fill = 0.0, rim = 0.0;
    for (int i = 0; i < 4; ++i) {
        vec2 o = vec2((i & 1) == 0 ? -0.25 : 0.25, (i & 2) == 0 ? -0.25 : 0.25);
        float d = textureLod(fontAtlas, inUv + o.x * dx + o.y * dy, 0.0).r;
        fill += clamp((d - edge) / ramp + 0.5, 0.0, 1.0);
        rim += clamp((d - rimEdge) / ramp + 0.5, 0.0, 1.0);
    }
    fill *= 0.25;
    rim *= 0.25;
    // Opaque: blending happens before tone mapping, where a bright wall would shine through.
    float alpha = inColor.a * max(fill, rim);
    if (alpha < 0.01) discard;
    float luminance = dot(inColor.rgb, vec3(0.2126, 0.7152, 0.0722));
    vec3 rimColor = luminance > 0.35 ? vec3(0.0) : vec3(1.6);
    // Unlit and a little over 1 so white text stays white through the tone mapper.
    outColor = vec4(mix(rimColor, inColor.rgb * 1.6, fill / max(fill + rim * (1.0 - fill), 1e-4)), alpha);
    outEntity = 0u;
}
