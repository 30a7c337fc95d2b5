// Editor benchmark: the time to open a 10,000-entity venue, and the editor's CPU frame time with
// it open (full UI: hierarchy with every group expanded, inspector on a selected entity, bottom
// panels; world transforms updated each frame). GPU raster time is not included. Prints figures;
// never pass/fail.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "atrium/scene/venue_file.hpp"
#include "document.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"

using namespace atrium;
using namespace atrium::editor;
using Clock = std::chrono::steady_clock;

namespace {
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
}  // namespace

int main() {
    const int groups = 100, perGroup = 99;  // 100 groups + 9,900 pieces = 10,000 entities
    World w;
    w.name = "bench";
    for (int g = 0; g < groups; ++g) {
        Entity group = w.create("Row " + std::to_string(g));
        w.get<Transform>(group)->position = {0, 0, float(g)};
        for (int i = 0; i < perGroup; ++i) {
            Entity e = w.create("Chair " + std::to_string(g) + "." + std::to_string(i));
            w.get<Transform>(e)->position = {float(i) * 0.6f, 0, 0};
            w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:seat", .material = "builtin:fabric_red"});
            w.add<Seat>(e);
            w.setParent(e, group);
        }
    }
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "atrium_editor_bench";
    std::filesystem::create_directories(dir);
    std::filesystem::path file = dir / "bench.venue.json";
    if (Status s = saveVenue(w, file); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().toString().c_str());
        return 1;
    }

    Document doc;
    HeadlessImGui imgui(1600, 900);
    EditorUi ui(doc, dir / "config");
    auto t0 = Clock::now();
    if (Status s = doc.open(file); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().toString().c_str());
        return 1;
    }
    double openMs = msSince(t0);
    ui.hierarchy.expandAll(doc.world());
    doc.selection().select(doc.world().stableId(doc.world().findByName("Chair 50.50")));

    std::vector<double> frames;
    double overlayMs = 0.0;
    UiOverlay overlay;
    const int kFrames = 600;
    float last = 0.0f;
    for (int f = 0; f < kFrames; ++f) {
        // Scroll the hierarchy through the whole list so rows are laid out from every part of it.
        imgui.io().MouseWheel = f % 120 < 60 ? -5.0f : 5.0f;
        imgui.io().MousePos = ImVec2(100, 400);
        auto t = Clock::now();
        imgui.beginFrame();
        ui.frame(double(f) / 60.0, last);
        imgui.endFrame();
        doc.mutableWorld().updateTransforms();
        frames.push_back(msSince(t));
        last = float(frames.back());
        // What the window app adds on the CPU before the GPU overlay pass: the draw data as a UiOverlay.
        auto to = Clock::now();
        overlayFromDrawData(*ImGui::GetDrawData(), overlay);
        overlayMs += msSince(to);
    }
    // An edit with undo/redo in the big venue: move one chair, undo, redo.
    auto te = Clock::now();
    Transform moved = *doc.world().get<Transform>(doc.world().find(doc.selection().primary()));
    moved.position.y += 1.0f;
    (void)doc.execute(makeSet(doc.selection().primary(), moved));
    (void)doc.undo();
    (void)doc.redo();
    double editMs = msSince(te);
    auto td = Clock::now();
    doc.selection().select(doc.world().stableId(doc.world().findByName("Row 10")));
    (void)doc.deleteSelection();
    (void)doc.undo();
    double deleteMs = msSince(td);

    std::vector<double> sorted = frames;
    std::sort(sorted.begin(), sorted.end());
    double mean = 0;
    for (double v : frames) mean += v;
    mean /= double(frames.size());
    std::printf("venue: %zu entities, file %.1f KiB\n", doc.world().entityCount(), double(std::filesystem::file_size(file)) / 1024.0);
    std::printf("open (load + validate + build): %.1f ms\n", openMs);
    std::printf("editor CPU frame (%d frames, UI + transforms): mean %.3f ms, median %.3f ms, p95 %.3f ms, max %.3f ms\n", kFrames, mean,
                sorted[sorted.size() / 2], sorted[sorted.size() * 95 / 100], sorted.back());
    std::printf("hierarchy rows submitted per frame: %zu of %zu\n", ui.hierarchy.drawnRows, doc.world().entityCount());
    std::printf("overlay conversion (ImGui draw data -> UiOverlay): mean %.3f ms; last frame %zu vertices, %zu indices, %zu draw commands\n",
                overlayMs / kFrames, overlay.vertices.size(), overlay.indices.size(), overlay.commands.size());
    std::printf("set transform + undo + redo: %.3f ms; delete a 100-entity group + undo: %.3f ms\n", editMs, deleteMs);
    std::filesystem::remove_all(dir);
    return 0;
}
