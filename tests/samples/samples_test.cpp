// Every sample, run headless exactly as documented, with Vulkan validation on: it must exit
// cleanly, report no validation messages, write a screenshot that is a picture (not one flat
// colour) and show its own behaviour in what it prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <sys/wait.h>

#include "atrium/render/image.hpp"

using namespace atrium;

namespace {

struct SampleRun {
    int exitCode = -1;
    std::string output;
    Image screenshot;
};

SampleRun runSample(const std::string& name, int frames) {
    std::filesystem::path png = std::filesystem::temp_directory_path() / ("atrium-samples-test-" + name + ".png");
    std::filesystem::remove(png);
    std::string command = "ATRIUM_VALIDATION=1 " + std::string(ATRIUM_BIN_DIR) + "/atrium-sample-" + name + " --headless --frames " +
                          std::to_string(frames) + " --size 320x180 --screenshot " + png.string() + " 2>&1";
    SampleRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) run.output += buffer;
    int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (auto image = loadImagePng(png)) run.screenshot = std::move(*image);
    std::filesystem::remove(png);
    return run;
}

// Standard deviation of luminance: a blank or single-colour image is near 0.
double luminanceSpread(const Image& image) {
    double sum = 0, sumSq = 0;
    std::size_t n = std::size_t(image.width) * image.height;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &image.pixels[i * 4];
        double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
        sum += l, sumSq += l * l;
    }
    double mean = sum / double(n);
    return std::sqrt(std::max(0.0, sumSq / double(n) - mean * mean));
}

void expectCleanRunWithPicture(const SampleRun& run) {
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("validation on, 0 validation messages"), std::string::npos) << run.output;
    ASSERT_EQ(run.screenshot.width, 320u) << run.output;
    ASSERT_EQ(run.screenshot.height, 180u);
    EXPECT_GT(luminanceSpread(run.screenshot), 12.0) << "the screenshot is nearly one flat colour";
}

int firstNumberAfter(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return -1;
    return std::stoi(m[1].str());
}

}  // namespace

TEST(Samples, ConcertHallPlaysSlidesOnTheScreenUnderMovingLights) {
    SampleRun run = runSample("concert-hall", 20);
    expectCleanRunWithPicture(run);
    EXPECT_EQ(firstNumberAfter(run.output, R"((\d+) picture uploads)"), 20) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) stage lights animated)"), 0) << run.output;
}

TEST(Samples, ExpoGuideIsCarriedThroughAPortalToTheOtherHall) {
    SampleRun run = runSample("expo", 90);
    expectCleanRunWithPicture(run);
    EXPECT_NE(run.output.find("walked into \"Portal to Hall B\" and arrived at \"Hall B arrival\""), std::string::npos) << run.output;
    EXPECT_GE(firstNumberAfter(run.output, R"(crossed (\d+) portal)"), 1) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) booth screens showing slides)"), 0) << run.output;
}

TEST(Samples, PhysicsPlaygroundRamKnocksThePileOver) {
    SampleRun run = runSample("physics-playground", 60);
    expectCleanRunWithPicture(run);
    // Settling on the 2 cm gaps moves nothing sideways; only the ram does.
    EXPECT_GE(firstNumberAfter(run.output, R"((\d+) of 900 crates pushed)"), 50) << run.output;
    EXPECT_GT(firstNumberAfter(run.output, R"((\d+) balls dropped)"), 0) << run.output;
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
