// Every sample, run headless exactly as documented, with Vulkan validation on: it must exit
// cleanly, report no validation messages, write a screenshot that is a picture (not one flat
// colour) and show its own behaviour in what it prints.
#include <gtest/gtest.h>

#include <regex>

#include "sample_run.hpp"

using namespace atrium;
using namespace atrium::test;

namespace {

SampleRun runSample(const std::string& name, int frames) { return test::runSample(name, "--headless --frames " + std::to_string(frames)); }

void expectCleanRunWithPicture(const SampleRun& run) {
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("validation on, 0 validation messages"), std::string::npos) << run.output;
    ASSERT_EQ(run.screenshot.width, 320u) << run.output;
    ASSERT_EQ(run.screenshot.height, 180u);
    EXPECT_GT(luminanceSpread(run.screenshot), 12.0) << "the screenshot is nearly one flat colour";
}

}  // namespace

TEST(Samples, ConcertHallPlaysSlidesOnTheScreenUnderMovingLights) {
    SampleRun run = runSample("concert-hall", 20);
    expectCleanRunWithPicture(run);
    EXPECT_EQ(firstNumberAfter(run.output, R"((\d+) picture uploads)"), 20) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) stage lights animated)"), 0) << run.output;
}

// A second in, the sample calls the venue's "Start show" cue: the venue's own bindings start the
// light show and the screen (tests/scene's SampleShows check what they change).
TEST(Samples, ConcertHallCallsItsStartShowCue) {
    SampleRun run = runSample("concert-hall", 90);
    expectCleanRunWithPicture(run);
    EXPECT_NE(run.output.find("announcement: The show is starting"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("show cued"), std::string::npos) << run.output;
    // The show plays the screen: the video made at build time, not an error.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(run.output, m, std::regex(R"(screen video \S*concert_screen\.mp4: (\w+))"))) << run.output;
    EXPECT_NE(m[1].str(), "error") << run.output;
}

TEST(Samples, ExpoGuideIsCarriedThroughAPortalToTheOtherHall) {
    SampleRun run = runSample("expo", 90);
    expectCleanRunWithPicture(run);
    EXPECT_NE(run.output.find("walked into \"Portal to Hall B\" and arrived at \"Hall B arrival\""), std::string::npos) << run.output;
    EXPECT_GE(firstNumberAfter(run.output, R"(crossed (\d+) portal)"), 1) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) booth screens )"), 0) << run.output;
    // With the clips made at build time, every booth plays a playlist of them and none fails.
    std::smatch m;
    ASSERT_TRUE(
        std::regex_search(run.output, m, std::regex(R"(booth screens playing playlists of (\d+) videos \((\d+) playing, (\d+) failed\))")))
        << run.output;
    EXPECT_EQ(m[1].str(), "3") << run.output;
    EXPECT_GT(std::stoi(m[2].str()), 0) << run.output;
    EXPECT_EQ(m[3].str(), "0") << run.output;
}

TEST(Samples, PhysicsPlaygroundRamKnocksThePileOverAndBallsRollDownRamps) {
    SampleRun run = runSample("physics-playground", 60);
    expectCleanRunWithPicture(run);
    // Settling on the 2 cm gaps moves nothing sideways; only the ram does.
    EXPECT_GE(firstNumberAfter(run.output, R"((\d+) of 900 crates pushed)"), 50) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) balls dropped)"), 0) << run.output;
    // Dropped 0.4 m above the ramp top: only rolling down takes a ball a metre away.
    EXPECT_GE(firstNumberAfter(run.output, R"(furthest rolled (\d+)\.)"), 1) << run.output;
}

TEST(Samples, PlazaEveryBotSeesEveryOtherBot) {
    SampleRun run = runSample("plaza", 150);
    expectCleanRunWithPicture(run);
    std::regex botLine(R"(plaza: (bot-\d+) \(joined.*sees (\d+) of (\d+) other bots)");
    int bots = 0;
    for (auto it = std::sregex_iterator(run.output.begin(), run.output.end(), botLine); it != std::sregex_iterator(); ++it) {
        ++bots;
        EXPECT_EQ((*it)[2].str(), (*it)[3].str()) << (*it)[1].str() << " misses someone:\n" << run.output;
    }
    std::regex anyBot(R"(plaza: bot-\d+ \()");
    auto all = std::distance(std::sregex_iterator(run.output.begin(), run.output.end(), anyBot), std::sregex_iterator());
    EXPECT_GE(bots, 2) << run.output;
    EXPECT_EQ(bots, all) << "a bot did not join:\n" << run.output;
    EXPECT_NE(run.output.find("every bot sees every other bot: yes"), std::string::npos) << run.output;
}
