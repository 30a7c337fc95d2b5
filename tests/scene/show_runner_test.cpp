// Interactions and timelines run by the ShowRunner: each event kind fires its actions once per
// occurrence, conditions and roles gate them, tweens and timelines land on their keyframes, cues
// chain, the strobe limit holds, and a binding to a deleted entity is reported, not a crash.
#include <gtest/gtest.h>

#include <algorithm>

#include "atrium/scene/show/light_show.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
using EK = ShowEvent::Kind;
using AK = ShowAction::Kind;

namespace {

struct Stage {
    World w;
    Entity lamp, curtain, trigger, button, screen, show, person, host;
    StableId id(Entity e) const { return w.stableId(e); }
    Stage() {
        lamp = w.create("House lights");
        w.add<Light>(lamp, Light{.color = vec3(1.0f), .intensity = 100.0f});
        curtain = w.create("Curtain");
        w.add<MeshRenderer>(curtain, MeshRenderer{.mesh = "builtin:box"});
        Entity fold = w.create("Curtain fold");
        EXPECT_TRUE(w.setParent(fold, curtain).ok());
        w.add<MeshRenderer>(fold, MeshRenderer{.mesh = "builtin:box"});
        trigger = w.create("Stage zone");
        w.add<Trigger>(trigger, Trigger{.halfExtents = vec3(3)});
        button = w.create("Start button");
        w.add<Interactable>(button, Interactable{.prompt = "Start the show", .role = RoleFilter::Staff});
        screen = w.create("Screen");
        w.add<MediaScreen>(screen);
        show = w.create("Light show");
        person = w.create("Ada");
        w.add<Avatar>(person, Avatar{.displayName = "Ada"});
        host = w.create("Hal");
        w.add<Avatar>(host, Avatar{.displayName = "Hal"});
    }
    Interactions& interactions(Entity on) {
        if (!w.has<Interactions>(on)) w.add<Interactions>(on, Interactions{});
        return *w.get<Interactions>(on);
    }
    void bind(Entity on, ShowEvent when, std::vector<ShowAction> actions, std::vector<ShowCondition> conditions = {}) {
        interactions(on).bindings.push_back({std::move(when), std::move(conditions), std::move(actions), 0.0f});
    }
    ShowAction add(const char* counter, float n = 1.0f) { return {.kind = AK::AddCounter, .amount = n, .text = counter}; }
    ShowRunner::RoleOf roles() {
        StableId hostId = id(host);
        return [hostId](StableId a) { return a == hostId ? PersonRole::Host : PersonRole::Attendee; };
    }
};

RuleEvent triggerEvent(RuleEvent::Kind k, StableId who, StableId trigger) { return {k, who, trigger, {}, {}}; }

}  // namespace

