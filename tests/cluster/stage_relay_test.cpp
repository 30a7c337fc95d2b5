// The stage mirrored, in one process: a stage instance and another instance of the same venue
// (two Servers on loopback, the same StableIds), the other holding a StageMirror on the stage.
// What the stage says to everyone (a presenter's name and look, stage voice, screens' media)
// reaches an attendee of the other instance, from that instance's own server.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "../netsync/net_test_support.hpp"
#include "atrium/cluster/stage_mirror.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

// A spawn point at the origin, a stage zone 10 m away (within the relay's interest radius) with
// a seat on it, a screen and a show with a cue. `like`: another venue to take the StableIds from (the same file).
struct StageVenue {
    World w;
    StableId stageSeat, screen;
    explicit StageVenue(const StageVenue* like = nullptr) {
        auto id = [&](const char* name) { return like ? like->w.stableId(like->w.findByName(name)) : StableId{}; };
        Entity spawn = w.create("Entrance", id("Entrance"));
        w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1});
        Entity stage = w.create("Stage", id("Stage"));
        w.get<Transform>(stage)->position = vec3(0, 0, -10);
        w.add<StageZone>(stage, StageZone{.halfExtents = {6, 3, 6}});
        Entity seat = w.create("Stage seat", id("Stage seat"));
        w.get<Transform>(seat)->position = vec3(0, 0, -10);
        w.add<Seat>(seat);
        stageSeat = w.stableId(seat);
        Entity s = w.create("Screen", id("Screen"));
        w.get<Transform>(s)->position = vec3(0, 3, -16);
        w.add<MediaScreen>(s);
        screen = w.stableId(s);
        // A host's cue "act two" sets the counter "act" to 2.
        Entity control = w.create("Show control", id("Show control"));
        w.add<Interactions>(control, Interactions{});
        ShowBinding cue;
        cue.when.kind = ShowEvent::Kind::Cue;
        cue.when.name = "act two";
        cue.actions.push_back({.kind = ShowAction::Kind::SetCounter, .amount = 2.0f, .text = "act"});
        w.get<Interactions>(control)->bindings.push_back(std::move(cue));
    }
};

ServerConfig config() { return {.venueId = kTestVenue, .secret = kTestSecret}; }

struct TwoInstances : ::testing::Test {
    StageVenue stageVenue;
    StageVenue otherVenue{&stageVenue};
    Server stage{stageVenue.w, config()};
    Server other{otherVenue.w, config()};
    cluster::StageMirror mirror{{kTestSecret, kTestVenue, "i-2"}};
    std::unique_ptr<Client> presenter, attendee;
    double t = 0.0;

    void SetUp() override {
        ASSERT_EQ(stageVenue.screen, otherVenue.screen);
        ASSERT_TRUE(stage.start().ok());
        ASSERT_TRUE(other.start().ok());
        mirror.setStage("127.0.0.1", stage.port(), t);
        presenter = std::make_unique<Client>(ClientConfig{.token = joinToken(1, Role::Presenter), .seed = 1});
        attendee = std::make_unique<Client>(ClientConfig{.token = joinToken(2), .seed = 2});
        ASSERT_TRUE(presenter->connect("127.0.0.1", stage.port()).ok());
        ASSERT_TRUE(attendee->connect("127.0.0.1", other.port()).ok());
        ASSERT_TRUE(run(5.0, [&] { return presenter->joined() && attendee->joined() && mirror.linked(); }));
        presenter->claimSeat(stageVenue.stageSeat);
        ASSERT_TRUE(run(3.0, [&] { return stage.seatOccupant(stageVenue.stageSeat) == presenter->clientId(); }));
    }
    template <typename Done>
    bool run(double seconds, Done done) {
        const double end = t + seconds;
        while (t < end) {
            t += 0.001;
            stage.update(t);
            mirror.update(t, other);
            other.update(t);
            presenter->update(t);
            attendee->update(t);
            if (done()) return true;
        }
        return false;
    }
    std::uint32_t mirroredId() const { return kMirroredClientBit | presenter->clientId(); }
};

}  // namespace

