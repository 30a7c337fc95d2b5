// A show on a real server with two clients on loopback: a button starts a timeline whose cue
// calls a cue that plays a screen; both clients' followers see the server's state at the same
// server ticks; each event kind fires once per occurrence; per-person effects reach only that
// person; reach, roles and rates are the server's to enforce.
#include <gtest/gtest.h>

#include <map>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;
using EK = ShowEvent::Kind;
using AK = ShowAction::Kind;

namespace {

struct ShowVenue {
    World w;
    Entity lamp, button, far, screen, timeline, control, zone;
    StableId id(Entity e) const { return w.stableId(e); }
    ShowAction add(const char* counter) { return {.kind = AK::AddCounter, .amount = 1.0f, .text = counter}; }
    void bind(Entity on, ShowEvent when, std::vector<ShowAction> actions) {
        if (!w.has<Interactions>(on)) w.add<Interactions>(on, Interactions{});
        w.get<Interactions>(on)->bindings.push_back({std::move(when), {}, std::move(actions), 0.0f});
    }
    ShowVenue() {
        w.add<SpawnPoint>(w.create("Entrance"), SpawnPoint{.radius = 0.5f});
        lamp = w.create("House lights");
        w.add<Light>(lamp, Light{.intensity = 0.0f});
        button = w.create("Start button");
        w.get<Transform>(button)->position = vec3(1, 0, 0);
        w.add<Interactable>(button, Interactable{.prompt = "Start"});
        far = w.create("Far button");
        w.get<Transform>(far)->position = vec3(30, 0, 0);
        w.add<Interactable>(far, Interactable{.prompt = "Far"});
        screen = w.create("Screen");
        w.add<MediaScreen>(screen);
        timeline = w.create("Light show");
        Timeline tl{.length = 2.0f};
        tl.tracks.push_back({id(lamp), TimelineTrack::Property::LightIntensity, {{0.0f, vec4(0)}, {2.0f, vec4(100, 0, 0, 0)}}});
        tl.cues.push_back({1.0f, {{.kind = AK::Cue, .text = "screen"}}});
        w.add<Timeline>(timeline, tl);
        zone = w.create("Entrance zone");
        w.add<Trigger>(zone, Trigger{.halfExtents = vec3(4)});
        control = w.create("Show control");
        bind(button, {.kind = EK::Used},
             {{.kind = AK::StartTimeline, .target = id(timeline)}, add("uses"), {.kind = AK::OpenUrl, .text = "https://example.org/programme"}});
        bind(control, {.kind = EK::Cue, .name = "screen"}, {{.kind = AK::MediaPlay, .target = id(screen)}, add("screens")});
        bind(control, {.kind = EK::Cue, .name = "doors"}, {add("doors"), {.kind = AK::Announce, .text = "Doors open"}});
        bind(control, {.kind = EK::VenueStart}, {add("started")});
        bind(control, {.kind = EK::Timer, .seconds = 0.5f}, {add("timer")});
        bind(control, {.kind = EK::CounterReached, .name = "uses", .value = 1}, {add("reached")});
        bind(zone, {.kind = EK::TriggerEntered}, {add("entered")});
    }
};

// A follower over `venue` given `changes`, sampled at every tick in [from, to]: the lamp's
// intensity by tick.
// (Changes before `from` are applied before its sample.)
std::map<std::uint32_t, float> follow(const World& venue, StableId lamp, const std::vector<ShowChangeMsg>& changes, std::uint32_t from,
                                      std::uint32_t to) {
    World w = venue;
    ShowRunner r(w);
    r.becomeFollower();
    std::map<std::uint32_t, float> out;
    std::size_t next = 0;
    for (std::uint32_t tick = from; tick <= to; ++tick) {
        for (; next < changes.size() && changes[next].serverTick <= tick; ++next) r.follow(changes[next].action, changes[next].serverTime());
        r.update(double(tick) / 60.0);
        out[tick] = w.get<Light>(w.find(lamp))->intensity;
    }
    return out;
}

}  // namespace

