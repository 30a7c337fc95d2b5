// Screens in sync for everyone: a real server and clients over loopback (simulated time, as the
// netsync tests run), each client playing the screen in its own MediaPlayer on a generated clip
// whose pictures carry their frame numbers, steered to the server's state with media::follow.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "atrium/media/media_player.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "net_test_support.hpp"

namespace fs = std::filesystem;
using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

constexpr int kBits = 10;  // the frame number in ten vertical bars, bit i in bar i: white is 1
constexpr double kFrame = 1.0 / 30.0;

fs::path counterClip() {
    static const fs::path out = [] {
        fs::path dir = fs::temp_directory_path() / ("atrium_media_sync_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        fs::path clip = dir / "counter.mp4";
        std::ostringstream cmd;
        cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=black:s=160x90:r=30:d=10,format=gray,geq=lum='255*mod(floor(N/pow(2,floor(X*"
            << kBits << "/W))),2)'\" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30 " << clip;
        EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
        return clip;
    }();
    return out;
}

int frameNumber(const media::VideoFrame& f) {
    int n = 0;
    const std::uint32_t y = f.height / 2;
    for (int bit = 0; bit < kBits; ++bit) {
        const auto x = std::uint32_t((bit + 0.5) * f.width / kBits);
        if (f.rgba[(std::size_t(y) * f.width + x) * 4] > 128) n |= 1 << bit;
    }
    return n;
}

// One attendee's app: its connection and its screen's player.
struct Attendee {
    std::unique_ptr<Client> client;
    std::unique_ptr<media::MediaPlayer> player;
};

struct Session {
    World venue;
    StableId screen;
    std::unique_ptr<Server> server;
    std::vector<std::unique_ptr<Client>> clients;  // pump's view of every client
    std::vector<Attendee*> attendees;
    double t = 0.0;
    double nextFollow = 0.0;

    Session() : Session(MediaScreen{.source = counterClip().string(), .autoplay = true}) {}
    explicit Session(MediaScreen screenComponent) {
        Entity e = venue.create("Screen");
        venue.add<MediaScreen>(e, std::move(screenComponent));
        Entity spawn = venue.create("Lobby");
        venue.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1});
        screen = venue.stableId(e);
        server = std::make_unique<Server>(venue, ServerConfig{.venueId = kTestVenue, .secret = kTestSecret});
        EXPECT_TRUE(server->start().ok());
    }

    Attendee join(std::uint64_t user, Role role) {
        Attendee a;
        a.client = std::make_unique<Client>(ClientConfig{.token = joinToken(user, role)});
        EXPECT_TRUE(a.client->connect("127.0.0.1", server->port()).ok());
        return a;
    }

    // The app's frame at 60 Hz: every screen plays where the server says it is now.
    void followAll() {
        for (Attendee* a : attendees) {
            auto it = a->client->media().find(screen);
            if (it == a->client->media().end()) continue;
            const MediaStateMsg& st = it->second;
            if (!a->player) a->player = std::make_unique<media::MediaPlayer>(st.source.empty() ? counterClip().string() : st.source);
            const double target = st.positionAt(a->client->serverTime(t));
            if (st.playing) {
                a->player->play();
                a->player->follow(target, 1.0 / 60.0);
            } else {
                a->player->pause();
                a->player->seek(target);
            }
            a->player->setPage(st.page);
        }
    }

    template <typename Done>
    bool run(double seconds, Done done) {
        const double end = t + seconds;
        while (t < end) {
            t += 0.001;
            server->update(t);
            for (Attendee* a : attendees) a->client->update(t);
            if (t >= nextFollow) {
                followAll();
                nextFollow += 1.0 / 60.0;
            }
            if (done()) return true;
            std::this_thread::yield();
        }
        return false;
    }
    // Runs `seconds` whatever happens; true, for ASSERT_TRUE beside the waits above.
    bool run(double seconds) {
        run(seconds, [] { return false; });
        return true;
    }
};

// The number a player shows at its clock's position once it has decoded it (-1: never came).
int numberShown(media::MediaPlayer& p) {
    const double t = p.clock().position;
    const int want = int(std::floor(t * 30.0 + 1e-6));
    int got = -1;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < end) {
        auto f = p.frameAt(t);
        if (f && std::abs(f->time - want * kFrame) < 1e-3) return frameNumber(*f);
        if (f) got = frameNumber(*f);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return got;
}

}  // namespace

