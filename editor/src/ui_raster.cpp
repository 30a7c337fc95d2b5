#include "ui_raster.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::editor {

namespace {

struct Atlas {
    const unsigned char* pixels = nullptr;
    int width = 0, height = 0;

    void sample(float u, float v, float out[4]) const {
        int x = std::clamp(int(u * float(width)), 0, width - 1);
        int y = std::clamp(int(v * float(height)), 0, height - 1);
        const unsigned char* p = pixels + (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 4;
        for (int c = 0; c < 4; ++c) out[c] = float(p[c]) / 255.0f;
    }
};

float edge(const ImVec2& a, const ImVec2& b, float px, float py) { return (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x); }

void triangle(const ImDrawVert& v0, const ImDrawVert& v1, const ImDrawVert& v2, const ImVec4& clip, const Atlas& atlas, RgbaImage& img) {
    float area = edge(v0.pos, v1.pos, v2.pos.x, v2.pos.y);
    if (std::abs(area) < 1e-8f) return;
    int x0 = std::max(int(std::floor(std::min({v0.pos.x, v1.pos.x, v2.pos.x}))), int(clip.x));
    int y0 = std::max(int(std::floor(std::min({v0.pos.y, v1.pos.y, v2.pos.y}))), int(clip.y));
    int x1 = std::min(int(std::ceil(std::max({v0.pos.x, v1.pos.x, v2.pos.x}))), int(clip.z));
    int y1 = std::min(int(std::ceil(std::max({v0.pos.y, v1.pos.y, v2.pos.y}))), int(clip.w));
    x0 = std::max(x0, 0);
    y0 = std::max(y0, 0);
    x1 = std::min(x1, img.width);
    y1 = std::min(y1, img.height);
    ImVec4 c0 = ImGui::ColorConvertU32ToFloat4(v0.col), c1 = ImGui::ColorConvertU32ToFloat4(v1.col), c2 = ImGui::ColorConvertU32ToFloat4(v2.col);
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            float px = float(x) + 0.5f, py = float(y) + 0.5f;
            float w0 = edge(v1.pos, v2.pos, px, py) / area;
            float w1 = edge(v2.pos, v0.pos, px, py) / area;
            float w2 = 1.0f - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            float tex[4];
            atlas.sample(w0 * v0.uv.x + w1 * v1.uv.x + w2 * v2.uv.x, w0 * v0.uv.y + w1 * v1.uv.y + w2 * v2.uv.y, tex);
            float src[4] = {(w0 * c0.x + w1 * c1.x + w2 * c2.x) * tex[0], (w0 * c0.y + w1 * c1.y + w2 * c2.y) * tex[1],
                            (w0 * c0.z + w1 * c1.z + w2 * c2.z) * tex[2], (w0 * c0.w + w1 * c1.w + w2 * c2.w) * tex[3]};
            std::uint8_t* dst = &img.pixels[(std::size_t(y) * std::size_t(img.width) + std::size_t(x)) * 4];
            for (int c = 0; c < 3; ++c) {
                float d = float(dst[c]) / 255.0f;
                dst[c] = std::uint8_t(std::clamp(src[c] * src[3] + d * (1.0f - src[3]), 0.0f, 1.0f) * 255.0f + 0.5f);
            }
            dst[3] = 255;
        }
    }
}

}  // namespace

void rasterizeDrawData(const ImDrawData& drawData, RgbaImage& target) {
    Atlas atlas;
    unsigned char* pixels = nullptr;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &atlas.width, &atlas.height);
    atlas.pixels = pixels;
    if (!atlas.pixels) return;
    for (int l = 0; l < drawData.CmdListsCount; ++l) {
        const ImDrawList* list = drawData.CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) continue;  // no backend callbacks in a software composite
            ImVec4 clip(cmd.ClipRect.x - drawData.DisplayPos.x, cmd.ClipRect.y - drawData.DisplayPos.y, cmd.ClipRect.z - drawData.DisplayPos.x,
                        cmd.ClipRect.w - drawData.DisplayPos.y);
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset + i;
                const ImDrawVert* v = list->VtxBuffer.Data + cmd.VtxOffset;
                triangle(v[idx[0]], v[idx[1]], v[idx[2]], clip, atlas, target);
            }
        }
    }
}

}  // namespace atrium::editor
