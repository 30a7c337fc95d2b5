#pragma once
// The interactive editor: a desktop window whose frames are the scene (rendered into the
// viewport rectangle) with the editor's panels drawn over it by the renderer's overlay pass.
// Input comes from the window each frame (or from a test's simulated InputState); closing the
// window goes through the editor's unsaved-changes prompt.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "atrium/core/error.hpp"
#include "atrium/platform/input.hpp"
#include "atrium/render/ui_overlay.hpp"
#include "document.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "kit_thumbnails.hpp"
#include "ui_fonts.hpp"

namespace atrium {
class Renderer;
class Window;
}  // namespace atrium

namespace atrium::editor {

struct EditorWindowOptions {
    std::uint32_t width = 1600;
    std::uint32_t height = 900;
    bool validation = false;  // Vulkan validation layers (ATRIUM_VALIDATION=1 also turns them on)
    bool vsync = true;
    bool visible = true;
    std::filesystem::path assetRoot;       // relative mesh paths resolve here (the venue's folder)
    std::filesystem::path thumbnailCache;  // kit thumbnails are kept here (empty: not on disk)
    // Noto for every script (ui_fonts.hpp): the venue's names, typed text; null keeps the font
    // already in the ImGui context. Must outlive the window.
    ui::UiFonts* fonts = nullptr;
};

class EditorWindow {
public:
    // Fails (with the reason) when there is no display or no Vulkan device that can present.
    static Result<std::unique_ptr<EditorWindow>> create(Document& doc, EditorUi& ui, HeadlessImGui& imgui,
                                                        const EditorWindowOptions& options = {});
    ~EditorWindow();
    EditorWindow(const EditorWindow&) = delete;
    EditorWindow& operator=(const EditorWindow&) = delete;

    // Polls input, runs one frame of the UI, draws and presents. False once the editor quits
    // (the window was closed and any unsaved-changes prompt answered) or drawing failed.
    bool frame();
    // Frames until the editor quits; the error of a failed frame, if any.
    Status run();

    // Tests: while set, frames read this input instead of the window's (null: the window's).
    void setSimulatedInput(const InputState* input) { simulated_ = input; }

    Window& window() { return *window_; }
    Renderer& renderer() { return *renderer_; }
    const UiOverlay& lastOverlay() const { return overlay_; }
    KitThumbnails& thumbnails() { return *thumbnails_; }
    const Status& lastError() const { return error_; }
    float lastFrameMs() const { return lastFrameMs_; }

private:
    EditorWindow(Document& doc, EditorUi& ui, HeadlessImGui& imgui);
    void updateTitle();

    Document& doc_;
    EditorUi& ui_;
    HeadlessImGui& imgui_;
    std::unique_ptr<Window> window_;
    std::unique_ptr<Renderer> renderer_;
    std::unique_ptr<KitThumbnails> thumbnails_;
    const InputState* simulated_ = nullptr;
    UiOverlay overlay_;
    std::string title_;
    ui::UiFonts* fonts_ = nullptr;
    std::uint64_t fontsSeenStamp_ = ~0ull;  // the document change the fonts last took names from
    std::string clipboard_;                 // what GetClipboardTextFn last returned (ImGui keeps the pointer)
    Status error_ = Ok{};
    double startSeconds_ = 0.0, lastSeconds_ = 0.0;
    float lastFrameMs_ = 0.0f;
};

// "Concert Hall (hall.venue.json*) - Atrium Editor": the venue's name, its file, a star while unsaved.
std::string editorWindowTitle(const Document& doc);

}  // namespace atrium::editor
