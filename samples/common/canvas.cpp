#include "canvas.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace atrium::samples {

namespace {
std::uint8_t byte(float v) { return std::uint8_t(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); }
}  // namespace

void Canvas::set(int x, int y, vec3 c) {
    if (x < 0 || y < 0 || x >= int(width) || y >= int(height)) return;
    std::uint8_t* p = &rgba[(std::size_t(y) * width + std::size_t(x)) * 4];
    p[0] = byte(c.r), p[1] = byte(c.g), p[2] = byte(c.b), p[3] = 255;
}

void Canvas::fill(vec3 color) { rect(0, 0, int(width), int(height), color); }

void Canvas::verticalGradient(vec3 top, vec3 bottom) {
    for (std::uint32_t y = 0; y < height; ++y) {
        float t = height > 1 ? float(y) / float(height - 1) : 0.0f;
        rect(0, int(y), int(width), 1, glm::mix(top, bottom, t));
    }
}

void Canvas::rect(int x, int y, int w, int h, vec3 color) {
    int x0 = std::max(x, 0), y0 = std::max(y, 0);
    int x1 = std::min(x + w, int(width)), y1 = std::min(y + h, int(height));
    for (int yy = y0; yy < y1; ++yy) {
        for (int xx = x0; xx < x1; ++xx) set(xx, yy, color);
    }
}

int Canvas::text(int x, int y, std::string_view text, int scale, vec3 color) {
    std::string s(text.substr(0, 200));
    std::vector<char> quads(s.size() * 270 + 64);
    unsigned char white[4] = {255, 255, 255, 255};
    int count = stb_easy_font_print(0.0f, 0.0f, s.data(), white, quads.data(), int(quads.size()));
    // Every glyph is made of axis-aligned quads: fill each one's bounding box.
    for (int q = 0; q < count; ++q) {
        float v0[2], v2[2];
        std::memcpy(v0, quads.data() + (q * 4 + 0) * 16, sizeof(v0));
        std::memcpy(v2, quads.data() + (q * 4 + 2) * 16, sizeof(v2));
        int qx = int(std::lround(std::min(v0[0], v2[0]))), qy = int(std::lround(std::min(v0[1], v2[1])));
        int qw = int(std::lround(std::fabs(v2[0] - v0[0]))), qh = int(std::lround(std::fabs(v2[1] - v0[1])));
        rect(x + qx * scale, y + qy * scale, qw * scale, qh * scale, color);
    }
    return textWidth(text, scale);
}

int Canvas::textWidth(std::string_view text, int scale) {
    std::string s(text.substr(0, 200));
    return stb_easy_font_width(s.data()) * scale;
}

vec3 hueColor(float hue) {
    float h = (hue - std::floor(hue)) * 6.0f;
    vec3 c(std::fabs(h - 3.0f) - 1.0f, 2.0f - std::fabs(h - 2.0f), 2.0f - std::fabs(h - 4.0f));
    return glm::clamp(c, vec3(0.0f), vec3(1.0f));
}

}  // namespace atrium::samples
