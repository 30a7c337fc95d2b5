#include <gtest/gtest.h>

#include "attendee_script.hpp"

using namespace atrium;
using namespace atrium::player;
using K = ScriptStep::Kind;

TEST(AttendeeScript, ReadsEveryStepWithItsArguments) {
    auto steps = parseAttendeeScript(
        "# arrive, look around, take a seat\n"
        "wait 0.5\n"
        "walk 0 1 2.5   # forward\n"
        "walkto 3 -4\n"
        "turn 90\n"
        "\n"
        "sit Row A 3\n"
        "sit\n"
        "stand\n"
        "chat hello   everyone \n"
        "emote thumbs_up\n",
        "s.txt");
    ASSERT_TRUE(steps) << steps.error().message;
    ASSERT_EQ(steps->size(), 9u);
    EXPECT_EQ((*steps)[0].kind, K::Wait);
    EXPECT_EQ((*steps)[0].seconds, 0.5f);
    EXPECT_EQ((*steps)[1].keys, vec2(0, 1));
    EXPECT_EQ((*steps)[1].seconds, 2.5f);
    EXPECT_EQ((*steps)[2].target, vec2(3, -4));
    EXPECT_EQ((*steps)[3].degrees, 90.0f);
    EXPECT_EQ((*steps)[4].text, "Row A 3");
    EXPECT_EQ((*steps)[4].line, 7);
    EXPECT_TRUE((*steps)[5].text.empty());
    EXPECT_EQ((*steps)[6].kind, K::Stand);
    EXPECT_EQ((*steps)[7].text, "hello   everyone");
    EXPECT_EQ((*steps)[8].emote, Emote::ThumbsUp);
}

TEST(AttendeeScript, AMistakeNamesTheFileAndLine) {
    auto says = [](const char* text, const char* what) {
        auto r = parseAttendeeScript(text, "s.txt");
        ASSERT_FALSE(r) << text;
        EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    };
    says("wait 1\nwalk 1 2\n", "s.txt:2: walk needs X Y SECONDS");
    says("wait -1\n", "s.txt:1: wait needs SECONDS");
    says("wait nan\n", "wait needs SECONDS");
    says("emote dance\n", "unknown emote \"dance\"");
    says("chat\n", "chat needs the TEXT");
    says("fly 3\n", "s.txt:1: unknown step \"fly\"");
    says("stand up\n", "stand takes nothing");
    says("walkto 1 2 3\n", "walkto needs X Z");
}
