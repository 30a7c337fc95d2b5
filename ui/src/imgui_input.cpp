#include "imgui_input.hpp"

#include <algorithm>

namespace atrium::ui {

void feedImGuiInput(ImGuiIO& io, const InputState& input, const DisplayMetrics& display, float dt) {
    io.DisplaySize = ImVec2(display.windowSize.x, display.windowSize.y);
    if (display.windowSize.x > 0.0f && display.windowSize.y > 0.0f) {
        io.DisplayFramebufferScale = ImVec2(display.framebufferSize.x / display.windowSize.x, display.framebufferSize.y / display.windowSize.y);
    }
    io.DeltaTime = dt > 0.0f ? dt : 1.0f / 60.0f;  // ImGui asserts on a zero step
    io.MousePos = ImVec2(input.mousePosition.x, input.mousePosition.y);
    // A press and release inside one poll still shows as a click for one frame.
    for (int b = 0; b < 5; ++b) {
        io.MouseDown[b] = input.buttons[std::size_t(b)] || input.buttonsPressed[std::size_t(b)];
    }
    io.MouseWheel += input.scrollDelta.y;
    io.MouseWheelH += input.scrollDelta.x;
    constexpr int keyCount = std::min<int>(InputState::kKeyCount, IM_ARRAYSIZE(io.KeysDown));
    for (int k = 0; k < keyCount; ++k) io.KeysDown[k] = input.keys[std::size_t(k)] || input.pressed[std::size_t(k)];
    io.KeyCtrl = input.down(Key::LeftControl) || input.down(Key::RightControl);
    io.KeyShift = input.down(Key::LeftShift) || input.down(Key::RightShift);
    io.KeyAlt = input.down(Key::LeftAlt) || input.down(Key::RightAlt);
    io.KeySuper = input.down(Key::LeftSuper) || input.down(Key::RightSuper);
    for (std::uint32_t c : input.characters) {
        if (c > 0 && c <= 0x10FFFF) io.AddInputCharacter(c);
    }
}

}  // namespace atrium::ui