TEST_F(TwoInstances, APresenterCarriesNameAndLookIntoTheOtherInstance) {
    AvatarLookMsg look{.bodyPreset = 1, .skin = {200, 150, 120}, .top = {10, 20, 200}, .bottom = {30, 30, 30}, .shoes = {5, 5, 5}};
    presenter->setLook(look);
    ASSERT_TRUE(run(5.0, [&] { return attendee->looks().count(mirroredId()) != 0; }));
    EXPECT_EQ(attendee->looks().at(mirroredId()), look);
    ASSERT_EQ(attendee->participants().count(mirroredId()), 1u);
    const Participant& p = attendee->participants().at(mirroredId());
    EXPECT_EQ(p.displayName, "user1");
    EXPECT_EQ(p.role, Role::Presenter);
    EXPECT_NE(p.avatar, 0);
    // The participant's avatar is the mirrored avatar the attendee sees, standing on the stage.
    ASSERT_TRUE(run(3.0, [&] {
        for (const RemoteEntity& e : attendee->view(t))
            if (e.id == p.avatar && e.hasState && glm::distance(e.position, vec3(0, 0, -10)) < 1.5f) return true;
        return false;
    }));
    // A look changed later follows, and a late joiner of the other instance gets name and look.
    look.top = {250, 0, 0};
    presenter->setLook(look);
    ASSERT_TRUE(run(5.0, [&] { return attendee->looks().at(mirroredId()) == look; }));
    Client late(ClientConfig{.token = joinToken(3), .seed = 3});
    ASSERT_TRUE(late.connect("127.0.0.1", other.port()).ok());
    ASSERT_TRUE(run(5.0, [&] {
        late.update(t);
        return late.joined() && late.looks().count(mirroredId()) && late.participants().count(mirroredId());
    }));
    EXPECT_EQ(late.looks().at(mirroredId()), look);
    EXPECT_EQ(late.participants().at(mirroredId()).displayName, "user1");
}

TEST_F(TwoInstances, APresentersVoiceOnTheStageIsHeardInTheOtherInstanceAsStageVoice) {
    ASSERT_TRUE(run(3.0, [&] { return attendee->participants().count(mirroredId()) != 0; }));
    // An attendee of the stage instance at the spawn point, beside the relay's session: heard
    // by it (positional voice within 20 m) but not passed on, only the stage is.
    Client near(ClientConfig{.token = joinToken(5), .seed = 5});
    ASSERT_TRUE(near.connect("127.0.0.1", stage.port()).ok());
    ASSERT_TRUE(run(5.0, [&] {
        near.update(t);
        return near.joined();
    }));
    for (int i = 0; i < 10; ++i) {
        near.sendVoice(std::vector<std::uint8_t>(60, 0xEE));
        run(0.02, [&] {
            near.update(t);
            return false;
        });
    }
    EXPECT_GT(stage.metrics().voice.framesForwarded, 0u) << "someone on the stage instance heard it";
    EXPECT_TRUE(attendee->takeVoice().empty());
    EXPECT_EQ(mirror.voiceRelayed(), 0u);
    std::vector<VoicePacket> heard;
    for (int i = 0; i < 25; ++i) {
        presenter->sendVoice(std::vector<std::uint8_t>(60, std::uint8_t(i)));
        run(0.02, [] { return false; });
        for (VoicePacket& p : attendee->takeVoice()) heard.push_back(std::move(p));
    }
    ASSERT_TRUE(run(1.0,
                    [&] {
                        for (VoicePacket& p : attendee->takeVoice()) heard.push_back(std::move(p));
                        return heard.size() >= 20;
                    }))
        << heard.size() << " frames heard";
    EXPECT_GE(mirror.voiceRelayed(), 20u);
    for (const VoicePacket& p : heard) {
        EXPECT_TRUE(p.stage);
        EXPECT_FALSE(p.positional());
        EXPECT_EQ(p.speaker, mirroredId());
        EXPECT_EQ(p.avatar, attendee->participants().at(mirroredId()).avatar);
        ASSERT_EQ(p.frame.size(), 60u);  // unchanged: never decoded
    }
    // In order, the bytes as they were sent (frame i is 60 times i).
    for (std::size_t i = 0; i < heard.size(); ++i) {
        EXPECT_TRUE(std::all_of(heard[i].frame.begin(), heard[i].frame.end(), [&](std::uint8_t b) { return b == heard[i].frame[0]; }));
        if (i > 0) {
            EXPECT_GT(heard[i].frame[0], heard[i - 1].frame[0]);
        }
    }
}