TEST(MediaSync, TwoAttendeesJoinedAtDifferentTimesShowTheSameFrame) {
    Session s;
    Attendee early = s.join(1, Role::Attendee);
    s.attendees.push_back(&early);
    ASSERT_TRUE(s.run(5.0, [&] { return early.client->joined() && early.client->media().count(s.screen); }));
    ASSERT_TRUE(s.run(1.5));  // the video plays on for a while before the second one comes
    Attendee late = s.join(2, Role::Attendee);
    s.attendees.push_back(&late);
    ASSERT_TRUE(s.run(5.0, [&] { return late.client->joined() && late.client->media().count(s.screen); }));
    ASSERT_TRUE(s.run(2.0));  // sync: the late one jumps, then both are nudged onto the server clock
    ASSERT_TRUE(early.player && late.player);
    const double a = early.player->clock().position, b = late.player->clock().position;
    EXPECT_GT(a, 2.5) << "the late joiner came in mid-video, not at its start";
    EXPECT_NEAR(a, b, kFrame);
    EXPECT_NEAR(a, s.server->media(s.screen)->positionAt(double(s.server->tick()) / kMediaTickRate), kFrame);
    const int na = numberShown(*early.player), nb = numberShown(*late.player);
    ASSERT_GE(na, 0);
    ASSERT_GE(nb, 0);
    EXPECT_LE(std::abs(na - nb), 1) << "frames " << na << " and " << nb;
}

TEST(MediaSync, APresentersPauseSeekAndSlideReachEveryone) {
    Session s;
    Attendee presenter = s.join(1, Role::Presenter);
    Attendee watcher = s.join(2, Role::Attendee);
    s.attendees = {&presenter, &watcher};
    ASSERT_TRUE(s.run(5.0, [&] { return presenter.client->media().count(s.screen) && watcher.client->media().count(s.screen); }));
    ASSERT_TRUE(s.run(0.5));

    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::Pause});
    ASSERT_TRUE(s.run(3.0, [&] { return !watcher.client->media().at(s.screen).playing; }));
    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::Seek, .seconds = 4.0});
    ASSERT_TRUE(s.run(3.0, [&] { return watcher.client->media().at(s.screen).position == 4.0; }));
    ASSERT_TRUE(s.run(0.2));
    EXPECT_FALSE(presenter.client->media().at(s.screen).playing);
    EXPECT_DOUBLE_EQ(presenter.player->clock().position, 4.0);
    EXPECT_DOUBLE_EQ(watcher.player->clock().position, 4.0);
    EXPECT_EQ(numberShown(*watcher.player), 120);
    EXPECT_EQ(numberShown(*presenter.player), 120);

    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::NextPage});
    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::NextPage});
    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::PreviousPage});
    ASSERT_TRUE(s.run(3.0, [&] { return watcher.client->media().at(s.screen).page == 1 && presenter.client->media().at(s.screen).page == 1; }));

    presenter.client->controlMedia({.screen = s.screen, .action = MediaAction::Play});
    ASSERT_TRUE(s.run(3.0, [&] { return watcher.client->media().at(s.screen).playing; }));
    ASSERT_TRUE(s.run(1.0));
    EXPECT_NEAR(watcher.player->clock().position, 5.0, 0.1) << "played on from where it was sought to";
    EXPECT_NEAR(watcher.player->clock().position, presenter.player->clock().position, kFrame);
}

TEST(MediaSync, AnAttendeesControlIsRefusedAndTold) {
    Session s;
    Attendee watcher = s.join(1, Role::Attendee);
    s.attendees = {&watcher};
    ASSERT_TRUE(s.run(5.0, [&] { return watcher.client->media().count(s.screen); }));
    watcher.client->controlMedia({.screen = s.screen, .action = MediaAction::Pause});
    watcher.client->controlMedia({.screen = s.screen, .action = MediaAction::SetSource, .source = "http://example.org/other.ts"});
    ASSERT_TRUE(s.run(3.0, [&] { return !watcher.client->notices().empty(); }));
    EXPECT_NE(watcher.client->notices().front().find("only presenters and hosts control screens"), std::string::npos);
    ASSERT_TRUE(s.run(0.5));
    EXPECT_TRUE(s.server->media(s.screen)->playing);
    EXPECT_TRUE(s.server->media(s.screen)->source.empty());
    EXPECT_TRUE(watcher.client->media().at(s.screen).playing);
}

