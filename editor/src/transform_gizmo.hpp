#pragma once
// The transform gizmo, drawn by the editor over the viewport: translate along an axis, rotate
// about one, scale along one; axes in world or in the primary selection's local space; grid,
// angle and scale snapping. A drag moves every top-level selected entity as one command group,
// applied live and closed when the mouse is released (one drag = one undo step).
#include <imgui.h>

#include <optional>
#include <vector>

#include "document.hpp"
#include "editor_camera.hpp"

namespace atrium::editor {

using glm::mat3;

enum class GizmoMode { Translate, Rotate, Scale };
enum class GizmoSpace { World, Local };

struct SnapSettings {
    bool enabled = true;
    float grid = 0.25f;  // metres
    float angleDegrees = 15.0f;
    float scaleStep = 0.1f;
};

struct GizmoInput {
    vec2 mouse{0.0f};
    bool down = false;        // left button held
    bool pressed = false;     // left button went down this frame
    bool invertSnap = false;  // Ctrl held: snapping off while on, on while off
};

class TransformGizmo {
public:
    GizmoMode mode = GizmoMode::Translate;
    GizmoSpace space = GizmoSpace::World;
    SnapSettings snap;

    // Handles hover and drag for the current selection and draws the gizmo into `draw` (may be
    // null in tests). Returns true while the gizmo owns the mouse (hovered or dragging), so the
    // viewport does not pick through it.
    bool update(Document& doc, const EditorCamera& camera, const ViewRect& view, const GizmoInput& in, ImDrawList* draw);

    bool dragging() const { return active_ >= 0; }
    int hoveredAxis() const { return hovered_; }
    // Test hook: the pixel where axis `a`'s handle is (the arrow tip, or a point on the ring).
    std::optional<vec2> handlePixel(const Document& doc, const EditorCamera& camera, const ViewRect& view, int axis) const;

private:
    struct Start {
        StableId id;
        Transform local;
        mat4 parentWorld;
        mat4 world;
    };
    bool frameOf(const World& world, StableId primary, vec3& pivot, mat3& axes) const;
    float handleLength(const EditorCamera& camera, vec3 pivot) const;
    float axisParam(const Ray& ray, vec3 pivot, vec3 axis) const;
    std::optional<vec3> planeHit(const Ray& ray, vec3 pivot, vec3 normal) const;
    void apply(Document& doc, float amount) const;

    int hovered_ = -1;
    int active_ = -1;
    vec3 pivot_{0.0f};
    vec3 axis_{1, 0, 0};
    float startParam_ = 0.0f;
    vec3 startVector_{1, 0, 0};
    bool snapping_ = true;
    std::vector<Start> starts_;
};

}  // namespace atrium::editor
