#include "headless_imgui.hpp"

#include "keys.hpp"

namespace atrium::ui {

void mapKeys(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = keys::kTab;
    io.KeyMap[ImGuiKey_LeftArrow] = keys::kLeft;
    io.KeyMap[ImGuiKey_RightArrow] = keys::kRight;
    io.KeyMap[ImGuiKey_UpArrow] = keys::kUp;
    io.KeyMap[ImGuiKey_DownArrow] = keys::kDown;
    io.KeyMap[ImGuiKey_PageUp] = keys::kPageUp;
    io.KeyMap[ImGuiKey_PageDown] = keys::kPageDown;
    io.KeyMap[ImGuiKey_Home] = keys::kHome;
    io.KeyMap[ImGuiKey_End] = keys::kEnd;
    io.KeyMap[ImGuiKey_Insert] = keys::kInsert;
    io.KeyMap[ImGuiKey_Delete] = keys::kDelete;
    io.KeyMap[ImGuiKey_Backspace] = keys::kBackspace;
    io.KeyMap[ImGuiKey_Space] = keys::kSpace;
    io.KeyMap[ImGuiKey_Enter] = keys::kEnter;
    io.KeyMap[ImGuiKey_Escape] = keys::kEscape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = keys::kKeypadEnter;
    io.KeyMap[ImGuiKey_A] = keys::kA;
    io.KeyMap[ImGuiKey_C] = keys::kC;
    io.KeyMap[ImGuiKey_V] = keys::kV;
    io.KeyMap[ImGuiKey_X] = keys::kX;
    io.KeyMap[ImGuiKey_Y] = keys::kY;
    io.KeyMap[ImGuiKey_Z] = keys::kZ;
}

HeadlessImGui::HeadlessImGui(float width, float height) {
    IMGUI_CHECKVERSION();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.IniFilename = nullptr;  // tests must not read or write imgui.ini
    io.LogFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    mapKeys(io);
}

HeadlessImGui::~HeadlessImGui() { ImGui::DestroyContext(context_); }

void HeadlessImGui::beginFrame(float dt) {
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().DeltaTime = dt;
    ImGui::NewFrame();
}

void HeadlessImGui::endFrame() { ImGui::Render(); }

}  // namespace atrium::ui
