// Settings survive a restart, a broken file names what is wrong, quality maps to the renderer.
#include <gtest/gtest.h>

#include <fstream>

#include "attendee_settings.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {
std::filesystem::path scratch(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("atrium_settings_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}
void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }
}  // namespace

TEST(AttendeeSettings, SavedSettingsComeBackAsTheyWere) {
    AttendeeSettings s;
    s.displayName = "李雷 (Lei)";
    s.lookChosen = true;
    s.look.body = BodyPreset::Tall;
    s.look.top = {0.9f, 0.1f, 0.2f};
    s.mouseSensitivity = 0.007f;
    s.invertY = true;
    s.quality = GraphicsQuality::Low;
    s.keys.forward = Key::Z;  // AZERTY
    s.keys.left = Key::Q;
    const auto path = scratch("nested/join.json");
    ASSERT_TRUE(saveSettings(s, path).ok());
    Result<AttendeeSettings> back = loadSettings(path);
    ASSERT_TRUE(back) << back.error().toString();
    EXPECT_EQ(back->displayName, s.displayName);
    EXPECT_TRUE(back->lookChosen);
    EXPECT_EQ(back->look.body, BodyPreset::Tall);
    EXPECT_NEAR(back->look.top.x, 0.9f, 1e-6f);
    EXPECT_FLOAT_EQ(back->mouseSensitivity, 0.007f);
    EXPECT_TRUE(back->invertY);
    EXPECT_EQ(back->quality, GraphicsQuality::Low);
    EXPECT_EQ(back->keys.forward, Key::Z);
    EXPECT_EQ(back->keys.left, Key::Q);
    EXPECT_EQ(back->keys.jump, Key::Space);
}

TEST(AttendeeSettings, NoFileIsTheDefaultsAndABrokenOneSaysWhere) {
    Result<AttendeeSettings> none = loadSettings(scratch("absent.json"));
    ASSERT_TRUE(none);
    EXPECT_EQ(none->quality, GraphicsQuality::High);
    EXPECT_FALSE(none->lookChosen);
    const auto bad = scratch("bad.json");
    write(bad, "{\"quality\": \"ultra\"}");
    Result<AttendeeSettings> q = loadSettings(bad);
    ASSERT_FALSE(q);
    EXPECT_NE(q.error().toString().find("quality"), std::string::npos);
    EXPECT_NE(q.error().toString().find("bad.json"), std::string::npos);
    write(bad, "{\"keys\": {\"jump\": 9999}}");
    ASSERT_FALSE(loadSettings(bad));
    write(bad, "{\"look\": {\"top\": [1, 2]}}");
    Result<AttendeeSettings> l = loadSettings(bad);
    ASSERT_FALSE(l);
    EXPECT_NE(l.error().toString().find("look.top"), std::string::npos);
    write(bad, "not json {");
    ASSERT_FALSE(loadSettings(bad));
}

TEST(AttendeeSettings, QualityChangesWhatTheRendererDoes) {
    RendererOptions low, high;
    applyQuality(GraphicsQuality::Low, low);
    applyQuality(GraphicsQuality::High, high);
    EXPECT_FALSE(low.shadows);
    EXPECT_EQ(low.msaaSamples, 1u);
    EXPECT_TRUE(high.shadows);
    EXPECT_GT(high.msaaSamples, 1u);
    EXPECT_LT(low.nameTagLimit, high.nameTagLimit);
    EXPECT_EQ(keyName(Key::LeftShift), "Left Shift");
    EXPECT_EQ(keyName(Key::F5), "F5");
    EXPECT_FALSE(bindable(Key::Escape));
}