TEST(ShowRunner, EachEventKindFiresItsActionsOncePerOccurrence) {
    Stage s;
    s.bind(s.trigger, {.kind = EK::TriggerEntered}, {s.add("entered")});
    s.bind(s.trigger, {.kind = EK::TriggerLeft}, {s.add("left")});
    s.bind(s.button, {.kind = EK::Used}, {s.add("used")});
    s.bind(s.show, {.kind = EK::Timer, .seconds = 2.0f}, {s.add("once")});
    s.bind(s.show, {.kind = EK::Timer, .seconds = 1.0f, .repeat = true}, {s.add("ticks")});
    s.bind(s.show, {.kind = EK::VenueStart}, {s.add("started")});
    s.bind(s.show, {.kind = EK::MediaEnded, .source = s.id(s.screen)}, {s.add("ended")});
    s.bind(s.show, {.kind = EK::Cue, .name = "doors"}, {s.add("doors")});
    s.bind(s.show, {.kind = EK::CounterReached, .name = "used", .value = 2}, {s.add("twice")});
    ShowRunner r(s.w, s.roles());
    r.start(0.0);
    EXPECT_EQ(r.counter("started"), 1);
    const RuleEvent in[] = {triggerEvent(RuleEvent::Kind::TriggerEnter, s.id(s.person), s.id(s.trigger))};
    const RuleEvent out[] = {triggerEvent(RuleEvent::Kind::TriggerLeave, s.id(s.person), s.id(s.trigger))};
    r.update(0.1, in);
    r.update(0.2, out);
    r.update(0.3, in);
    EXPECT_EQ(r.counter("entered"), 2);
    EXPECT_EQ(r.counter("left"), 1);
    EXPECT_FALSE(r.use(s.id(s.button), s.id(s.person), 0.4)) << "staff only";
    EXPECT_TRUE(r.use(s.id(s.button), s.id(s.host), 0.5));
    EXPECT_TRUE(r.use(s.id(s.button), s.id(s.host), 0.6));
    EXPECT_EQ(r.counter("used"), 2);
    EXPECT_EQ(r.counter("twice"), 1);
    EXPECT_TRUE(r.use(s.id(s.button), s.id(s.host), 0.7));
    EXPECT_EQ(r.counter("twice"), 1) << "reached once, not again at 3";
    r.mediaEnded(s.id(s.screen), 0.8);
    r.mediaEnded(s.id(s.button), 0.8);  // another screen: not this binding's
    EXPECT_EQ(r.counter("ended"), 1);
    r.cue("doors", 0.9);
    r.cue("lights", 0.9);
    EXPECT_EQ(r.counter("doors"), 1);
    for (int i = 1; i <= 50; ++i) r.update(0.9 + i * 0.1);  // to t = 5.9
    EXPECT_EQ(r.counter("once"), 1);
    EXPECT_EQ(r.counter("ticks"), 5);
    EXPECT_EQ(r.firings(), 2u + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 5);
}

TEST(ShowRunner, ConditionsCooldownsLayersAndDisabledGateTheActions) {
    Stage s;
    s.bind(s.show, {.kind = EK::Cue, .name = "go"}, {s.add("went")}, {{"armed", ShowCondition::Op::Equal, 1}});
    s.bind(s.show, {.kind = EK::Cue, .name = "arm"}, {{.kind = AK::SetCounter, .amount = 1, .text = "armed"}});
    // Built field by field: GCC 12 warns of a maybe-uninitialised string in the nested aggregate otherwise.
    ShowBinding people;
    people.when.kind = EK::TriggerEntered;
    people.when.layers = kAvatarLayer;
    people.actions.push_back(s.add("people"));
    people.cooldown = 1.0f;
    s.interactions(s.trigger).bindings.push_back(people);
    Entity crate = s.w.create("Crate");
    s.w.add<Collider>(crate, Collider{.layer = 2});
    ShowRunner r(s.w);
    r.start(0.0);
    r.cue("go", 0.0);
    EXPECT_EQ(r.counter("went"), 0) << "not armed";
    r.cue("arm", 0.0);
    r.cue("go", 0.0);
    EXPECT_EQ(r.counter("went"), 1);
    const RuleEvent person[] = {triggerEvent(RuleEvent::Kind::TriggerEnter, s.id(s.person), s.id(s.trigger))};
    const RuleEvent box[] = {triggerEvent(RuleEvent::Kind::TriggerEnter, s.w.stableId(crate), s.id(s.trigger))};
    r.update(0.1, box);
    EXPECT_EQ(r.counter("people"), 0) << "a crate is not on the avatar layer";
    r.update(0.2, person);
    r.update(0.5, person);  // inside the 1 s cooldown: a crowd walking through is one firing
    EXPECT_EQ(r.counter("people"), 1);
    r.update(1.3, person);
    EXPECT_EQ(r.counter("people"), 2);
    // Disabled, the trigger does nothing until enabled again.
    s.bind(s.show, {.kind = EK::Cue, .name = "off"}, {{.kind = AK::Disable, .target = s.id(s.trigger)}});
    s.bind(s.show, {.kind = EK::Cue, .name = "on"}, {{.kind = AK::Enable, .target = s.id(s.trigger)}});
    r.rebuild();
    r.cue("off", 3.0);
    r.update(3.0, person);
    EXPECT_EQ(r.counter("people"), 2);
    r.cue("on", 4.5);
    r.update(4.5, person);
    EXPECT_EQ(r.counter("people"), 3);
}

