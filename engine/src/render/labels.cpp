#include "render/labels.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace atrium::render {

void buildLabelVertices(const std::vector<WorldLabel>& labels, const mat4& view, std::vector<LabelVertex>& out) {
    mat4 camToWorld = glm::inverse(view);
    vec3 right = glm::normalize(vec3(camToWorld[0]));
    vec3 up = glm::normalize(vec3(camToWorld[1]));
    std::vector<char> quads;
    for (const WorldLabel& label : labels) {
        if (label.text.empty() || !(label.height > 0.0f)) continue;
        std::string text = label.text.substr(0, 256);
        for (char& c : text) {
            if (c < 32 || c > 126) c = '?';  // the font covers printable ASCII
        }
        // About 270 bytes of vertices per glyph at most (stb_easy_font's own guidance).
        quads.assign(text.size() * 270 + 64, 0);
        unsigned char color[4] = {255, 255, 255, 255};
        int count = stb_easy_font_print(0.0f, 0.0f, text.data(), color, quads.data(), int(quads.size()));
        float width = float(stb_easy_font_width(text.data()));
        // Glyph cells are about 12 units tall with y down; scale to metres and centre.
        float scale = label.height / 12.0f;
        std::uint32_t rgba = std::uint32_t(std::clamp(label.color.r, 0.0f, 1.0f) * 255.0f) |
                             std::uint32_t(std::clamp(label.color.g, 0.0f, 1.0f) * 255.0f) << 8 |
                             std::uint32_t(std::clamp(label.color.b, 0.0f, 1.0f) * 255.0f) << 16 |
                             std::uint32_t(std::clamp(label.color.a, 0.0f, 1.0f) * 255.0f) << 24;
        auto place = [&](int q, int v) {
            float xy[2];
            std::memcpy(xy, quads.data() + (q * 4 + v) * 16, sizeof(xy));
            vec3 p = label.position + right * ((xy[0] - width * 0.5f) * scale) + up * ((12.0f - xy[1]) * scale);
            return LabelVertex{p, rgba};
        };
        for (int q = 0; q < count; ++q) {
            LabelVertex v0 = place(q, 0), v1 = place(q, 1), v2 = place(q, 2), v3 = place(q, 3);
            out.insert(out.end(), {v0, v1, v2, v0, v2, v3});
        }
    }
}

void appendAvatarLabels(const World& world, std::vector<WorldLabel>& out) {
    const ComponentPool<Avatar>* pool = world.findPool<Avatar>();
    if (!pool) return;
    auto entities = pool->entities();
    auto comps = pool->components();
    for (std::size_t i = 0; i < entities.size(); ++i) {
        if (comps[i].displayName.empty()) continue;
        WorldLabel l;
        l.position = vec3(world.worldMatrix(entities[i])[3]) + vec3(0.0f, 2.1f, 0.0f);
        l.text = comps[i].displayName;
        out.push_back(std::move(l));
    }
}

}  // namespace atrium::render
