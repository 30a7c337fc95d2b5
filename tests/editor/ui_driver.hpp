#pragma once
// The real editor UI on a headless ImGui context, driven through simulated input
// (io.MousePos / io.MouseDown[] / io.KeysDown[] set before each frame, as 1.86 requires).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "atrium/scene/command.hpp"
#include "editor_ui.hpp"
#include "headless_imgui.hpp"

namespace atrium::test {

struct EditorDriver {
    ui::HeadlessImGui imgui{1600, 900};
    editor::Document doc;
    editor::EditorUi ui;
    double now = 0.0;

    explicit EditorDriver(const std::string& autosaveFolder = "atrium_editor_ui_test")
        : ui(doc, std::filesystem::temp_directory_path() / autosaveFolder) {}

    void frame() {
        imgui.beginFrame();
        ui.frame(now, 1.0f);
        imgui.endFrame();
        now += 1.0 / 60.0;
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void moveTo(ImVec2 p) {
        imgui.io().MousePos = p;
        frame();
    }
    void click(ImVec2 p, bool shift = false) {
        imgui.io().KeyShift = shift;
        moveTo(p);
        imgui.io().MouseDown[0] = true;
        frame();
        imgui.io().MouseDown[0] = false;
        frame();
        imgui.io().KeyShift = false;
    }
    void drag(ImVec2 from, ImVec2 to, int steps = 10) {
        // Wait out the double-click time, or a second press at the same spot is a double click
        // (which turns a drag field into a text field).
        moveTo(from);
        frames(int(imgui.io().MouseDoubleClickTime * 60.0f) + 2);
        imgui.io().MouseDown[0] = true;
        frame();
        for (int i = 1; i <= steps; ++i) {
            float t = float(i) / float(steps);
            moveTo(ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t));
        }
        frame();
        imgui.io().MouseDown[0] = false;
        frame();
    }
    void press(int key, bool ctrl = false, bool shift = false) {
        imgui.io().KeyCtrl = ctrl;
        imgui.io().KeyShift = shift;
        imgui.io().KeysDown[key] = true;
        frame();
        imgui.io().KeysDown[key] = false;
        frame();
        imgui.io().KeyCtrl = imgui.io().KeyShift = false;
    }
    StableId create(const std::string& name, std::vector<ComponentValue> comps = {}, StableId parent = {}) {
        Command c = makeCreate(name, parent, std::move(comps));
        StableId id = std::get<CreateEntities>(c).tree.entities.front().id;
        EXPECT_TRUE(doc.execute(std::move(c)).ok());
        return id;
    }
    ImVec2 row(StableId id) {
        auto it = ui.hierarchy.rowRects.find(id);
        EXPECT_NE(it, ui.hierarchy.rowRects.end()) << "row not drawn";
        return it == ui.hierarchy.rowRects.end() ? ImVec2(-100, -100) : it->second.center();
    }
    ImVec2 field(const std::string& name) {
        auto it = ui.inspector.fieldRects.find(name);
        EXPECT_NE(it, ui.inspector.fieldRects.end()) << "field " << name << " not drawn";
        return it == ui.inspector.fieldRects.end() ? ImVec2(-100, -100) : it->second.center();
    }
};

}  // namespace atrium::test