TEST(ShowRunner, ActionsShowHideTweenLightsAndHandOutEffects) {
    Stage s;
    StableId lamp = s.id(s.lamp), curtain = s.id(s.curtain);
    s.bind(s.show, {.kind = EK::Cue, .name = "dim"},
           {{.kind = AK::SetLight, .target = lamp, .value = vec3(0.2f, 0.2f, 0.4f), .amount = 10.0f, .seconds = 2.0f, .easing = Easing::Linear},
            {.kind = AK::Hide, .target = curtain},
            {.kind = AK::MoveTo, .target = curtain, .value = vec3(0, 8, 0), .seconds = 1.0f, .easing = Easing::EaseInOut},
            {.kind = AK::MediaPlay, .target = s.id(s.screen)},
            {.kind = AK::Announce, .text = "The show begins"}});
    s.bind(s.button, {.kind = EK::Used},
           {{.kind = AK::Teleport, .target = s.id(s.trigger)}, {.kind = AK::OpenUrl, .text = "https://example.org"}});
    s.w.get<Interactable>(s.button)->role = RoleFilter::Anyone;
    ShowRunner r(s.w);
    r.start(0.0);
    r.cue("dim", 1.0);
    EXPECT_FALSE(s.w.get<MeshRenderer>(s.curtain)->visible);
    EXPECT_FALSE(s.w.get<MeshRenderer>(s.w.findByName("Curtain fold"))->visible) << "children hide too";
    r.update(2.0);  // halfway through the light's fade, done with the move
    EXPECT_NEAR(s.w.get<Light>(s.lamp)->intensity, 55.0f, 0.01f);
    EXPECT_NEAR(s.w.get<Light>(s.lamp)->color.z, 0.7f, 1e-4f);
    EXPECT_NEAR(s.w.get<Transform>(s.curtain)->position.y, 8.0f, 1e-4f);
    r.update(3.5);
    EXPECT_NEAR(s.w.get<Light>(s.lamp)->intensity, 10.0f, 1e-4f);
    EXPECT_EQ(r.activeTweens(), 0u);
    std::vector<ShowEffect> fx = r.takeEffects();
    ASSERT_EQ(fx.size(), 2u);
    EXPECT_EQ(fx[0].kind, ShowEffect::Kind::MediaPlay);
    EXPECT_EQ(fx[0].target, s.id(s.screen));
    EXPECT_EQ(fx[1].kind, ShowEffect::Kind::Announce);
    EXPECT_EQ(fx[1].text, "The show begins");
    // Per-person effects name the person who set them off.
    ASSERT_TRUE(r.use(s.id(s.button), s.id(s.person), 4.0));
    fx = r.takeEffects();
    ASSERT_EQ(fx.size(), 2u);
    EXPECT_EQ(fx[0].kind, ShowEffect::Kind::Teleport);
    EXPECT_EQ(fx[0].person, s.id(s.person));
    EXPECT_EQ(fx[1].kind, ShowEffect::Kind::OpenUrl);
    EXPECT_TRUE(r.takeEffects().empty());
}

