#pragma once
// World-space text labels (avatar name tags, signs) turned into camera-facing textured quads on
// the CPU, one per glyph of the baked font atlas (font_atlas.hpp).
#include <cstdint>
#include <vector>

#include "atrium/render/renderer.hpp"

namespace atrium::render {

struct LabelVertex {
    vec3 position;
    std::uint32_t color;  // RGBA8
    vec2 uv;              // in the font atlas
};
static_assert(sizeof(LabelVertex) == 24);

// Appends two triangles per visible glyph, centred above each label's position, facing the
// camera described by `view` (world to view). `pixelsPerMetreAtOneMetre` (viewport height over
// 2 tan(fovY / 2)) lets labels with a minPixelHeight grow with distance; 0 ignores it.
void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, std::vector<LabelVertex>& out,
                        float pixelsPerMetreAtOneMetre = 0.0f);

// Name tags never shrink below this many pixels a line, so people can tell who is across the hall.
inline constexpr float kNameTagMinPixels = 13.0f;

// Name tags for every Avatar with a display name, 2.1 m above the entity's origin.
void appendAvatarLabels(const World& world, std::vector<WorldLabel>& out);

}  // namespace atrium::render
