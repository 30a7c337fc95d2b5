// Two attendees in one venue through a real server on 127.0.0.1: they see each other, one takes
// the nearest free seat and the other sees it seated (and animated so), chat reaches both.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "atrium/net/server.hpp"
#include "attendee_session.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

World makeVenue() {
    World w;
    Entity floor = w.create("Floor");
    w.get<Transform>(floor)->position = {0, -0.5f, 0};
    w.add<Collider>(floor, Collider{.halfExtents = {30, 0.5f, 30}});
    Entity spawn = w.create("Lobby");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1.0f});
    for (int i = 0; i < 3; ++i) {
        Entity seat = w.create("Seat " + std::to_string(i + 1));
        w.get<Transform>(seat)->position = {4.0f + float(i), 0, 0};
        w.add<Seat>(seat);
    }
    w.updateTransforms();
    return w;
}

struct Event {
    // One venue, as the server and both apps load it from one file: the same stable ids.
    World venue = makeVenue();
    World serverWorld = venue, venueA = venue, venueB = venue;
    net::Server server{serverWorld, {.venueId = test::kTestVenue, .secret = test::kTestSecret}};
    std::unique_ptr<AttendeeSession> a, b;
    double t = 0.0;
    Event() {
        EXPECT_TRUE(server.start().ok());
        auto link = [&](std::uint64_t user) { return net::JoinLink{"127.0.0.1", server.port(), test::kTestVenue, test::joinToken(user)}; };
        a = std::make_unique<AttendeeSession>(venueA, link(1));
        b = std::make_unique<AttendeeSession>(venueB, link(2));
        EXPECT_TRUE(a->connect().ok());
        EXPECT_TRUE(b->connect().ok());
    }
    // Runs everyone in 5 ms steps until `done` or `seconds`; A holds `keys`.
    template <typename Done>
    bool run(double seconds, Done done, vec2 keys = vec2(0.0f)) {
        for (double end = t + seconds; t < end;) {
            t += 0.005;
            server.update(t);
            if (a) a->update(t, 0.005f, keys);
            b->update(t, 0.005f);
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    }
    static bool sees(const AttendeeSession& s, const std::string& name, bool seated = false) {
        auto p = s.participants();
        return std::any_of(p.begin(), p.end(),
                           [&](const Participant& x) { return x.name == name && !x.me && x.inView && (!seated || x.seated); });
    }
    static bool logged(const AttendeeSession& s, const std::string& line) {
        return std::find(s.log().begin(), s.log().end(), line) != s.log().end();
    }
};

}  // namespace

TEST(AttendeeSession, TwoAttendeesSeeEachOtherSitAndChat) {
    Event e;
    ASSERT_TRUE(e.run(5.0, [&] { return Event::sees(*e.a, "user2") && Event::sees(*e.b, "user1"); }));
    EXPECT_TRUE(Event::logged(*e.b, "user1 is here"));
    std::string why;
    EXPECT_FALSE(e.a->sitNearest(&why)) << "the seats are 3 m away from the spawn point";
    EXPECT_EQ(why, "no free seat within 2 m");
    // Walk right (+x, the camera looks -z) towards the seats, then sit.
    e.run(
        1.6, [] { return false; }, vec2(1, 0));
    ASSERT_TRUE(e.a->sitNearest(&why)) << why << " at x = " << e.a->position().x;
    ASSERT_TRUE(e.run(3.0, [&] { return e.a->seated() && Event::sees(*e.b, "user1", true); })) << [&] {
        std::string log;
        for (const auto& l : e.a->log()) log += l + "\n";
        return log + "seated " + std::to_string(e.a->seated());
    }();
    // On B's screen A is seated, and so animated: B's crowd sits A down.
    ASSERT_TRUE(e.run(1.0,
                      [&] {
                          for (const Participant& p : e.b->participants()) {
                              if (p.name != "user1") continue;
                              Entity shown = e.venueB.findByName("user1");
                              const AvatarAnimator* anim = e.b->crowd().animator(e.venueB.stableId(shown));
                              return anim && anim->state() == AvatarAnimator::State::Seated;
                          }
                          return false;
                      }))
        << [&] {
               const AvatarAnimator* anim = e.b->crowd().animator(e.venueB.stableId(e.venueB.findByName("user1")));
               Entity shown = e.venueB.findByName("user1");
               return (anim ? std::string(toString(anim->state())) : std::string("no animator")) + " seat valid " +
                      std::to_string(e.venueB.get<Avatar>(shown)->seat.valid()) + " seated " + std::to_string(Event::sees(*e.b, "user1", true));
           }();
    e.a->chat("hello from the front row");
    ASSERT_TRUE(e.run(3.0, [&] { return Event::logged(*e.b, "user1: hello from the front row"); }));
    e.a->standUp();
    ASSERT_TRUE(e.run(3.0, [&] { return !e.a->seated() && !Event::sees(*e.b, "user1", true); }));
    // A leaves: B is told.
    // Emotes go through the server to everyone, the sender included, and play on the avatar.
    e.a->emote(Emote::Cheer);
    ASSERT_TRUE(e.run(3.0, [&] { return Event::logged(*e.b, "user1: cheer") && Event::logged(*e.a, "you: cheer"); }));
    const AvatarAnimator* cheering = e.b->crowd().animator(e.venueB.stableId(e.venueB.findByName("user1")));
    ASSERT_NE(cheering, nullptr);
    EXPECT_EQ(cheering->emote(), Emote::Cheer);
    // The list of who is here comes from the server, with roles.
    auto people = e.b->participants();
    EXPECT_EQ(people.size(), 2u);
    // A leaves: B is told, and the list shrinks.
    e.a.reset();
    EXPECT_TRUE(e.run(5.0, [&] { return Event::logged(*e.b, "user1 left"); }));
    EXPECT_TRUE(e.run(5.0, [&] { return e.b->participants().size() == 1; }));
}
