#pragma once
// Where a widget was drawn in the last frame; panels record these so UI tests can aim the
// simulated mouse at a row or a field.
#include <imgui.h>

namespace atrium::editor {

struct ItemRect {
    ImVec2 min{0, 0};
    ImVec2 max{0, 0};
    ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
    static ItemRect lastItem() { return {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }
};

}  // namespace atrium::editor