TEST(ShowSession, AButtonsChainRunsOnTheServerAndBothClientsSeeTheSameStateAtTheSameTick) {
    ShowVenue v;
    const World clientVenue = v.w;  // what the clients load, before the server adds avatars
    Server server(v.w, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1)}));
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(2, Role::Host)}));
    double t = 0.0;
    std::map<std::uint32_t, float> onServer;  // the lamp at the end of each server tick
    auto record = [&] { onServer[server.tick()] = server.world().get<Light>(server.world().find(v.id(v.lamp)))->intensity; };
    // One after the other: arrivals within a binding's cooldown (the server's flood limit)
    // would count once.
    ASSERT_TRUE(clients[0]->connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, clients, t, 5.0, [&] { return clients[0]->joined() && server.tick() > 10; }));
    ASSERT_TRUE(clients[1]->connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, clients, t, 5.0, [&] {
        record();
        return clients[0]->joined() && clients[1]->joined() && clients[0]->serverTick() > 40 && clients[1]->serverTick() > 40;
    }));

    clients[0]->use(v.id(v.far));     // out of reach: refused
    clients[0]->cue("doors");         // an attendee: refused
    clients[0]->use(v.id(v.button));  // the chain: timeline -> cue -> screen
    clients[1]->cue("doors");
    const StableId screen = v.id(v.screen);
    auto playing = [&](const Client& c) {
        auto it = c.media().find(screen);
        return it != c.media().end() && it->second.playing;
    };
    ASSERT_TRUE(pump(server, clients, t, 5.0, [&] {
        record();
        return playing(*clients[0]) && playing(*clients[1]) && !server.show().running(v.id(v.timeline)) && server.tick() > 200;
    }));
    ASSERT_TRUE(pump(server, clients, t, 0.5, [&] {
                    record();
                    return false;
                }) == false);

    // Each event kind fired once per occurrence.
    ShowRunner& show = server.show();
    EXPECT_EQ(show.counter("started"), 1);
    EXPECT_EQ(show.counter("timer"), 1);
    EXPECT_EQ(show.counter("entered"), 2) << "two arrivals in the zone";
    EXPECT_EQ(show.counter("uses"), 1);
    EXPECT_EQ(show.counter("reached"), 1);
    EXPECT_EQ(show.counter("screens"), 1);
    EXPECT_EQ(show.counter("doors"), 1) << "the host's cue, not the attendee's";
    auto said = [](const Client& c, const std::string& text) {
        return std::any_of(c.notices().begin(), c.notices().end(), [&](const std::string& n) { return n == text; });
    };
    EXPECT_TRUE(said(*clients[0], "too far away to use that"));
    EXPECT_TRUE(said(*clients[0], "only hosts call cues"));

    // Both followers sample exactly the server's lamp at every tick of the show.
    const std::uint32_t from = std::max(clients[0]->showChanges().front().serverTick, onServer.begin()->first), to = server.tick() - 1;
    ASSERT_GT(to, from + 150);
    const auto a = follow(clientVenue, v.id(v.lamp), clients[0]->showChanges(), from, to);
    const auto b = follow(clientVenue, v.id(v.lamp), clients[1]->showChanges(), from, to);
    int lit = 0;
    for (std::uint32_t tick = from; tick <= to; ++tick) {
        ASSERT_TRUE(onServer.count(tick)) << tick;
        ASSERT_EQ(a.at(tick), onServer.at(tick)) << "tick " << tick;
        ASSERT_EQ(b.at(tick), onServer.at(tick)) << "tick " << tick;
        lit += onServer.at(tick) > 0.0f && onServer.at(tick) < 100.0f;
    }
    EXPECT_GT(lit, 100) << "the timeline ran between its keys for two seconds";
    EXPECT_FLOAT_EQ(onServer.at(to), 100.0f);

    // The URL only for the person who pressed; the announcement for everyone.
    auto effect = [](const Client& c, ShowEffect::Kind k) {
        return std::count_if(c.showEffects().begin(), c.showEffects().end(), [&](const ShowEffectMsg& e) { return e.kind == k; });
    };
    EXPECT_EQ(effect(*clients[0], ShowEffect::Kind::OpenUrl), 1);
    EXPECT_EQ(effect(*clients[1], ShowEffect::Kind::OpenUrl), 0);
    EXPECT_EQ(effect(*clients[0], ShowEffect::Kind::Announce), 1);
    EXPECT_EQ(effect(*clients[1], ShowEffect::Kind::Announce), 1);
}

TEST(ShowSession, ALateJoinerCatchesUpWithTheShowSoFar) {
    ShowVenue v;
    const World clientVenue = v.w;
    Server server(v.w, {.venueId = kTestVenue, .secret = kTestSecret});
    ASSERT_TRUE(server.start().ok());
    std::vector<std::unique_ptr<Client>> first;
    first.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1)}));
    ASSERT_TRUE(first[0]->connect("127.0.0.1", server.port()).ok());
    double t = 0.0;
    ASSERT_TRUE(pump(server, first, t, 5.0, [&] { return first[0]->joined(); }));
    first[0]->use(v.id(v.button));
    ASSERT_TRUE(pump(server, first, t, 1.5, [&] { return server.show().running(v.id(v.timeline)); }));
    ASSERT_TRUE(pump(server, first, t, 0.5, [] { return false; }) == false);  // into the show
    std::vector<std::unique_ptr<Client>> both;
    both.push_back(std::move(first[0]));
    both.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(3)}));
    ASSERT_TRUE(both[1]->connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, both, t, 5.0, [&] { return both[1]->joined() && both[1]->serverTick() > 0; }));
    World late = clientVenue;
    ShowRunner follower(late);
    both[1]->applyShow(follower);
    const std::uint32_t tick = both[1]->serverTick();
    follower.update(double(tick) / 60.0);
    const auto early = follow(clientVenue, v.id(v.lamp), both[0]->showChanges(), both[0]->showChanges().front().serverTick, tick);
    EXPECT_EQ(late.get<Light>(late.find(v.id(v.lamp)))->intensity, early.at(tick));
    EXPECT_GT(early.at(tick), 0.0f);
    EXPECT_TRUE(follower.running(v.id(v.timeline)) || early.at(tick) == 100.0f);
    auto it = both[1]->media().find(v.id(v.screen));
    EXPECT_TRUE(it == both[1]->media().end() || it->second.playing == (server.show().counter("screens") > 0));
}
