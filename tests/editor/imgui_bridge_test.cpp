// The bridge between the engine and Dear ImGui, without a GPU or window: polled input into
// ImGuiIO, and ImGui's draw data into the renderer's overlay structs.
#include <gtest/gtest.h>

#include "editor_names.hpp"

using namespace atrium;
using namespace atrium::editor;

TEST(ImGuiInput, MouseKeysModifiersAndTypedTextReachImGui) {
    HeadlessImGui imgui(800, 600);
    InputState in;
    in.mousePosition = vec2(120.0f, 45.0f);
    in.buttons[2] = true;
    in.scrollDelta = vec2(0.0f, -2.0f);
    in.setKey(int(Key::LeftControl), true);
    in.setKey(int(Key::RightShift), true);
    in.setKey(int(Key::S), true);
    in.characters = {'h', 0x00e9, 0};  // a zero is not text
    ImGuiIO& io = imgui.io();
    feedImGuiInput(io, in, DisplayMetrics{vec2(800, 600), vec2(1600, 1200)}, 0.02f);
    EXPECT_EQ(io.MousePos.x, 120.0f);
    EXPECT_EQ(io.MousePos.y, 45.0f);
    EXPECT_TRUE(io.MouseDown[2]);
    EXPECT_FALSE(io.MouseDown[0]);
    EXPECT_EQ(io.MouseWheel, -2.0f);
    EXPECT_TRUE(io.KeyCtrl);
    EXPECT_TRUE(io.KeyShift);
    EXPECT_FALSE(io.KeyAlt);
    EXPECT_TRUE(io.KeysDown['S']);
    EXPECT_EQ(io.DisplaySize.x, 800.0f);
    EXPECT_EQ(io.DisplayFramebufferScale.x, 2.0f);
    EXPECT_FLOAT_EQ(io.DeltaTime, 0.02f);
    ASSERT_EQ(io.InputQueueCharacters.Size, 2);
    EXPECT_EQ(io.InputQueueCharacters[0], ImWchar('h'));
    EXPECT_EQ(io.InputQueueCharacters[1], ImWchar(0x00e9));
}

TEST(ImGuiInput, AClickWithinOnePollStillPressesTheButtonForAFrame) {
    HeadlessImGui imgui(800, 600);
    InputState in;
    in.buttonsPressed[0] = true;  // went down and up again between two polls
    feedImGuiInput(imgui.io(), in, DisplayMetrics{vec2(800, 600), vec2(800, 600)}, 0.0f);
    EXPECT_TRUE(imgui.io().MouseDown[0]);
    EXPECT_GT(imgui.io().DeltaTime, 0.0f) << "ImGui needs a positive step";
    in.beginPoll();
    feedImGuiInput(imgui.io(), in, DisplayMetrics{vec2(800, 600), vec2(800, 600)}, 0.016f);
    EXPECT_FALSE(imgui.io().MouseDown[0]);
}

TEST(ImGuiOverlay, DrawListsBecomeOneOverlayWithOffsetsAndClipRects) {
    HeadlessImGui imgui(640, 480);
    imgui.io().Fonts->SetTexID(toImTextureId(7));
    imgui.beginFrame();
    ImGui::SetNextWindowPos(ImVec2(10, 20));
    ImGui::SetNextWindowSize(ImVec2(200, 100));
    ImGui::Begin("One");
    ImGui::Text("hello");
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(300, 200));
    ImGui::SetNextWindowSize(ImVec2(150, 120));
    ImGui::Begin("Two");
    ImGui::Button("press");
    ImGui::End();
    imgui.endFrame();
    const ImDrawData& data = *ImGui::GetDrawData();
    ASSERT_GE(data.CmdListsCount, 2);

    UiOverlay overlay;
    overlayFromDrawData(data, overlay);
    EXPECT_EQ(overlay.displaySize, vec2(640.0f, 480.0f));
    EXPECT_EQ(overlay.vertices.size(), std::size_t(data.TotalVtxCount));
    EXPECT_EQ(overlay.indices.size(), std::size_t(data.TotalIdxCount));
    ASSERT_FALSE(overlay.commands.empty());
    std::uint32_t indexSum = 0;
    for (const UiDrawCommand& c : overlay.commands) {
        EXPECT_EQ(c.texture, 7u);
        EXPECT_LE(c.firstIndex + c.indexCount, overlay.indices.size());
        for (std::uint32_t i = c.firstIndex; i < c.firstIndex + c.indexCount; ++i) {
            ASSERT_LT(overlay.indices[i] + c.vertexOffset, overlay.vertices.size());
        }
        EXPECT_LE(c.clipRect.x, c.clipRect.z);
        indexSum += c.indexCount;
    }
    EXPECT_EQ(indexSum, overlay.indices.size());
    // The second window's commands point past the first list's vertices and clip to its rectangle.
    const UiDrawCommand& last = overlay.commands.back();
    EXPECT_GE(last.vertexOffset, std::uint32_t(data.CmdLists[0]->VtxBuffer.Size));
    EXPECT_GE(last.clipRect.x, 300.0f - 1.0f);
    EXPECT_LE(last.clipRect.z, 450.0f + 1.0f);
    // Every vertex of the overlay is a vertex of the draw lists, colour and all.
    const ImDrawVert& v0 = data.CmdLists[0]->VtxBuffer[0];
    EXPECT_EQ(overlay.vertices[0].position, vec2(v0.pos.x, v0.pos.y));
    EXPECT_EQ(overlay.vertices[0].color, v0.col);

    // Reuse keeps nothing from the previous frame.
    imgui.beginFrame();
    imgui.endFrame();
    overlayFromDrawData(*ImGui::GetDrawData(), overlay);
    EXPECT_TRUE(overlay.vertices.empty());
    EXPECT_TRUE(overlay.commands.empty());
}
