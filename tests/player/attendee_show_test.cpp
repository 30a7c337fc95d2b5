// An attendee and a host with a show through a real server on 127.0.0.1: the button in reach
// is prompted and pressing E (useInReach) uses it, the server's show changes reach the
// attendee's World through its follower, a click on the button is a Use, and the host sees the
// venue's cues.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "atrium/net/server.hpp"
#include "attendee_session.hpp"
#include "click_action.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

World makeShowVenue() {
    World w;
    w.add<SpawnPoint>(w.create("Lobby"), SpawnPoint{.radius = 0.5f});
    Entity lamp = w.create("Lamp");
    w.add<Light>(lamp, Light{.intensity = 10.0f});
    Entity curtain = w.create("Curtain");
    w.add<MeshRenderer>(curtain, MeshRenderer{.mesh = "builtin:box"});
    Entity button = w.create("Lectern button");
    w.get<Transform>(button)->position = vec3(1.0f, 1.0f, 0.0f);
    w.add<Interactable>(button, Interactable{.prompt = "Open the curtain"});
    ShowBinding open;
    open.when.kind = ShowEvent::Kind::Used;
    open.actions.push_back({.kind = ShowAction::Kind::Hide, .target = w.stableId(curtain)});
    w.add<Interactions>(button, Interactions{{open}});
    Entity control = w.create("Show control");
    ShowBinding lightsUp;
    lightsUp.when.kind = ShowEvent::Kind::Cue;
    lightsUp.when.name = "Lights up";
    lightsUp.actions.push_back({.kind = ShowAction::Kind::SetLight, .target = w.stableId(lamp), .value = vec3(1), .amount = 500.0f});
    w.add<Interactions>(control, Interactions{{lightsUp}});
    Entity far = w.create("Far button");
    w.get<Transform>(far)->position = vec3(20.0f, 1.0f, 0.0f);
    w.add<Interactable>(far, Interactable{.prompt = "Far away"});
    w.updateTransforms();
    return w;
}

}  // namespace

TEST(AttendeeShow, TheButtonInReachIsPromptedUsedWithEAndTheHostCuesTheShow) {
    const World venue = makeShowVenue();
    World serverWorld = venue, attendeeWorld = venue, hostWorld = venue;
    net::Server server{serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret}};
    ASSERT_TRUE(server.start().ok());
    auto link = [&](std::uint64_t user, net::Role role) {
        return net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, test::joinToken(user, role)};
    };
    AttendeeSession attendee(attendeeWorld, link(1, net::Role::Attendee));
    AttendeeSession host(hostWorld, link(2, net::Role::Host));
    ASSERT_TRUE(attendee.connect().ok());
    ASSERT_TRUE(host.connect().ok());
    double t = 0.0;
    auto run = [&](double seconds, auto done) {
        for (double end = t + seconds; t < end;) {
            t += 0.005;
            server.update(t);
            attendee.update(t, 0.005f);
            host.update(t, 0.005f);
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    };
    ASSERT_TRUE(run(5.0, [&] { return attendee.joined() && host.joined() && attendee.client().serverTick() > 0; }));
    EXPECT_EQ(attendee.promptInReach(), "E: Open the curtain");
    EXPECT_EQ(attendee.interactableInReach(), attendeeWorld.findByName("Lectern button"));
    ASSERT_TRUE(attendee.useInReach());
    const Entity curtain = attendeeWorld.findByName("Curtain");
    ASSERT_TRUE(run(3.0, [&] { return !attendeeWorld.get<MeshRenderer>(curtain)->visible; })) << "the server's change, in the attendee's World";
    EXPECT_FALSE(serverWorld.get<MeshRenderer>(serverWorld.findByName("Curtain"))->visible);
    EXPECT_FALSE(hostWorld.get<MeshRenderer>(hostWorld.findByName("Curtain"))->visible);

    // A click on a button is a Use; one out of reach is walked to, not used from afar.
    const Entity far = attendeeWorld.findByName("Far button");
    const ClickAction click = clickActionFor(attendeeWorld, far, vec3(20, 1, 0), {}, attendee.position());
    EXPECT_EQ(click.kind, ClickAction::Kind::Use);
    EXPECT_EQ(click.target, far);

    // The host's control panel lists the venue's cues; the attendee's cue is refused.
    ASSERT_EQ(host.cues(), std::vector<std::string>{"Lights up"});
    attendee.cue("Lights up");
    ASSERT_TRUE(run(
        3.0, [&] { return std::find(attendee.log().begin(), attendee.log().end(), "notice: only hosts call cues") != attendee.log().end(); }));
    EXPECT_FLOAT_EQ(attendeeWorld.get<Light>(attendeeWorld.findByName("Lamp"))->intensity, 10.0f);
    host.cue("Lights up");
    ASSERT_TRUE(run(3.0, [&] { return attendeeWorld.get<Light>(attendeeWorld.findByName("Lamp"))->intensity == 500.0f; }));
}
