// atrium-editor [VENUE] [--template ID] [--select NAME] [--tab TAB] [--frames N] [--capture PNG]
//               [--host PORT] [--headless-frames N] [--screenshot PNG] [--lang en|zh_CN]
//
// Opens VENUE (or a new venue from a template), recovering unsaved changes from an autosave
// recovery file if one is newer than the venue, in a window: the scene in the viewport, the
// panels drawn over it by the renderer's overlay pass. --tab opens the bottom panel on a tab
// (kits, assets, settings, budget). --frames stops after N frames and
// --capture saves the last one presented. --host starts a netsync server for the venue (as the
// Host menu does) whose guests see the editor's edits live. Without a display: --headless-frames drives N frames
// of the full UI and prints the CPU frame time; --screenshot renders the scene offscreen into the
// viewport and composes the UI over it into a PNG of the main layout.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "atrium/platform/window.hpp"
#include "atrium/render/renderer.hpp"
#include "document.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "editor_window.hpp"
#include "screenshot.hpp"
#include "translations.hpp"
#include "ui_fonts.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

std::filesystem::path configDir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "atrium";
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".config" / "atrium";
    return std::filesystem::temp_directory_path() / "atrium";
}

int usage() {
    std::fprintf(
        stderr,
        "usage: atrium-editor [VENUE] [--template concert_hall|expo_hall|classroom|plaza|empty] [--select NAME] [--tab kits|assets|settings|budget]\n"
        "                     [--host PORT] [--frames N] [--capture PNG] [--headless-frames N] [--screenshot PNG] [--lang en|zh_CN]\n");
    return 2;
}

