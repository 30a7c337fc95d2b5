#pragma once
// The engine's polled input (atrium/platform/input.hpp) into Dear ImGui 1.86's IO, as its GLFW
// backend would: mouse, wheel, keys by GLFW code (keys.hpp), modifiers and typed characters.
// 1.86 has no event queue, so this sets state before each NewFrame.
#include <imgui.h>

#include "atrium/platform/input.hpp"

namespace atrium::ui {

struct DisplayMetrics {
    vec2 windowSize{0.0f};       // screen units (mouse positions are in these)
    vec2 framebufferSize{0.0f};  // pixels
};

void feedImGuiInput(ImGuiIO& io, const InputState& input, const DisplayMetrics& display, float dt);

}  // namespace atrium::ui