TEST_F(TwoInstances, PauseAndSeekOnTheStageAreTheOtherInstancesOwnMediaState) {
    const StableId screen = stageVenue.screen;
    presenter->controlMedia({.screen = screen, .action = MediaAction::SetSource, .source = "https://example.org/keynote.mp4"});
    ASSERT_TRUE(run(3.0, [&] { return other.media(screen) && attendee->media().count(screen); }));
    EXPECT_EQ(other.media(screen)->source, "https://example.org/keynote.mp4");
    EXPECT_TRUE(other.media(screen)->playing);
    presenter->controlMedia({.screen = screen, .action = MediaAction::Seek, .seconds = 30.0});
    // Playing, each on its own clock: the same moment of the keynote within a tick or two.
    ASSERT_TRUE(run(3.0, [&] {
        auto m = other.media(screen);
        return m && m->positionAt(other.tick() / kMediaTickRate) > 29.0;
    }));
    run(0.5, [] { return false; });
    const double atStage = stage.media(screen)->positionAt(stage.tick() / kMediaTickRate);
    const double here = other.media(screen)->positionAt(other.tick() / kMediaTickRate);
    EXPECT_NEAR(here, atStage, 0.1);
    presenter->controlMedia({.screen = screen, .action = MediaAction::Pause});
    ASSERT_TRUE(run(3.0, [&] {
        auto m = attendee->media().find(screen);
        return other.media(screen) && !other.media(screen)->playing && m != attendee->media().end() && !m->second.playing;
    }));
    const double paused = stage.media(screen)->position;
    EXPECT_NEAR(other.media(screen)->position, paused, 0.1);
    EXPECT_NEAR(attendee->media().at(screen).positionAt(attendee->serverTime(t)), paused, 0.1);
    presenter->controlMedia({.screen = screen, .action = MediaAction::Seek, .seconds = 95.0});
    ASSERT_TRUE(run(3.0, [&] { return std::abs(attendee->media().at(screen).position - 95.0) < 1e-6; }));
    EXPECT_FALSE(attendee->media().at(screen).playing);
    EXPECT_DOUBLE_EQ(other.media(screen)->positionAt(other.tick() / kMediaTickRate), 95.0);
}

TEST_F(TwoInstances, AHostsCueOnTheStageChangesTheOtherInstancesShow) {
    Client host(ClientConfig{.token = joinToken(4, Role::Host), .seed = 4});
    ASSERT_TRUE(host.connect("127.0.0.1", stage.port()).ok());
    ASSERT_TRUE(run(5.0, [&] {
        host.update(t);
        return host.joined();
    }));
    host.cue("act two");
    ASSERT_TRUE(run(3.0, [&] {
        host.update(t);
        return stage.show().counter("act") == 2 && other.show().counter("act") == 2;
    }));
    ASSERT_TRUE(run(3.0, [&] {
        return std::any_of(attendee->showChanges().begin(), attendee->showChanges().end(), [](const ShowChangeMsg& m) {
            return m.action.kind == ShowAction::Kind::SetCounter && m.action.text == "act" && m.action.amount == 2.0f;
        });
    }));
}