int runWindow(Document& doc, EditorUi& ui, HeadlessImGui& imgui, const std::filesystem::path& venue, int frames,
              const std::filesystem::path& capture, ui::UiFonts& fonts) {
    EditorWindowOptions options;
    options.fonts = &fonts;
    if (!venue.empty()) options.assetRoot = venue.parent_path();
    options.thumbnailCache = configDir() / "thumbnails";
    auto window = EditorWindow::create(doc, ui, imgui, options);
    if (!window) {
        std::fprintf(stderr, "atrium-editor: %s\n(without a display, use --screenshot PNG or --headless-frames N)\n",
                     window.error().toString().c_str());
        return 1;
    }
    EditorWindow& w = **window;
    std::printf("window %ux%u on %s\n", w.window().framebufferWidth(), w.window().framebufferHeight(), w.renderer().deviceName().c_str());
    double totalMs = 0.0;
    int drawn = 0;
    for (int f = 0; frames < 0 || f < frames; ++f) {
        if (!capture.empty() && frames >= 0 && f == frames - 1) w.renderer().captureNextWindowFrame();
        if (!w.frame()) break;
        if (f > 0) {  // the first frame uploads the venue's meshes
            totalMs += w.lastFrameMs();
            ++drawn;
        }
    }
    if (frames >= 0 && drawn > 0) {
        std::printf("%d window frames: mean %.1f ms (UI + scene + overlay, drawn and presented)\n", drawn, totalMs / drawn);
    }
    if (!w.lastError().ok()) {
        std::fprintf(stderr, "atrium-editor: %s\n", w.lastError().error().toString().c_str());
        return 1;
    }
    if (!capture.empty()) {
        auto image = w.renderer().windowCapture();
        if (!image) {
            std::fprintf(stderr, "--capture: %s\n", image.error().toString().c_str());
            return 1;
        }
        if (Status s = saveImagePng(*image, capture); !s.ok()) {
            std::fprintf(stderr, "--capture: %s\n", s.error().toString().c_str());
            return 1;
        }
        std::printf("wrote %s\n", capture.string().c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path venue;
    std::string templateId = "concert_hall";
    int headlessFrames = -1;
    std::filesystem::path screenshot;
    std::string select;
    int windowFrames = -1;
    std::string tab;
    std::string language;  // empty: $ATRIUM_LANG, else the system locale
    int hostPort = -1;
    std::filesystem::path capture;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--template" && i + 1 < argc) templateId = argv[++i];
        else if (arg == "--headless-frames" && i + 1 < argc) headlessFrames = std::atoi(argv[++i]);
        else if (arg == "--screenshot" && i + 1 < argc) screenshot = argv[++i];
        else if (arg == "--select" && i + 1 < argc) select = argv[++i];
        else if (arg == "--tab" && i + 1 < argc) tab = argv[++i];
        else if (arg == "--lang" && i + 1 < argc) language = argv[++i];
        else if (arg == "--frames" && i + 1 < argc) windowFrames = std::atoi(argv[++i]);
        else if (arg == "--capture" && i + 1 < argc) capture = argv[++i];
        else if (arg == "--host" && i + 1 < argc) hostPort = std::atoi(argv[++i]);
        else if (arg == "-h" || arg == "--help") return usage();
        else if (!arg.empty() && arg[0] == '-') return usage();
        else venue = arg;
    }

    Document doc;
    HeadlessImGui imgui(1600, 900);
    EditorUi ui(doc, configDir());
    auto start = std::chrono::steady_clock::now();
    if (!venue.empty()) {
        if (auto recovery = Document::findRecovery(venue)) {
            if (Status s = doc.recover(venue, *recovery); !s.ok()) std::fprintf(stderr, "recovery failed: %s\n", s.error().toString().c_str());
        }
        if (doc.world().entityCount() == 0) {
            if (Status s = doc.open(venue); !s.ok()) {
                std::fprintf(stderr, "%s\n", s.error().toString().c_str());
                return 1;
            }
        }
    } else if (Status s = doc.newFromTemplate(templateId); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().toString().c_str());
        return 1;
    }
    double openMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %zu entities, opened in %.1f ms\n", doc.title().c_str(), doc.world().entityCount(), openMs);
    if (!doc.lastMessage.empty()) std::printf("%s\n", doc.lastMessage.c_str());

    if (!tab.empty()) {
        if (tab != "kits" && tab != "assets" && tab != "settings" && tab != "budget") return usage();
        ui.openTab = tab;
    }
    ui.hierarchy.expandAll(doc.world());
    // The UI language (en, zh_CN) and fonts for every script the venue's names use.
    if (language.empty() && std::getenv("ATRIUM_LANG")) language = std::getenv("ATRIUM_LANG");
    language = ui::initTranslations(language);
    ui::UiFonts fonts({.commonChinese = language == "zh_CN"});
    fonts.addNames(doc.world());
    fonts.build(*imgui.io().Fonts);
    doc.mutableWorld().updateTransforms();
    ui.viewportPanel.frameSelection(doc);
    if (!select.empty()) {
        Entity e = doc.world().findByName(select);
        if (!e) {
            std::fprintf(stderr, "--select: no entity named \"%s\"\n", select.c_str());
            return 1;
        }
        doc.selection().select(doc.world().stableId(e));
    }
    if (hostPort >= 0) {
        if (hostPort > 65535) return usage();
        ui.hostPort = std::uint16_t(hostPort);
        if (Status s = ui.startHosting(ui.hostPort); !s.ok()) {
            std::fprintf(stderr, "--host: %s\n", s.error().toString().c_str());
            return 1;
        }
        HostSession& host = *ui.hostSession();
        std::printf(
            "hosting venue \"%s\" on port %u; others join with e.g.\n"
            "  atrium-bots --server 127.0.0.1:%u --count 8 --venue-id %s   (same ATRIUM_SECRET)\n",
            host.venueId().c_str(), unsigned(host.port()), unsigned(host.port()), host.venueId().c_str());
    }
    if (!screenshot.empty()) {
        RendererOptions options;
        auto renderer = Renderer::create(options);
        if (!renderer.ok()) {
            std::fprintf(stderr, "renderer: %s\n", renderer.error().toString().c_str());
            return 1;
        }
        if (!venue.empty()) (*renderer)->assets().setRoot(venue.parent_path());
        if (Status s = captureEditorScreenshot(**renderer, imgui, ui, doc, screenshot); !s.ok()) {
            std::fprintf(stderr, "screenshot: %s\n", s.error().toString().c_str());
            return 1;
        }
        std::printf("wrote %s (%s)\n", screenshot.string().c_str(), (*renderer)->deviceName().c_str());
        if (headlessFrames < 0) return 0;
    }
    if (headlessFrames < 0) return runWindow(doc, ui, imgui, venue, windowFrames, capture, fonts);
    double totalMs = 0.0, worstMs = 0.0;
    float lastMs = 0.0f;
    for (int f = 0; f < headlessFrames && !ui.quitRequested(); ++f) {
        auto t0 = std::chrono::steady_clock::now();
        imgui.beginFrame();
        ui.frame(double(f) / 60.0, lastMs);
        imgui.endFrame();
        doc.mutableWorld().updateTransforms();
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        lastMs = float(ms);
        totalMs += ms;
        worstMs = std::max(worstMs, ms);
    }
    if (headlessFrames > 0) {
        std::printf("%d frames: mean %.3f ms, worst %.3f ms (CPU, UI + transforms)\n", headlessFrames, totalMs / headlessFrames, worstMs);
    }
    return 0;
}
