#pragma once
// The viewport's interaction layer: camera controls, click picking, the transform gizmo, the
// ground grid, W/E/R and F, and in play mode WASD for the player avatar. The scene itself is
// drawn underneath by the renderer into the same rectangle; everything here is drawn with ImGui
// so it works (and is tested) without a GPU.
#include <functional>
#include <optional>

#include <imgui.h>

#include "document.hpp"
#include "editor_camera.hpp"
#include "transform_gizmo.hpp"

namespace atrium::editor {

class ViewportPanel {
public:
    EditorCamera camera;
    TransformGizmo gizmo;
    bool showGrid = true;

    // Draws into a borderless window covering `view` (pixels of the main window).
    void draw(Document& doc, const ViewRect& view, float dt);
    // Frames the selection (F), or the whole venue when nothing is selected.
    void frameSelection(const Document& doc);

    std::size_t gridLinesDrawn = 0;  // test hook

private:
    void cameraInput(const ViewRect& view, float dt);
    void playInput(Document& doc);
    void toolbar();
    void drawGrid(ImDrawList* draw, const ViewRect& view);
    void drawSelection(const Document& doc, ImDrawList* draw, const ViewRect& view);
    void kitDropTarget(Document& doc, const ViewRect& view, ImDrawList* draw);

    bool clickCandidate_ = false;
    ImVec2 pressPos_{0, 0};
};

}  // namespace atrium::editor
