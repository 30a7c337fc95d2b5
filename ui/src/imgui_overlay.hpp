#pragma once
// Dear ImGui's draw data as the renderer's generic overlay (atrium/render/ui_overlay.hpp): one
// vertex and index array for all draw lists, one command per ImDrawCmd. The ImTextureID of a
// command carries the renderer's UiTexture handle (set with io.Fonts->SetTexID).
#include <imgui.h>

#include "atrium/render/ui_overlay.hpp"

namespace atrium::ui {

// Fills `out` (reusing its storage) from `drawData`, whose DisplaySize becomes the overlay's.
void overlayFromDrawData(const ImDrawData& drawData, UiOverlay& out);

inline ImTextureID toImTextureId(UiTexture t) { return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t)); }
inline UiTexture toUiTexture(ImTextureID id) { return UiTexture(reinterpret_cast<std::uintptr_t>(id)); }

}  // namespace atrium::ui
