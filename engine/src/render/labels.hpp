#pragma once
// World-space text labels (avatar name tags, signs) turned into camera-facing triangles on the
// CPU from stb_easy_font's segment glyphs (printable ASCII; no texture needed).
#include <cstdint>
#include <vector>

#include "atrium/render/renderer.hpp"

namespace atrium::render {

struct LabelVertex {
    vec3 position;
    std::uint32_t color;  // RGBA8
};
static_assert(sizeof(LabelVertex) == 16);

// Appends two triangles per glyph segment, centred above each label's position, facing the
// camera described by `view` (world to view).
void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, std::vector<LabelVertex>& out);

// Name tags for every Avatar with a display name, 2.1 m above the entity's origin.
void appendAvatarLabels(const World& world, std::vector<WorldLabel>& out);

}  // namespace atrium::render