TEST(ShowRunner, ATimelineLandsOnItsKeyframesFiresCuesAndLoops) {
    Stage s;
    Timeline tl{.length = 4.0f, .loop = true};
    tl.tracks.push_back({s.id(s.lamp), TimelineTrack::Property::LightIntensity, {{0.0f, vec4(0)}, {2.0f, vec4(100, 0, 0, 0)}, {4.0f, vec4(0)}}});
    tl.tracks.push_back({s.id(s.curtain), TimelineTrack::Property::Position, {{0.0f, vec4(0)}, {4.0f, vec4(4, 0, 0, 0), Easing::EaseIn}}});
    tl.cues.push_back({3.0f, {s.add("beats")}});
    s.w.add<Timeline>(s.show, tl);
    s.bind(s.button, {.kind = EK::Used}, {{.kind = AK::StartTimeline, .target = s.id(s.show)}});
    s.w.get<Interactable>(s.button)->role = RoleFilter::Anyone;
    ShowRunner r(s.w);
    r.start(0.0);
    EXPECT_FALSE(r.running(s.id(s.show)));
    ASSERT_TRUE(r.use(s.id(s.button), s.id(s.person), 10.0));
    EXPECT_TRUE(r.running(s.id(s.show)));
    r.update(11.0);
    EXPECT_NEAR(s.w.get<Light>(s.lamp)->intensity, 50.0f, 1e-3f);
    EXPECT_NEAR(s.w.get<Transform>(s.curtain)->position.x, 4.0f * 0.25f * 0.25f, 1e-4f) << "ease-in at a quarter";
    r.update(12.0);
    EXPECT_NEAR(s.w.get<Light>(s.lamp)->intensity, 100.0f, 1e-3f);
    EXPECT_EQ(r.counter("beats"), 0);
    r.update(13.5);
    EXPECT_EQ(r.counter("beats"), 1);
    for (double t = 13.6; t < 21.9; t += 0.1) r.update(t);  // two more loops: two more beats
    EXPECT_EQ(r.counter("beats"), 3);
    EXPECT_TRUE(r.running(s.id(s.show)));
    EXPECT_FLOAT_EQ(sampleTrack(tl.tracks[0], 1.0f).x, 50.0f);
    EXPECT_FLOAT_EQ(sampleTrack(tl.tracks[0], 9.0f).x, 0.0f) << "clamped past the last key";
}

TEST(ShowRunner, AStrobeFasterThanTheSafetyLimitIsSlowedToIt) {
    Stage s;
    // On and off ten times a second, for two seconds.
    TimelineTrack strobe{s.id(s.curtain), TimelineTrack::Property::Visible, {}};
    for (int i = 0; i <= 40; ++i) strobe.keys.push_back({i * 0.05f, vec4(i % 2 ? 1.0f : 0.0f, 0, 0, 0), Easing::Step});
    s.w.add<Timeline>(s.show, Timeline{.length = 2.0f, .autoplay = true, .tracks = {strobe}, .maxFlashesPerSecond = 3.0f});
    ShowRunner r(s.w);
    r.start(0.0);
    int flashes = 0;
    bool was = s.w.get<MeshRenderer>(s.curtain)->visible;
    for (int i = 1; i <= 120; ++i) {  // 60 Hz
        r.update(i / 60.0);
        bool now = s.w.get<MeshRenderer>(s.curtain)->visible;
        flashes += now && !was;
        was = now;
    }
    EXPECT_GE(flashes, 4);
    EXPECT_LE(flashes, 6) << "at most 3 a second over 2 s (20 asked for)";
}

