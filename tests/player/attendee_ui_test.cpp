// The attendee app's panels on a headless ImGui context, driven by simulated clicks and typing,
// with a real server on 127.0.0.1: the banner says how the connection stands, the emote bar
// emotes, the name field renames, the chat line chats, and a host's Kick removes someone, who
// is then told why.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "atrium/net/server.hpp"
#include "attendee_ui.hpp"
#include "headless_imgui.hpp"
#include "keys.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;
namespace keys = atrium::ui::keys;

namespace {

World hall() {
    World w;
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = {0, -0.5f, 0};
    w.add<Collider>(floor, Collider{.halfExtents = {30, 0.5f, 30}});
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1.0f});
    Entity screen = w.create("Main screen");
    w.get<Transform>(screen)->position = {0, 3, -10};
    w.add<MediaScreen>(screen, MediaScreen{.source = "video/keynote.mp4"});
    w.updateTransforms();
    return w;
}

struct Driver {
    World venue = hall();
    World serverWorld = venue, mine = venue, theirs = venue;
    net::Server server{serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret}};
    std::unique_ptr<AttendeeSession> me, other;
    ui::HeadlessImGui imgui{1280, 720};
    AttendeeUi panels;
    double t = 0.0;

    Driver() {
        EXPECT_TRUE(server.start().ok());
        auto link = [&](std::uint64_t user, net::Role role) {
            return net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, test::joinToken(user, role)};
        };
        me = std::make_unique<AttendeeSession>(mine, link(1, net::Role::Host));
        other = std::make_unique<AttendeeSession>(theirs, link(2, net::Role::Attendee));
        EXPECT_TRUE(me->connect().ok());
        EXPECT_TRUE(other->connect().ok());
    }
    // One app frame: the network, then the panels.
    void frame(int networkSteps = 3) {
        for (int i = 0; i < networkSteps; ++i) {
            t += 0.005;
            server.update(t);
            me->update(t, 0.005f);
            other->update(t, 0.005f);
        }
        imgui.beginFrame(1.0f / 60.0f);
        panels.draw(*me);
        imgui.endFrame();
        std::this_thread::yield();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    template <typename Done>
    bool until(Done done, int frames = 600) {
        for (int i = 0; i < frames; ++i) {
            frame();
            if (done()) return true;
        }
        return false;
    }
    ImVec2 at(const std::string& label) {
        auto it = panels.itemRects.find(label);
        EXPECT_NE(it, panels.itemRects.end()) << label << " not drawn";
        return it == panels.itemRects.end() ? ImVec2(-100, -100) : it->second.center();
    }
    void click(const std::string& label) {
        imgui.io().MousePos = at(label);
        frame();
        imgui.io().MouseDown[0] = true;
        frame();
        imgui.io().MouseDown[0] = false;
        frame();
    }
    void press(int key) {
        imgui.io().KeysDown[key] = true;
        frame();
        imgui.io().KeysDown[key] = false;
        frame();
    }
    void type(const char* text) {
        for (const char* c = text; *c; ++c) imgui.io().AddInputCharacter(static_cast<unsigned>(*c));
        frame();
    }
    static bool logged(const AttendeeSession& s, const std::string& line) {
        return std::find(s.log().begin(), s.log().end(), line) != s.log().end();
    }
};

}  // namespace

TEST(AttendeeUi, TheBannerEmotesRenameChatAndAHostsKick) {
    Driver d;
    d.frame(0);  // before anything came back from the server
    EXPECT_NE(d.panels.banner.find("Joining hall at 127.0.0.1"), std::string::npos) << d.panels.banner;
    ASSERT_TRUE(d.until([&] { return d.me->joined() && d.other->joined() && d.panels.banner.empty(); }));

    d.click("Wave (1)");
    ASSERT_TRUE(d.until([&] { return Driver::logged(*d.me, "you: wave") && Driver::logged(*d.other, "user1: wave"); }));

    // The name field starts with the token's name; replace it and press the button.
    ASSERT_TRUE(d.until([&] { return d.panels.itemRects.count("##name") > 0; }));
    d.click("##name");
    for (int i = 0; i < 8; ++i) d.press(keys::kBackspace);
    d.type("Ada");
    d.click("Set name");
    ASSERT_TRUE(d.until([&] { return d.me->displayName() == "Ada"; })) << d.me->displayName();
    EXPECT_EQ(d.panels.settings.displayName, "Ada");

    d.click("##say");
    d.type("hello hall");
    d.press(keys::kEnter);
    ASSERT_TRUE(d.until([&] { return Driver::logged(*d.other, "Ada: hello hall"); }));
    d.frame();
    EXPECT_TRUE(d.panels.typing()) << "the chat line keeps the keys after Enter, for the next line";
    d.press(keys::kEnter);  // an empty line sends nothing
    d.frames(20);
    EXPECT_EQ(std::count_if(d.other->log().begin(), d.other->log().end(), [](const std::string& l) { return l.rfind("Ada:", 0) == 0; }), 1);

    // A host sees Kick beside the others; pressing it removes them, and they are told why.
    d.click("Kick user2");
    ASSERT_TRUE(d.until([&] { return d.other->status().state == ConnectionStatus::State::Refused; }));
    EXPECT_NE(d.other->status().message.find("Removed from hall"), std::string::npos) << d.other->status().message;
    EXPECT_TRUE(d.until([&] { return d.me->participants().size() == 1; }));
    EXPECT_EQ(d.panels.itemRects.count("Kick user2"), 0u);
}

// A host looking at a screen gets its controls; pausing and turning the slide reach the others.
// Screens' problems are said in a status line.
TEST(AttendeeUi, AHostControlsTheScreenTheyLookAtForEveryone) {
    Driver d;
    ASSERT_TRUE(d.until([&] { return d.me->joined() && d.other->joined(); }));
    const StableId screen = d.venue.stableId(d.venue.pool<MediaScreen>().entities()[0]);
    ASSERT_TRUE(d.until([&] { return d.other->client().media().count(screen) > 0; })) << "late joiners get the screen's state";
    EXPECT_TRUE(d.other->client().media().at(screen).playing) << "the screen autoplays";
    d.frames(2);
    EXPECT_EQ(d.panels.itemRects.count("Screen play"), 0u) << "no screen looked at, no controls";
    d.panels.screenInView = screen;
    d.panels.screenProblems = {"Screen \"Main screen\": the stream stopped: http://127.0.0.1:9"};
    d.frames(2);
    d.click("Screen play");
    ASSERT_TRUE(d.until([&] { return !d.other->client().media().at(screen).playing; }));
    d.click("Screen next slide");
    ASSERT_TRUE(d.until([&] { return d.other->client().media().at(screen).page == 1; }));
    d.click("Screen start");
    ASSERT_TRUE(d.until([&] { return d.other->client().media().at(screen).position == 0.0; }));
    EXPECT_FALSE(d.other->client().media().at(screen).playing);
}
