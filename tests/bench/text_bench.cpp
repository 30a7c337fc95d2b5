// Laying out and drawing 1,000 name tags in mixed scripts (Latin with accents, Chinese,
// Japanese, Arabic, Thai, Cyrillic, Devanagari) per frame, on the CPU.
//  A: render/labels.cpp alone, no device: shaped lines from the LayoutCache and glyph quads from
//     the atlas. The first frame shapes every line and rasterises every glyph; the frames after
//     find both cached. Goal (issue 26): <= 1 ms a frame once glyphs are cached.
//  B: the renderer (lavapipe here) with 1,000 avatars all tagged: extraction CPU per frame with
//     the tags against the same frame with none (RenderStats::extractMs includes label building).
// Usage: text_bench [frames]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "atrium/render/renderer.hpp"
#include "render/labels.hpp"

using namespace atrium;
using namespace atrium::render;

namespace {

// A name of two or three syllables in one of seven scripts, or (one in eight) a mix of two.
std::string nameFor(std::uint32_t i) {
    static const std::vector<std::vector<std::string>> syllables = {
        {"Zoë", "Ång", "ström", "Nú", "ñez", "Ła", "ură", "Çe", "lik", "Øy"},
        {"王", "李", "张", "刘", "陈", "杨", "小", "明", "华", "娜", "伟", "芳", "军", "静"},
        {"さ", "く", "ら", "ミ", "ク", "ゆ", "き", "タ", "ロ", "ウ", "はる", "なつ"},
        {"محمد", "علي", "فاطمة", "حسن", "ليلى", "عمر", "نور", "سلام"},
        {"สม", "ชาย", "ใจ", "ดี", "มา", "ลี", "ศรี", "สุข"},
        {"Оль", "га", "Ива", "нов", "Дми", "трий", "Ан", "на"},
        {"अ", "मित", "प्रि", "या", "रा", "हुल", "स्ने", "हा"},
    };
    std::uint32_t h = i * 2654435761u;
    const auto& pool = syllables[i % syllables.size()];
    std::string name;
    for (std::uint32_t k = 0; k < 2 + (h >> 7) % 2; ++k) name += pool[(h >> (k * 5)) % pool.size()];
    if (i % 8 == 7) name += " " + syllables[(i / 8) % syllables.size()][(h >> 20) % 4];
    return name;
}

struct Figures {
    double mean = 0.0, median = 0.0, best = 0.0;
};

Figures summarise(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    Figures f;
    for (double m : ms) f.mean += m;
    f.mean /= double(ms.size());
    f.median = ms[ms.size() / 2];
    f.best = ms.front();
    return f;
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void layoutOnly(int frames) {
    auto font = createLabelFont(text::FontFamily::Sans, 2048);
    if (!font) {
        std::printf("A: no fonts: %s\n", font.error().toString().c_str());
        return;
    }
    std::vector<WorldLabel> labels;
    for (std::uint32_t i = 0; i < 1000; ++i) {
        vec3 p(float(i % 40) - 20.0f, 1.0f + float(i / 40) * 0.3f, -5.0f - float(i % 7));
        labels.push_back(WorldLabel{.position = p, .text = nameFor(i), .height = 0.01f, .minPixelHeight = kNameTagMinPixels});
    }
    mat4 view = glm::lookAt(vec3(0.0f, 2.0f, 5.0f), vec3(0.0f, 2.0f, 0.0f), vec3(0.0f, 1.0f, 0.0f));
    std::vector<LabelVertex> vertices;
    auto frame = [&] {
        auto t0 = std::chrono::steady_clock::now();
        (*font)->beginFrame();
        vertices.clear();
        buildLabelVertices(labels, view, **font, vertices, 720.0f / (2.0f * std::tan(glm::radians(25.0f))));
        return msSince(t0);
    };
    double cold = frame();
    std::vector<double> warm;
    for (int i = 0; i < frames; ++i) warm.push_back(frame());
    Figures f = summarise(warm);
    const text::GlyphAtlasStats& s = (*font)->atlas.stats();
    std::printf("A: 1,000 name tags in 7 scripts, %zu glyph quads a frame, %u glyphs in the atlas (%llu evicted)\n", vertices.size() / 6,
                s.resident, (unsigned long long)s.evicted);
    std::printf("   first frame (shape every line, rasterise every glyph): %.1f ms\n", cold);
    std::printf("   cached, %d frames: mean %.3f ms, median %.3f ms, best %.3f ms a frame (goal <= 1 ms)\n", frames, f.mean, f.median, f.best);
}

void withRenderer(int frames) {
    RendererOptions o;
    o.nameTagLimit = 1000;
    o.nameTagFadeEnd = 1000.0f;
    o.nameTagFadeStart = 999.0f;
    o.shadows = false;
    auto renderer = Renderer::create(o);
    if (!renderer) {
        std::printf("B: no Vulkan device (%s): skipped\n", renderer.error().toString().c_str());
        return;
    }
    World w;
    std::vector<Entity> avatars;
    for (std::uint32_t i = 0; i < 1000; ++i) {
        Entity a = avatars.emplace_back(w.create("a" + std::to_string(i)));
        w.get<Transform>(a)->position = vec3(float(i % 40) * 0.8f - 16.0f, 0.0f, -3.0f - float(i / 40) * 0.8f);
        w.add<Avatar>(a, Avatar{.displayName = nameFor(i)});
    }
    w.updateTransforms();
    CameraView cam;
    cam.eye = vec3(0.0f, 6.0f, 6.0f);
    cam.target = vec3(0.0f, 1.0f, -12.0f);
    auto run = [&](bool tags) {
        std::vector<double> ms;
        for (std::uint32_t i = 0; i < avatars.size(); ++i) w.get<Avatar>(avatars[i])->displayName = tags ? nameFor(i) : "";
        (void)(*renderer)->renderToImage(w, cam, 640, 360);  // warm: glyphs added, lines shaped
        std::uint32_t glyphs = (*renderer)->stats().labelGlyphs;
        for (int i = 0; i < frames; ++i) {
            if (!(*renderer)->renderToImage(w, cam, 640, 360)) break;
            ms.push_back((*renderer)->stats().extractMs);
        }
        Figures f = summarise(ms);
        std::printf("   %s: extraction median %.3f ms, best %.3f ms a frame (%u glyph quads)\n", tags ? "1,000 tags" : "no tags   ", f.median,
                    f.best, glyphs);
        return f.median;
    };
    std::printf("B: renderer on %s, 1,000 avatars\n", (*renderer)->deviceName().c_str());
    double with = run(true), without = run(false);
    std::printf("   the tags' share: %.3f ms a frame\n", with - without);
}

}  // namespace

int main(int argc, char** argv) {
    int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    layoutOnly(frames);
    withRenderer(std::max(5, frames / 10));
    return 0;
}