TEST(ShowRunner, BindingsSurviveSaveLoadAndRenamesAndADeletedTargetIsReported) {
    Stage s;
    s.bind(s.button, {.kind = EK::Used, .role = RoleFilter::Host}, {{.kind = AK::Hide, .target = s.id(s.curtain)}},
           {{"round", ShowCondition::Op::Less, 3}});
    s.w.add<Timeline>(s.show, Timeline{.length = 3.0f,
                                       .tracks = {{s.id(s.lamp), TimelineTrack::Property::LightColor, {{0, vec4(1)}, {3, vec4(0)}}}},
                                       .cues = {{1.5f, {{.kind = AK::Announce, .text = "half way"}}}}});
    Result<World> back = loadVenueFromString(saveVenueToString(s.w), "show.venue.json");
    ASSERT_TRUE(back) << back.error().toString();
    Entity b = back->findByName("Start button");
    ASSERT_TRUE(back->has<Interactions>(b));
    EXPECT_EQ(*back->get<Interactions>(b), *s.w.get<Interactions>(s.button));
    EXPECT_EQ(*back->get<Timeline>(back->findByName("Light show")), *s.w.get<Timeline>(s.show));
    EXPECT_EQ(*back->get<Interactable>(b), *s.w.get<Interactable>(s.button));
    // A rename changes nothing: bindings hold stable ids.
    back->get<Name>(back->findByName("Curtain"))->value = "Main curtain";
    ShowRunner r(*back, [](StableId) { return PersonRole::Host; });
    r.start(0);
    EXPECT_TRUE(r.problems().empty());
    ASSERT_TRUE(r.use(back->stableId(b), s.id(s.host), 1.0));
    EXPECT_FALSE(back->get<MeshRenderer>(back->findByName("Main curtain"))->visible);
    // The curtain deleted: reported, and using the button is harmless.
    back->destroy(back->findByName("Main curtain"));
    back->destroy(back->findByName("House lights"));
    r.rebuild();
    ASSERT_EQ(r.problems().size(), 2u);
    EXPECT_NE(r.problems()[0].find("action target"), std::string::npos) << r.problems()[0];
    EXPECT_NE(r.problems()[1].find("track's target"), std::string::npos) << r.problems()[1];
    EXPECT_TRUE(r.use(back->stableId(b), s.id(s.host), 2.0));
    r.start(2.0);
    r.update(3.0);
}

TEST(ShowRunner, ABrokenBindingInAVenueFileNamesItsJsonPath) {
    const char* venue = R"({"format": "atrium.venue", "version": 1, "name": "x", "entities": [
        {"id": "0000000000000001", "name": "Button", "components": {
            "interactable": {"prompt": "Go"},
            "interactions": {"bindings": [
                {"when": {"kind": "used"}, "actions": [{"kind": "hide"}]},
                {"when": {"kind": "pressed"}, "actions": [{"kind": "openUrl", "text": "file:///etc/passwd"}]}]}}}]})";
    VenueLoadReport report;
    Result<World> w = loadVenueFromString(venue, "broken.venue.json", &report);
    ASSERT_FALSE(w);
    const std::string all = toString(report.errors);
    EXPECT_NE(all.find("interactions.bindings[0].actions[0].target"), std::string::npos) << all;
    EXPECT_NE(all.find("interactions.bindings[1].when.kind"), std::string::npos) << all;
    EXPECT_NE(all.find("\"pressed\""), std::string::npos) << all;
    EXPECT_NE(all.find("bindings[1].actions[0].text"), std::string::npos) << all;
}

TEST(ShowRunner, AFollowerGivenTheChangesSamplesTheSameStateAtTheSameTime) {
    Stage s;
    Timeline tl{.length = 2.0f};
    tl.tracks.push_back({s.id(s.lamp), TimelineTrack::Property::LightIntensity, {{0.0f, vec4(0)}, {2.0f, vec4(80, 0, 0, 0)}}});
    tl.cues.push_back({1.0f, {s.add("beats"), {.kind = AK::Hide, .target = s.id(s.curtain)}}});
    s.w.add<Timeline>(s.show, tl);
    s.bind(s.button, {.kind = EK::Used},
           {{.kind = AK::StartTimeline, .target = s.id(s.show)},
            {.kind = AK::MoveTo, .target = s.id(s.curtain), .value = vec3(2, 0, 0), .seconds = 1.0f}});
    s.w.get<Interactable>(s.button)->role = RoleFilter::Anyone;
    World copy = s.w;
    ShowRunner server(s.w);
    server.recordChanges();
    ShowRunner client(copy);
    client.becomeFollower();
    server.start(0.0);
    ASSERT_TRUE(server.use(s.id(s.button), s.id(s.person), 0.5));
    for (int tick = 31; tick <= 180; ++tick) {
        const double now = tick / 60.0;
        server.update(now);
        for (const ShowChange& c : server.takeChanges()) client.follow(c.action, c.at);
        client.update(now);
        ASSERT_EQ(copy.get<Light>(s.lamp)->intensity, s.w.get<Light>(s.lamp)->intensity) << "tick " << tick;
        ASSERT_EQ(copy.get<Transform>(s.curtain)->position, s.w.get<Transform>(s.curtain)->position) << "tick " << tick;
        ASSERT_EQ(copy.get<MeshRenderer>(s.curtain)->visible, s.w.get<MeshRenderer>(s.curtain)->visible) << "tick " << tick;
    }
    EXPECT_EQ(server.counter("beats"), 1);
    EXPECT_EQ(client.counter("beats"), 1) << "the counter's value came as a change";
    EXPECT_FALSE(copy.get<MeshRenderer>(s.curtain)->visible);
    EXPECT_TRUE(client.takeEffects().empty());
}

