#include "editor_window.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "atrium/platform/window.hpp"
#include "atrium/render/renderer.hpp"
#include "editor_names.hpp"

namespace atrium::editor {
namespace {

double secondsNow() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// GLFW 3.3 has no diagonal or all-directions cursors; the nearest standard shapes stand in.
CursorShape cursorFor(ImGuiMouseCursor c) {
    switch (c) {
        case ImGuiMouseCursor_None: return CursorShape::Hidden;
        case ImGuiMouseCursor_TextInput: return CursorShape::TextInput;
        case ImGuiMouseCursor_Hand: return CursorShape::Hand;
        case ImGuiMouseCursor_ResizeEW: return CursorShape::ResizeHorizontal;
        case ImGuiMouseCursor_ResizeNS: return CursorShape::ResizeVertical;
        case ImGuiMouseCursor_ResizeAll:
        case ImGuiMouseCursor_ResizeNESW:
        case ImGuiMouseCursor_ResizeNWSE: return CursorShape::Crosshair;
        default: return CursorShape::Arrow;
    }
}

}  // namespace

std::string editorWindowTitle(const Document& doc) {
    const std::string& name = doc.world().name;
    std::string file = doc.title();
    return (name.empty() ? file : name + " (" + file + ")") + " - Atrium Editor";
}

EditorWindow::EditorWindow(Document& doc, EditorUi& ui, HeadlessImGui& imgui) : doc_(doc), ui_(ui), imgui_(imgui) {}

EditorWindow::~EditorWindow() {
    ImGuiIO& io = imgui_.io();
    io.SetClipboardTextFn = nullptr;  // ImGui keeps its own clipboard again
    io.GetClipboardTextFn = nullptr;
    io.ClipboardUserData = nullptr;
    ui_.kitThumbnail = nullptr;  // it draws through this window's renderer
    thumbnails_.reset();
    // The renderer draws into the window's surface, so it goes first.
    renderer_.reset();
    window_.reset();
}

Result<std::unique_ptr<EditorWindow>> EditorWindow::create(Document& doc, EditorUi& ui, HeadlessImGui& imgui,
                                                           const EditorWindowOptions& options) {
    std::unique_ptr<EditorWindow> ew(new EditorWindow(doc, ui, imgui));
    WindowOptions wo;
    wo.title = editorWindowTitle(doc);
    wo.width = options.width;
    wo.height = options.height;
    wo.visible = options.visible;
    auto window = Window::create(wo);
    if (!window) return window.error();
    ew->window_ = std::move(*window);
    RendererOptions ro;
    ro.window = ew->window_.get();
    ro.validation = options.validation;
    ro.vsync = options.vsync;
    auto renderer = Renderer::create(ro);
    if (!renderer) return renderer.error();
    ew->renderer_ = std::move(*renderer);
    if (!options.assetRoot.empty()) ew->renderer_->assets().setRoot(options.assetRoot);

    // The font atlas becomes an overlay texture; ImGui hands its handle back in every draw command.
    ImGuiIO& io = imgui.io();
    ew->fonts_ = options.fonts;
    if (ew->fonts_) {
        ew->fonts_->addNames(doc.world());
        ew->fontsSeenStamp_ = doc.changeStamp();
        if (Status s = ew->fonts_->refresh(io, *ew->renderer_); !s) return s.error();
    } else {
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        auto atlas = ew->renderer_->createUiTexture(std::uint32_t(w), std::uint32_t(h), pixels);
        if (!atlas) return atlas.error();
        io.Fonts->SetTexID(toImTextureId(*atlas));
    }
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // large draw lists keep 16-bit indices
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    // Copy and paste in text fields (and the Host menu's join tokens) use the desktop clipboard.
    io.ClipboardUserData = ew.get();
    io.SetClipboardTextFn = [](void* user, const char* text) { static_cast<EditorWindow*>(user)->window_->setClipboardText(text ? text : ""); };
    io.GetClipboardTextFn = [](void* user) -> const char* {
        auto* self = static_cast<EditorWindow*>(user);
        self->clipboard_ = self->window_->clipboardText();
        return self->clipboard_.c_str();
    };
    io.BackendPlatformName = "atrium-platform";
    io.BackendRendererName = "atrium-ui-overlay";
    ew->thumbnails_ = std::make_unique<KitThumbnails>(*ew->renderer_, options.thumbnailCache);
    ui.kitThumbnail = [t = ew->thumbnails_.get()](const std::string& id) { return toImTextureId(t->get(id)); };
    ew->title_ = wo.title;
    ew->startSeconds_ = ew->lastSeconds_ = secondsNow();
    return ew;
}

void EditorWindow::updateTitle() {
    std::string title = editorWindowTitle(doc_);
    if (title == title_) return;
    window_->setTitle(title);
    title_ = std::move(title);
}

bool EditorWindow::frame() {
    double now = secondsNow();
    auto dt = float(std::clamp(now - lastSeconds_, 1e-4, 0.25));
    lastSeconds_ = now;
    window_->pollEvents();
    if (window_->shouldClose()) {
        // The editor decides: with unsaved changes the prompt asks first, and Cancel keeps it open.
        window_->cancelClose();
        if (ui_.pending() == EditorUi::Pending::None) ui_.requestQuit();
    }
    if (ui_.quitRequested()) return false;
    if (window_->minimized()) {
        // Nothing to draw; do not spin. The UI (and autosave) resume when the window is restored.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return true;
    }
    auto t0 = std::chrono::steady_clock::now();
    const InputState& input = simulated_ ? *simulated_ : window_->input();
    DisplayMetrics display{vec2(float(window_->width()), float(window_->height())),
                           vec2(float(window_->framebufferWidth()), float(window_->framebufferHeight()))};
    feedImGuiInput(imgui_.io(), input, display, dt);
    if (fonts_) {
        // Characters typed (IME commits included) or names opened or pasted: baked before the
        // frame draws them, instead of showing '?' until the next start.
        for (std::uint32_t c : input.characters) fonts_->addCodepoint(c);
        if (doc_.changeStamp() != fontsSeenStamp_) {
            fonts_->addNames(doc_.world());
            fontsSeenStamp_ = doc_.changeStamp();
        }
        if (Status s = fonts_->refresh(imgui_.io(), *renderer_); !s) {
            error_ = s;
            return false;
        }
    }
    imgui_.beginFrame(dt);
    ui_.frame(now - startSeconds_, lastFrameMs_);
    imgui_.endFrame();
    window_->setCursor(cursorFor(ImGui::GetMouseCursor()));
    doc_.mutableWorld().updateTransforms();
    updateTitle();
    if (ui_.quitRequested()) return false;

    overlayFromDrawData(*ImGui::GetDrawData(), overlay_);
    Rect v = ui_.viewport();
    FrameComposition composition;
    composition.scene = UiRect{v.x, v.y, v.w, v.h};
    composition.overlay = &overlay_;
    const EditorCamera& cam = ui_.viewportPanel.camera;
    CameraView view;
    view.eye = cam.position();
    view.target = cam.target;
    view.fovYDegrees = cam.fovYDegrees;
    Status drawn = renderer_->drawToWindow(doc_.world(), view, composition);
    lastFrameMs_ = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!drawn.ok()) {
        error_ = drawn;
        return false;
    }
    return true;
}

Status EditorWindow::run() {
    while (frame()) {
    }
    return error_;
}

}  // namespace atrium::editor
