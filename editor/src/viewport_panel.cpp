#include "viewport_panel.hpp"

#include <cstring>
#include <string>

#include "editor_names.hpp"
#include "kit_placement.hpp"
#include "picking.hpp"

namespace atrium::editor {

namespace {

constexpr float kClickSlopPixels = 4.0f;
constexpr float kFlySpeed = 6.0f;   // m/s; Shift triples it
constexpr int kGridHalfLines = 50;  // a 100 m x 100 m grid with 1 m cells

vec2 toVec(ImVec2 v) { return {v.x, v.y}; }
ImVec2 toIm(vec2 v) { return {v.x, v.y}; }

}  // namespace

void ViewportPanel::frameSelection(const Document& doc) {
    std::vector<StableId> ids = doc.selection().ids();
    if (ids.empty()) {
        for (Entity r : doc.world().roots()) ids.push_back(doc.world().stableId(r));
    }
    if (auto b = boundsOf(doc.world(), ids, &doc.meshBounds())) camera.frame(b->first, b->second);
}

void ViewportPanel::cameraInput(const ViewRect& view, float dt) {
    const ImGuiIO& io = ImGui::GetIO();
    vec2 delta = toVec(io.MouseDelta);
    bool orbitDrag = ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f) || (io.KeyAlt && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f));
    if (orbitDrag && io.KeyShift) camera.pan(delta, view);
    else if (orbitDrag) camera.orbit(delta);
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.0f)) {
        camera.look(delta);
        float speed = kFlySpeed * (io.KeyShift ? 3.0f : 1.0f) * dt;
        vec3 move{0.0f};
        if (io.KeysDown[keys::kW]) move.z += speed;
        if (io.KeysDown[keys::kS]) move.z -= speed;
        if (io.KeysDown[keys::kD]) move.x += speed;
        if (io.KeysDown[keys::kA]) move.x -= speed;
        if (io.KeysDown[keys::kE]) move.y += speed;
        if (io.KeysDown[keys::kQ]) move.y -= speed;
        camera.fly(move);
    }
    if (io.MouseWheel != 0.0f) camera.zoom(io.MouseWheel);
}

void ViewportPanel::playInput(Document& doc) {
    Entity avatar = doc.world().find(doc.playerAvatar());
    CharacterController* cc = avatar ? doc.mutableWorld().get<CharacterController>(avatar) : nullptr;
    if (!cc) return;
    const ImGuiIO& io = ImGui::GetIO();
    // Move relative to the camera's heading, flattened onto the ground.
    vec3 fwd = camera.forward();
    fwd.y = 0;
    fwd = glm::length(fwd) > 1e-4f ? glm::normalize(fwd) : vec3(0, 0, -1);
    vec3 right = glm::cross(fwd, vec3(0, 1, 0));
    vec3 move{0.0f};
    if (io.KeysDown[keys::kW]) move += fwd;
    if (io.KeysDown[keys::kS]) move -= fwd;
    if (io.KeysDown[keys::kD]) move += right;
    if (io.KeysDown[keys::kA]) move -= right;
    cc->moveInput = glm::length(move) > 1e-4f ? glm::normalize(move) : vec3(0.0f);
    cc->run = io.KeyShift;
    cc->jump = io.KeysDown[keys::kSpace];
}

void ViewportPanel::toolbar() {
    ImGui::SetCursorPos(ImVec2(8, 8));
    int mode = int(gizmo.mode);
    ImGui::RadioButton("Move (W)", &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Rotate (E)", &mode, 1);
    ImGui::SameLine();
    ImGui::RadioButton("Scale (R)", &mode, 2);
    gizmo.mode = GizmoMode(mode);
    ImGui::SameLine();
    bool local = gizmo.space == GizmoSpace::Local;
    if (ImGui::Checkbox("Local", &local)) gizmo.space = local ? GizmoSpace::Local : GizmoSpace::World;
    ImGui::SameLine();
    ImGui::Checkbox("Snap", &gizmo.snap.enabled);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70);
    ImGui::DragFloat("##grid", &gizmo.snap.grid, 0.01f, 0.01f, 10.0f, "%.2f m");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70);
    ImGui::DragFloat("##angle", &gizmo.snap.angleDegrees, 0.5f, 1.0f, 90.0f, "%.0f deg");
    ImGui::SameLine();
    ImGui::Checkbox("Grid", &showGrid);
}

void ViewportPanel::drawGrid(ImDrawList* draw, const ViewRect& view) {
    gridLinesDrawn = 0;
    // Lines are split into short pieces so that ones passing beside the camera still show.
    for (int i = -kGridHalfLines; i <= kGridHalfLines; ++i) {
        ImU32 colour = i == 0 ? IM_COL32(200, 200, 200, 140) : (i % 10 == 0 ? IM_COL32(150, 150, 150, 90) : IM_COL32(120, 120, 120, 45));
        for (int axis = 0; axis < 2; ++axis) {
            bool any = false;
            for (int s = -kGridHalfLines; s < kGridHalfLines; s += 5) {
                vec3 a = axis ? vec3(float(i), 0, float(s)) : vec3(float(s), 0, float(i));
                vec3 b = axis ? vec3(float(i), 0, float(s + 5)) : vec3(float(s + 5), 0, float(i));
                auto pa = camera.project(a, view), pb = camera.project(b, view);
                if (!pa || !pb) continue;
                draw->AddLine(toIm(*pa), toIm(*pb), colour);
                any = true;
            }
            gridLinesDrawn += any;
        }
    }
}