TEST(MediaSync, TheServerStartsAScreenOnAnotherSourceForEveryone) {
    Session s;
    Attendee watcher = s.join(1, Role::Attendee);
    s.attendees = {&watcher};
    ASSERT_TRUE(s.run(5.0, [&] { return watcher.client->media().count(s.screen); }));
    ASSERT_TRUE(s.server->setMedia(s.screen, "http://127.0.0.1:9/live.ts"));
    EXPECT_FALSE(s.server->setMedia(StableId{12345}, "http://127.0.0.1:9/live.ts"));
    ASSERT_TRUE(s.run(3.0, [&] { return watcher.client->media().at(s.screen).source == "http://127.0.0.1:9/live.ts"; }));
    EXPECT_TRUE(watcher.client->media().at(s.screen).playing);
}

namespace {

// A one-second clip of a plain colour (a playlist's item).
fs::path colourClip(const std::string& colour) {
    const fs::path out = counterClip().parent_path() / (colour + ".mp4");
    if (fs::exists(out)) return out;
    std::ostringstream cmd;
    cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=" << colour
        << ":s=160x90:r=30:d=1\" -c:v libx264 -preset ultrafast -pix_fmt yuv420p " << out;
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    return out;
}

// The duration the server is told (atrium-server measures it the same way at start).
double measured(const fs::path& clip) {
    media::MediaPlayer p(clip.string());
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (p.status() == media::MediaStatus::Opening && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return p.info().duration;
}

}  // namespace

TEST(MediaSync, APlaylistMovesEveryoneToTheNextItemAtTheEndOfOne) {
    const std::string red = colourClip("red").string(), blue = colourClip("blue").string();
    Session s(MediaScreen{.playlist = {red, blue}, .autoplay = true, .loop = true});
    const double redSeconds = measured(red), blueSeconds = measured(blue);
    ASSERT_GT(redSeconds, 0.5);
    ASSERT_GT(blueSeconds, 0.5);
    s.server->setMediaDuration(red, redSeconds);
    s.server->setMediaDuration(blue, blueSeconds);
    ASSERT_EQ(s.server->media(s.screen)->source, red) << "a playlist starts on its first item";

    Attendee early = s.join(1, Role::Attendee);
    s.attendees = {&early};
    ASSERT_TRUE(s.run(5.0, [&] { return early.client->joined() && early.client->media().count(s.screen); }));
    // The end of the first item: everyone is moved to the second, from its start.
    const auto onItem = [&](Attendee& a, const std::string& item) {
        auto it = a.client->media().find(s.screen);
        return it != a.client->media().end() && it->second.source == item;
    };
    ASSERT_TRUE(s.run(redSeconds + 1.0, [&] { return onItem(early, blue); }));
    const MediaStateMsg atBlue = *s.server->media(s.screen);
    EXPECT_EQ(atBlue.source, blue);
    EXPECT_TRUE(atBlue.playing);
    EXPECT_LT(atBlue.position, 0.1) << "the second item starts at its start";
    // A late joiner lands on the item everyone is on, at the same moment.
    Attendee late = s.join(2, Role::Attendee);
    s.attendees = {&early, &late};
    ASSERT_TRUE(s.run(5.0, [&] { return late.client->joined() && onItem(late, blue); }));
    const double serverNow = double(s.server->tick()) / kMediaTickRate;
    EXPECT_NEAR(early.client->media().at(s.screen).positionAt(serverNow), late.client->media().at(s.screen).positionAt(serverNow), 1e-9);
    // After the last item, a looping list starts again with the first, for both.
    ASSERT_TRUE(s.run(blueSeconds + 1.0, [&] { return onItem(early, red) && onItem(late, red); }));
    EXPECT_EQ(s.server->media(s.screen)->source, red);
}

TEST(MediaSync, APlaylistThatDoesNotLoopStopsAfterItsLastItem) {
    const std::string red = colourClip("red").string(), blue = colourClip("blue").string();
    Session s(MediaScreen{.playlist = {red, blue}, .autoplay = true, .loop = false});
    s.server->setMediaDuration(red, measured(red));
    s.server->setMediaDuration(blue, measured(blue));
    Attendee watcher = s.join(1, Role::Attendee);
    s.attendees = {&watcher};
    ASSERT_TRUE(s.run(5.0, [&] { return watcher.client->media().count(s.screen) && !watcher.client->media().at(s.screen).playing; }));
    const MediaStateMsg& st = watcher.client->media().at(s.screen);
    EXPECT_EQ(st.source, blue) << "it holds the last item";
    EXPECT_NEAR(st.position, measured(blue), 1e-6);
}
