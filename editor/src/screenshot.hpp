#pragma once
// The editor's main layout as an image: the scene rendered offscreen by the renderer into the
// viewport rectangle, the UI composited over it in software. Used for docs/editor.png and image
// checks; needs Vulkan (lavapipe is enough) but no window.
#include <filesystem>

#include "atrium/core/error.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"

namespace atrium {
class Renderer;
}

namespace atrium::editor {

// Draws `frames` frames of the UI, renders the World as the viewport camera sees it and writes
// the composite (display size) to `png`.
Status captureEditorScreenshot(Renderer& renderer, HeadlessImGui& imgui, EditorUi& ui, Document& doc, const std::filesystem::path& png,
                               int frames = 3);

}  // namespace atrium::editor