TEST(ShowRunner, AFollowerFiresNoBindingOfItsOwn) {
    Stage s;
    s.bind(s.button, {.kind = EK::Used}, {s.add("used"), {.kind = AK::Announce, .text = "hello"}});
    s.bind(s.show, {.kind = EK::VenueStart}, {s.add("started")});
    ShowRunner r(s.w, s.roles());
    r.becomeFollower();
    r.start(0.0);
    r.use(s.id(s.button), s.id(s.host), 1.0);
    r.cue("doors", 1.0);
    r.update(2.0);
    EXPECT_EQ(r.counter("started"), 0);
    EXPECT_EQ(r.counter("used"), 0);
    EXPECT_TRUE(r.takeEffects().empty());
}

// The light-show kit's presets: a sweep lands on its swing, a chase lights one spot at a time,
// and a strobe asked for ten flashes a second flashes at most three.
TEST(LightShow, PresetsSweepChaseAndStrobeWithinTheSafetyLimit) {
    World w;
    std::vector<LightShowSpot> spots;
    for (int i = 0; i < 4; ++i) {
        Entity e = w.create("Spot " + std::to_string(i + 1));
        w.add<Light>(e, Light{.type = Light::Type::Spot, .intensity = 1000.0f});
        spots.push_back({w.stableId(e), vec3(-90, 0, 0), 1000.0f});
    }
    const Timeline sweep = lightShowTimeline(LightShowPreset::Sweep, spots, {.seconds = 8.0f, .swingDegrees = 30.0f});
    ASSERT_EQ(sweep.tracks.size(), 8u);
    EXPECT_TRUE(sweep.loop);
    EXPECT_FLOAT_EQ(sampleTrack(sweep.tracks[0], 0.0f).z, 30.0f);
    EXPECT_FLOAT_EQ(sampleTrack(sweep.tracks[2], 0.0f).z, -30.0f) << "neighbours in opposition";
    EXPECT_FLOAT_EQ(sampleTrack(sweep.tracks[0], 4.0f).z, -30.0f);

    const Timeline chase = lightShowTimeline(LightShowPreset::Chase, spots, {.seconds = 4.0f});
    for (int i = 0; i < 4; ++i) {
        int on = 0;
        for (const TimelineTrack& t : chase.tracks) on += sampleTrack(t, float(i) + 0.5f).x > 0.0f;
        EXPECT_EQ(on, 1) << "one spot at a time, second " << i;
        EXPECT_GT(sampleTrack(chase.tracks[std::size_t(i)], float(i) + 0.5f).x, 0.0f);
    }

    Entity show = w.create("Strobe");
    w.add<Timeline>(show, lightShowTimeline(LightShowPreset::Strobe, spots, {.seconds = 4.0f, .flashesPerSecond = 10.0f}));
    EXPECT_LE(w.get<Timeline>(show)->maxFlashesPerSecond, kMaxSafeFlashesPerSecond);
    // Edited to flash ten times a second anyway: the runner's limit still holds.
    TimelineTrack& t = w.get<Timeline>(show)->tracks[0];
    t.keys.clear();
    for (int i = 0; i < 40; ++i) t.keys.push_back({i * 0.05f, vec4(i % 2 ? 0.0f : 1000.0f, 0, 0, 0), Easing::Step});
    w.get<Timeline>(show)->loop = false;
    w.get<Timeline>(show)->autoplay = true;
    ShowRunner r(w);
    r.start(0.0);
    int flashes[2] = {0, 0};
    bool was[2] = {false, false};
    for (int tick = 1; tick <= 180; ++tick) {  // three seconds at 60 Hz
        r.update(tick / 60.0);
        for (int s = 0; s < 2; ++s) {
            const bool on = w.get<Light>(w.find(spots[std::size_t(s)].light))->intensity > 0.0f;
            flashes[s] += on && !was[s];
            was[s] = on;
        }
    }
    EXPECT_LE(flashes[0], 10) << "edited keys: at most 3 a second";
    EXPECT_GE(flashes[0], 3);
    EXPECT_LE(flashes[1], 10) << "the preset's own keys";
    EXPECT_GE(flashes[1], 6);
}

