// A screen's playlist in the running venue (MediaScreens without a server): its items play in
// turn, each from its start, and a looping list starts again with the first. Clips made with the
// ffmpeg CLI; no GPU or display (nothing is drawn).
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "atrium/runtime/media_screens.hpp"

namespace fs = std::filesystem;
using namespace atrium;

namespace {

fs::path dir() {
    static const fs::path d = [] {
        fs::path p = fs::temp_directory_path() / ("atrium_media_playlist_" + std::to_string(::getpid()));
        fs::create_directories(p);
        return p;
    }();
    return d;
}

std::string clip(const std::string& colour) {
    const std::string name = colour + ".mp4";
    if (fs::exists(dir() / name)) return name;
    std::ostringstream cmd;
    cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=" << colour
        << ":s=160x90:r=30:d=0.5\" -c:v libx264 -preset ultrafast -pix_fmt yuv420p " << dir() / name;
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    return name;
}

// Runs the screens in 50 ms steps (waiting a little each, for the decoder to open the next
// item) until `done`, at most 20 s of waiting.
template <typename Done>
bool runUntil(MediaScreens& screens, const World& world, Done done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < end) {
        screens.update(world, 0.05);
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

}  // namespace

TEST(MediaPlaylist, ItemsPlayInTurnAndALoopingListStartsAgain) {
    World world;
    const std::vector<std::string> items = {clip("red"), clip("green"), clip("blue")};
    Entity e = world.create("Booth screen");
    world.add<MediaScreen>(e, MediaScreen{.playlist = items, .autoplay = true, .loop = true});
    const StableId id = world.stableId(e);
    MediaScreens screens(dir());
    std::vector<std::string> played;
    const auto note = [&] {
        const MediaScreens::Screen* s = screens.screen(id);
        if (s && (played.empty() || played.back() != s->source)) played.push_back(s->source);
        return played.size() >= 5;
    };
    ASSERT_TRUE(runUntil(screens, world, note)) << played.size() << " items played";
    EXPECT_EQ(played, (std::vector<std::string>{"red.mp4", "green.mp4", "blue.mp4", "red.mp4", "green.mp4"}));
    const MediaScreens::Screen* s = screens.screen(id);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->item, 1u);
    // Each item starts at its start and plays (the next one is not left paused).
    media::MediaPlayer* p = screens.player(id);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->clock().playing);
    EXPECT_LT(p->clock().position, 0.5);
}

TEST(MediaPlaylist, AListThatDoesNotLoopEndsOnItsLastItem) {
    World world;
    Entity e = world.create("Booth screen");
    world.add<MediaScreen>(e, MediaScreen{.playlist = {clip("red"), clip("blue")}, .autoplay = true, .loop = false});
    const StableId id = world.stableId(e);
    MediaScreens screens(dir());
    ASSERT_TRUE(runUntil(screens, world, [&] {
        const MediaScreens::Screen* s = screens.screen(id);
        return s && s->source == "blue.mp4" && s->status == media::MediaStatus::Ended;
    }));
    // Ended after the second item, and it stays there.
    for (int i = 0; i < 10; ++i) screens.update(world, 0.05);
    EXPECT_EQ(screens.screen(id)->source, "blue.mp4");
    EXPECT_EQ(screens.screen(id)->status, media::MediaStatus::Ended);
}

TEST(MediaPlaylist, AServersSourceTakesTheScreenOverAndTheListWaits) {
    World world;
    Entity e = world.create("Booth screen");
    world.add<MediaScreen>(e, MediaScreen{.playlist = {clip("red"), clip("blue")}, .autoplay = true, .loop = true});
    const StableId id = world.stableId(e);
    MediaScreens screens(dir());
    screens.setSource(id, clip("blue"));  // the server says the list is on its second item
    ASSERT_TRUE(runUntil(screens, world, [&] {
        const MediaScreens::Screen* s = screens.screen(id);
        return s && s->status == media::MediaStatus::Ended;
    }));
    EXPECT_EQ(screens.screen(id)->source, "blue.mp4") << "the server, not the screen, moves a followed list on";
}