void ViewportPanel::drawSelection(const Document& doc, ImDrawList* draw, const ViewRect& view) {
    const World& world = doc.world();
    for (StableId id : doc.selection().ids()) {
        Entity e = world.find(id);
        if (!e) continue;
        auto bounds = pickBounds(world, e, &doc.meshBounds()).value_or(std::pair{vec3(-0.25f), vec3(0.25f)});
        const mat4& m = world.worldMatrix(e);
        vec2 corners[8];
        bool visible = true;
        for (int c = 0; c < 8 && visible; ++c) {
            vec3 local((c & 1) ? bounds.second.x : bounds.first.x, (c & 2) ? bounds.second.y : bounds.first.y,
                       (c & 4) ? bounds.second.z : bounds.first.z);
            auto p = camera.project(vec3(m * vec4(local, 1.0f)), view);
            visible = p.has_value();
            if (p) corners[c] = *p;
        }
        if (!visible) continue;
        static const int edges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
        for (const auto& edge : edges) draw->AddLine(toIm(corners[edge[0]]), toIm(corners[edge[1]]), IM_COL32(255, 160, 40, 220), 1.5f);
    }
}

void ViewportPanel::kitDropTarget(Document& doc, const ViewRect& view, ImDrawList* draw) {
    if (!ImGui::BeginDragDropTarget()) return;
    const ImGuiIO& io = ImGui::GetIO();
    constexpr ImGuiDragDropFlags flags = ImGuiDragDropFlags_AcceptBeforeDelivery | ImGuiDragDropFlags_AcceptNoDrawDefaultRect;
    if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(kKitPayload, flags)) {
        const auto* text = static_cast<const char*>(payload->Data);
        std::string generator(text, strnlen(text, std::size_t(payload->DataSize)));
        auto point = kitDropPoint(doc.world(), camera, view, toVec(io.MousePos), gizmo.snap, io.KeyCtrl, &doc.meshBounds());
        if (point) {
            // Where it will land: a ring on the surface and a post up from it.
            if (auto p = camera.project(*point, view)) {
                draw->AddCircle(toIm(*p), 10.0f, IM_COL32(255, 200, 60, 230), 24, 2.0f);
                if (auto top = camera.project(*point + vec3(0, 1, 0), view))
                    draw->AddLine(toIm(*p), toIm(*top), IM_COL32(255, 200, 60, 230), 2.0f);
            }
            if (payload->IsDelivery()) {
                if (auto placed = placeKit(doc, generator, *point); !placed) doc.lastMessage = placed.error().toString();
            }
        }
    }
    ImGui::EndDragDropTarget();
}

void ViewportPanel::draw(Document& doc, const ViewRect& view, float dt) {
    ImGui::SetNextWindowPos(ImVec2(view.x, view.y));
    ImGui::SetNextWindowSize(ImVec2(view.w, view.h));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                                       ImGuiWindowFlags_NoSavedSettings;
    bool open = ImGui::Begin("##viewport", nullptr, flags);
    ImGui::PopStyleVar();
    if (!open) {
        ImGui::End();
        return;
    }
    ImGui::SetCursorPos(ImVec2(0, 0));
    ImGui::InvisibleButton("##scene", ImVec2(view.w, view.h),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    bool hovered = ImGui::IsItemHovered();
    bool active = ImGui::IsItemActive();
    ImDrawList* drawList = ImGui::GetWindowDrawList();
    const ImGuiIO& io = ImGui::GetIO();
    if (!doc.playing()) kitDropTarget(doc, view, drawList);

    doc.mutableWorld().updateTransforms();
    if (hovered || active) cameraInput(view, dt);
    bool flying = ImGui::IsMouseDown(ImGuiMouseButton_Right) && active;
    if (hovered && !io.WantTextInput && !io.KeyCtrl && !flying && !doc.playing()) {
        if (ImGui::IsKeyPressed(keys::kW, false)) gizmo.mode = GizmoMode::Translate;
        if (ImGui::IsKeyPressed(keys::kE, false)) gizmo.mode = GizmoMode::Rotate;
        if (ImGui::IsKeyPressed(keys::kR, false)) gizmo.mode = GizmoMode::Scale;
        if (ImGui::IsKeyPressed(keys::kF, false)) frameSelection(doc);
    }
    if (doc.playing()) {
        playInput(doc);
        if (hovered && ImGui::IsKeyPressed(keys::kE, false)) (void)doc.toggleSeat();
        doc.tickPlay(dt);
    }

    if (showGrid) drawGrid(drawList, view);
    drawSelection(doc, drawList, view);
    GizmoInput in{toVec(io.MousePos), io.MouseDown[0] && (active || gizmo.dragging()),
                  hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !io.KeyAlt, io.KeyCtrl};
    bool gizmoOwnsMouse = gizmo.update(doc, camera, view, in, drawList);

    // A left click that did not drag and did not hit the gizmo picks.
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !io.KeyAlt && !gizmoOwnsMouse) {
        clickCandidate_ = true;
        pressPos_ = io.MousePos;
    }
    if (clickCandidate_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        clickCandidate_ = false;
        ImVec2 d(io.MousePos.x - pressPos_.x, io.MousePos.y - pressPos_.y);
        if (d.x * d.x + d.y * d.y <= kClickSlopPixels * kClickSlopPixels) {
            Ray ray = camera.rayThrough(toVec(io.MousePos), view);
            auto pick = pickSelectable(doc.world(), ray, &doc.meshBounds());
            if (!pick) {
                if (!io.KeyShift) doc.selection().clear();
            } else if (io.KeyShift) {
                doc.selection().add(pick->entity);
            } else {
                doc.selection().select(pick->entity);
            }
        }
    }
    toolbar();
    ImGui::End();
}

}  // namespace atrium::editor
