#include "render/labels.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "atrium/core/log.hpp"
#include "atrium/core/utf8.hpp"

namespace atrium::render {

namespace {

std::uint32_t packColor(const vec4& c) {
    auto byte = [](float v) { return std::uint32_t(std::clamp(v, 0.0f, 1.0f) * 255.0f); };
    return byte(c.r) | byte(c.g) << 8 | byte(c.b) << 16 | byte(c.a) << 24;
}

// The label's text as drawn: cut to kMaxLabelBytes at a character boundary; bad bytes reported.
const std::string& drawnText(const std::string& text, std::string& scratch) {
    if (std::optional<std::size_t> bad = findInvalidUtf8(text)) {
        static bool warned = false;
        if (!warned) logWarn("render", "label text has invalid UTF-8 at byte " + std::to_string(*bad) + "; drawn as U+FFFD");
        warned = true;
        scratch = replaceInvalidUtf8(text);
    } else if (text.size() > kMaxLabelBytes) {
        scratch = text;
    } else {
        return text;
    }
    if (scratch.size() > kMaxLabelBytes) {
        std::size_t cut = kMaxLabelBytes;
        while (cut > 0 && (std::uint8_t(scratch[cut]) & 0xC0) == 0x80) --cut;
        scratch.resize(cut);
    }
    return scratch;
}

}  // namespace

void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, LabelFont& font, std::vector<LabelVertex>& out,
                        float pixelsPerMetreAtOneMetre) {
    mat4 camToWorld = glm::inverse(view);
    vec3 right = glm::normalize(vec3(camToWorld[0]));
    vec3 up = glm::normalize(vec3(camToWorld[1]));
    const float ascent = font.fonts->ascent(), descent = font.fonts->descent();
    const float texel = 1.0f / float(font.atlas.size());
    std::string scratch;
    for (const WorldLabel& label : labels) {
        if (label.text.empty() || !(label.height > 0.0f)) continue;
        const text::ShapedText& shaped = font.layouts.shape(drawnText(label.text, scratch));
        // One line spans descent..ascent; the label's position is its bottom centre.
        float height = label.height;
        float depth = -(view * vec4(label.position, 1.0f)).z;
        if (label.minPixelHeight > 0.0f && pixelsPerMetreAtOneMetre > 0.0f && depth > 0.0f) {
            height = std::max(height, label.minPixelHeight * depth / pixelsPerMetreAtOneMetre);
        }
        float scale = height / (ascent - descent);
        std::uint32_t rgba = packColor(label.color);
        vec3 origin = label.position - right * (shaped.width * 0.5f * scale) - up * (descent * scale);
        auto place = [&](float px, float py, float u, float v) {
            // px, py: font pixels from the line's left end on the baseline, y up.
            return LabelVertex{origin + right * (px * scale) + up * (py * scale), rgba, vec2(u, v) * texel};
        };
        for (const text::ShapedGlyph& sg : shaped.glyphs) {
            const text::AtlasGlyph* g = font.atlas.acquire(sg.face, sg.glyph);
            if (!g || g->width == 0) continue;
            float x0 = sg.x + g->left, y1 = sg.y + g->top;
            float x1 = x0 + float(g->width), y0 = y1 - float(g->height);
            float u0 = g->x, v0 = g->y, u1 = float(g->x + g->width), v1 = float(g->y + g->height);
            LabelVertex a = place(x0, y1, u0, v0), b = place(x1, y1, u1, v0);
            LabelVertex d = place(x1, y0, u1, v1), e = place(x0, y0, u0, v1);
            out.insert(out.end(), {a, b, d, a, d, e});
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
        // Someone talking gets a green tag with a dot before the name: who is speaking can be
        // told at a glance in a crowd.
        const bool speaking = comps[c.slot].speaking;
        l.text = speaking ? "\u25CF " + comps[c.slot].displayName : comps[c.slot].displayName;
        if (speaking) l.color = vec4(0.45f, 1.0f, 0.55f, 1.0f);
        // A tiny world height lets minPixelHeight decide: the same size on screen near and far.
        l.height = 0.01f;
        l.minPixelHeight = options.pixelHeight;
        l.color.a = std::clamp(1.0f - (c.distance - options.fadeStart) / fadeSpan, 0.0f, 1.0f);
        out.push_back(std::move(l));
    }
}

}  // namespace atrium::render