// The samples' shows, as their venue files wire them (no code): the concert hall's host cue
// dims the house lights, starts the light show and plays the screen; the expo's booth button
// plays its booth's video.
TEST(SampleShows, TheConcertHallsStartShowCueDimsTheHouseStartsTheLightsAndTheScreen) {
    Result<World> hall = loadVenue(std::string(ATRIUM_SOURCE_DIR) + "/samples/concert_hall/concert_hall.venue.json");
    ASSERT_TRUE(hall) << hall.error().toString();
    World& w = *hall;
    ShowRunner r(w);
    EXPECT_TRUE(r.problems().empty()) << r.problems().front();
    r.start(0.0);
    const Entity house = w.findByName("House light 1"), sweep = w.findByName("Light show: sweep"), chase = w.findByName("Light show: chase");
    const float before = w.get<Light>(house)->intensity;
    r.cue("Start show", 1.0);
    std::vector<ShowEffect> effects = r.takeEffects();
    for (int tick = 61; tick <= 300; ++tick) r.update(tick / 60.0);
    EXPECT_LT(w.get<Light>(house)->intensity, before * 0.1f) << "house lights dimmed";
    EXPECT_TRUE(r.running(w.stableId(sweep)));
    EXPECT_TRUE(r.running(w.stableId(chase)));
    Entity screen;
    w.each<MediaScreen>([&](Entity e, MediaScreen&) { screen = e; });
    EXPECT_TRUE(std::any_of(effects.begin(), effects.end(),
                            [&](const ShowEffect& e) { return e.kind == ShowEffect::Kind::MediaPlay && e.target == w.stableId(screen); }));
    // The spots move: the sweep is not where the truss hung them.
    Entity spot = w.find(w.get<Timeline>(sweep)->tracks[0].target);
    EXPECT_GT(glm::length(glm::degrees(glm::eulerAngles(w.get<Transform>(spot)->rotation)) - vec3(-90, 0, 0)), 1.0f);
    // Every timeline of the hall keeps the flash limit.
    w.each<Timeline>([&](Entity, Timeline& tl) { EXPECT_LE(tl.maxFlashesPerSecond, kMaxSafeFlashesPerSecond); });
}

TEST(SampleShows, TheExposBoothButtonPlaysItsVideo) {
    Result<World> expo = loadVenue(std::string(ATRIUM_SOURCE_DIR) + "/samples/expo/expo.venue.json");
    ASSERT_TRUE(expo) << expo.error().toString();
    World& w = *expo;
    ShowRunner r(w);
    EXPECT_TRUE(r.problems().empty());
    r.start(0.0);
    const Entity button = w.findByName("Booth video button");
    ASSERT_TRUE(w.has<Interactable>(button));
    Entity visitor = w.create("Visitor");
    w.add<Avatar>(visitor);
    ASSERT_TRUE(r.use(w.stableId(button), w.stableId(visitor), 1.0));
    std::vector<ShowEffect> effects = r.takeEffects();
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_EQ(effects[0].kind, ShowEffect::Kind::MediaPlay);
    EXPECT_TRUE(w.has<MediaScreen>(w.find(effects[0].target)));
}
