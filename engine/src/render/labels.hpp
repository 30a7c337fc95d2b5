#pragma once
// World-space text labels (avatar name tags, signs, reactions) turned into camera-facing
// textured quads on the CPU: shaped once (LayoutCache), one quad per glyph of the glyph atlas.
#include <cstdint>
#include <vector>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/render/renderer.hpp"
#include "render/label_font.hpp"

namespace atrium::render {

struct LabelVertex {
    vec3 position;
    std::uint32_t color;  // RGBA8
    vec2 uv;              // in the font atlas
};
static_assert(sizeof(LabelVertex) == 24);

// Appends two triangles per visible glyph, centred above each label's position, facing the
// camera described by `view` (world to view). Glyphs missing from `font`'s atlas are added to
// it. `pixelsPerMetreAtOneMetre` (viewport height over 2 tan(fovY / 2)) lets labels with a
// minPixelHeight grow with distance; 0 ignores it. Ill-formed UTF-8 draws as U+FFFD (logged).
void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, LabelFont& font, std::vector<LabelVertex>& out,
                        float pixelsPerMetreAtOneMetre = 0.0f);

// Longest label text drawn, in bytes; longer text is cut at a character boundary.
inline constexpr std::size_t kMaxLabelBytes = 256;

// Name tags are this many pixels a line at every distance, so people can tell who is across the hall.
inline constexpr float kNameTagMinPixels = 16.0f;

struct NameTagOptions {
    std::uint32_t limit = 32;  // only the nearest this many avatars get a tag
    float fadeStart = 12.0f;   // metres from the eye where tags start to fade
    float fadeEnd = 30.0f;     // and where they are gone
    float pixelHeight = kNameTagMinPixels;
};

// Name tags for the nearest Avatars with a display name, above their heads as `crowd` posed
// them (2.1 m above the entity's origin for one it has not posed, or without a crowd).
void appendAvatarLabels(const World& world, const CrowdAnimation* crowd, const vec3& eye, const NameTagOptions& options,
                        std::vector<WorldLabel>& out);

}  // namespace atrium::render
