// Non-Latin text in the editor: a Chinese entity name typed into the inspector is saved,
// reloaded and shown in the hierarchy with real glyphs; the Chinese UI catalogue translates.
#include <gtest/gtest.h>

#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "translations.hpp"
#include "ui_driver.hpp"
#include "ui_fonts.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

// Its own autosave folder, so that it never meets ui_test's.
struct Driver : test::EditorDriver {
    Driver() : EditorDriver("atrium_editor_ui_text_test") {}
};

}  // namespace

TEST(EditorText, AChineseNameTypedInTheInspectorIsSavedReloadedAndShownInTheHierarchy) {
    Driver d;
    ui::UiFonts fonts;
    StableId id = d.create("Stage");
    d.doc.selection().select(id);
    d.frames(2);
    // Into the Name field: select all, type 主舞台 as GLFW delivers characters (IME commits too).
    d.click(d.ui.inspector.fieldRects.at("name").center());
    d.imgui.io().KeyCtrl = true;
    d.imgui.io().KeysDown[keys::kA] = true;
    d.frame();
    d.imgui.io().KeysDown[keys::kA] = false;
    d.imgui.io().KeyCtrl = false;
    for (char32_t ch : {U'主', U'舞', U'台'}) {
        d.imgui.io().AddInputCharacter(ch);
        fonts.addCodepoint(ch);
        d.frame();
    }
    d.imgui.io().KeysDown[keys::kEnter] = true;
    d.frame();
    d.imgui.io().KeysDown[keys::kEnter] = false;
    d.click(ImVec2(800, 880));  // elsewhere: the field lets go, the rename is one command
    ASSERT_EQ(d.doc.world().get<Name>(d.doc.world().find(id))->value, "主舞台");

    std::filesystem::path file = std::filesystem::temp_directory_path() / "atrium_cjk_name.venue.json";
    ASSERT_TRUE(d.doc.saveAs(file).ok());
    Driver again;
    ASSERT_TRUE(again.doc.open(file).ok());
    Entity e = again.doc.world().find(id);
    ASSERT_TRUE(e);
    EXPECT_EQ(again.doc.world().get<Name>(e)->value, "主舞台");
    ui::UiFonts reloaded;
    reloaded.addNames(again.doc.world());
    ASSERT_TRUE(reloaded.build(*again.imgui.io().Fonts));
    again.ui.hierarchy.expandAll(again.doc.world());
    again.frames(2);
    EXPECT_NE(again.ui.hierarchy.rowRects.find(id), again.ui.hierarchy.rowRects.end()) << "the row is drawn";
    ImFont* font = again.imgui.io().Fonts->Fonts[0];
    for (ImWchar ch : {ImWchar(U'主'), ImWchar(U'舞'), ImWchar(U'台')}) EXPECT_NE(font->FindGlyphNoFallback(ch), nullptr) << "a glyph, not '?'";
    std::filesystem::remove(file);
}

TEST(EditorText, TheUiFontHasEveryScriptTheIssueNames) {
    HeadlessImGui imgui{800, 600};
    ui::UiFonts fonts;
    fonts.addText("中文 日本語");
    ASSERT_TRUE(fonts.build(*imgui.io().Fonts));
    EXPECT_FALSE(fonts.needsRebuild());
    ImFont* font = imgui.io().Fonts->Fonts[0];
    for (char32_t ch : {U'é', U'Ж', U'Ω', U'ส', U'中', U'語', U'こ', U'ש', U'س'}) {
        EXPECT_NE(font->FindGlyphNoFallback(ImWchar(ch)), nullptr) << std::uint32_t(ch);
    }
    EXPECT_EQ(font->FindGlyphNoFallback(ImWchar(U'龍')), nullptr) << "not seen, not baked";
    fonts.addText("龍");
    EXPECT_TRUE(fonts.needsRebuild());
}

TEST(EditorText, TheChineseCatalogueTranslatesTheMenusAndEnglishLeavesThem) {
    EXPECT_EQ(ui::initTranslations("zh_CN"), "zh_CN");
    EXPECT_STREQ(ui::tr("File"), "文件");
    EXPECT_EQ(ui::trId("Hierarchy", "hierarchy"), "层级###hierarchy");
    EXPECT_EQ(ui::initTranslations("en"), "en");
    EXPECT_STREQ(ui::tr("File"), "File");
    EXPECT_EQ(ui::initTranslations("fr_FR"), "en") << "no French catalogue: English";
}

TEST(EditorText, ATranslationShownGivesTheFontItsCharacters) {
    // 辑 (in 编辑, "Edit") is outside ImGui's common-Chinese ranges: without this the menu showed
    // a missing glyph.
    ASSERT_EQ(ui::initTranslations("zh_CN"), "zh_CN");
    ui::takeNewTranslations();
    ui::tr("Edit");
    ui::tr("Edit");
    const std::vector<std::string> fresh = ui::takeNewTranslations();
    ASSERT_EQ(fresh.size(), 1u) << "a string shown twice is handed over once";
    EXPECT_EQ(fresh[0], "编辑");
    ui::tr("Edit");
    EXPECT_TRUE(ui::takeNewTranslations().empty());
    ui::initTranslations("en");
}
