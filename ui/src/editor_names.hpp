#pragma once
// The editor's names for the shared ImGui glue, which it had before the attendee app shared it.
#include "headless_imgui.hpp"
#include "imgui_input.hpp"
#include "imgui_overlay.hpp"
#include "keys.hpp"

namespace atrium::editor {
namespace keys = ui::keys;
using ui::DisplayMetrics;
using ui::feedImGuiInput;
using ui::HeadlessImGui;
using ui::overlayFromDrawData;
using ui::toImTextureId;
using ui::toUiTexture;
inline void mapEditorKeys(ImGuiIO& io) { ui::mapKeys(io); }
}  // namespace atrium::editor
