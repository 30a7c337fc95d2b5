#pragma once
// A Dear ImGui context with no window and no GPU: the font atlas is built in memory and frames
// are produced and discarded. UI tests and the frame-time benchmark drive the editor and the attendee app with it by
// setting io.MousePos, io.MouseDown[] and io.KeysDown[] before each frame (1.86 has no event queue).
#include <imgui.h>

namespace atrium::ui {

class HeadlessImGui {
public:
    HeadlessImGui(float width, float height);
    ~HeadlessImGui();
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    ImGuiIO& io() { return ImGui::GetIO(); }
    void beginFrame(float dt = 1.0f / 60.0f);
    void endFrame();  // Render(): builds draw lists, which nothing consumes

private:
    ImGuiContext* context_ = nullptr;
};

// Maps ImGui's named keys to the GLFW codes in keys.hpp, as the GLFW backend does.
void mapKeys(ImGuiIO& io);

}  // namespace atrium::ui
