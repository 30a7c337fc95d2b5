#include <gtest/gtest.h>

#include "editor_names.hpp"
#include "ui_raster.hpp"

using namespace atrium::editor;

namespace {
const std::uint8_t* px(const RgbaImage& img, int x, int y) {
    return &img.pixels[(std::size_t(y) * std::size_t(img.width) + std::size_t(x)) * 4];
}
}  // namespace

TEST(UiRaster, FilledShapesAndTextLandWhereImGuiPutThem) {
    HeadlessImGui imgui(200, 100);
    imgui.beginFrame();
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    draw->AddRectFilled(ImVec2(10, 10), ImVec2(50, 40), IM_COL32(255, 0, 0, 255));
    draw->AddRectFilled(ImVec2(60, 10), ImVec2(100, 40), IM_COL32(0, 0, 255, 128));  // half transparent
    draw->AddText(ImVec2(10, 60), IM_COL32(255, 255, 255, 255), "Atrium");
    imgui.endFrame();

    RgbaImage img{200, 100, std::vector<std::uint8_t>(200 * 100 * 4, 0)};
    rasterizeDrawData(*ImGui::GetDrawData(), img);
    EXPECT_EQ(px(img, 30, 25)[0], 255);
    EXPECT_EQ(px(img, 30, 25)[2], 0);
    EXPECT_EQ(px(img, 5, 5)[0], 0) << "outside the rectangle";
    EXPECT_NEAR(px(img, 80, 25)[2], 128, 2) << "blended over black";
    int lit = 0;
    for (int y = 58; y < 78; ++y) {
        for (int x = 8; x < 70; ++x) lit += px(img, x, y)[1] > 128;
    }
    EXPECT_GT(lit, 40) << "glyphs were drawn from the font atlas";
    EXPECT_LT(lit, 62 * 20 / 2) << "glyphs, not a filled box";
}
