#include "render/labels.hpp"

#include <algorithm>
#include <string>

#include "render/font_atlas.hpp"

namespace atrium::render {

void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, std::vector<LabelVertex>& out, float pixelsPerMetreAtOneMetre) {
    mat4 camToWorld = glm::inverse(view);
    vec3 right = glm::normalize(vec3(camToWorld[0]));
    vec3 up = glm::normalize(vec3(camToWorld[1]));
    const FontAtlas& font = fontAtlas();
    vec2 texel(1.0f / float(font.width), 1.0f / float(font.height));
    for (const WorldLabel& label : labels) {
        if (label.text.empty() || !(label.height > 0.0f)) continue;
        std::string text = label.text.substr(0, 256);
        float width = 0.0f;
        for (char c : text) width += font.glyph(c).xadvance;
        // One line spans descent..ascent; the label's position is its bottom centre.
        float height = label.height;
        float depth = -(view * vec4(label.position, 1.0f)).z;
        if (label.minPixelHeight > 0.0f && pixelsPerMetreAtOneMetre > 0.0f && depth > 0.0f) {
            height = std::max(height, label.minPixelHeight * depth / pixelsPerMetreAtOneMetre);
        }
        float scale = height / (font.ascent - font.descent);
        std::uint32_t rgba = std::uint32_t(std::clamp(label.color.r, 0.0f, 1.0f) * 255.0f) |
                             std::uint32_t(std::clamp(label.color.g, 0.0f, 1.0f) * 255.0f) << 8 |
                             std::uint32_t(std::clamp(label.color.b, 0.0f, 1.0f) * 255.0f) << 16 |
                             std::uint32_t(std::clamp(label.color.a, 0.0f, 1.0f) * 255.0f) << 24;
        auto place = [&](float px, float py, float u, float v) {
            // px, py: atlas-font pixels from the line's left end on the baseline, y down.
            vec3 p = label.position + right * ((px - width * 0.5f) * scale) + up * ((-py - font.descent) * scale);
            return LabelVertex{p, rgba, vec2(u, v) * texel};
        };
        float pen = 0.0f;
        for (char c : text) {
            const BakedGlyph& g = font.glyph(c);
            if (g.x1 > g.x0 && g.y1 > g.y0) {
                float x0 = pen + g.xoff, y0 = g.yoff;
                float x1 = x0 + float(g.x1 - g.x0), y1 = y0 + float(g.y1 - g.y0);
                LabelVertex a = place(x0, y0, g.x0, g.y0), b = place(x1, y0, g.x1, g.y0);
                LabelVertex d = place(x1, y1, g.x1, g.y1), e = place(x0, y1, g.x0, g.y1);
                out.insert(out.end(), {a, b, d, a, d, e});
            }
            pen += g.xadvance;
        }
    }
}

namespace {

// Where a name tag goes: over the posed head, so a seated attendee's tag sits lower.
vec3 nameTagAnchor(const World& world, const CrowdAnimation* crowd, Entity e) {
    const mat4& m = world.worldMatrix(e);
    if (crowd) {
        // The head joint is at the base of the skull; the tag clears the crown.
        if (std::optional<vec3> head = crowd->headPosition(world.stableId(e))) return vec3(m * vec4(*head, 1.0f)) + vec3(0.0f, 0.45f, 0.0f);
    }
    return vec3(m[3]) + vec3(0.0f, 2.1f, 0.0f);
}

}  // namespace

void appendAvatarLabels(const World& world, const CrowdAnimation* crowd, const vec3& eye, const NameTagOptions& options,
                        std::vector<WorldLabel>& out) {
    const ComponentPool<Avatar>* pool = world.findPool<Avatar>();
    if (!pool || options.limit == 0) return;
    auto entities = pool->entities();
    auto comps = pool->components();
    struct Candidate {
        float distance;
        std::uint32_t slot;
        vec3 anchor;
    };
    static thread_local std::vector<Candidate> candidates;
    candidates.clear();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        if (comps[i].displayName.empty()) continue;
        vec3 anchor = nameTagAnchor(world, crowd, entities[i]);
        float d = glm::length(anchor - eye);
        if (d < options.fadeEnd) candidates.push_back({d, std::uint32_t(i), anchor});
    }
    auto nearer = [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; };
    if (candidates.size() > options.limit) {
        std::nth_element(candidates.begin(), candidates.begin() + options.limit, candidates.end(), nearer);
        candidates.resize(options.limit);
    }
    float fadeSpan = std::max(options.fadeEnd - options.fadeStart, 1e-3f);
    for (const Candidate& c : candidates) {
        WorldLabel l;
        l.position = c.anchor;
        l.text = comps[c.slot].displayName;
        // A tiny world height lets minPixelHeight decide: the same size on screen near and far.
        l.height = 0.01f;
        l.minPixelHeight = options.pixelHeight;
        l.color.a = std::clamp(1.0f - (c.distance - options.fadeStart) / fadeSpan, 0.0f, 1.0f);
        out.push_back(std::move(l));
    }
}

}  // namespace atrium::render
