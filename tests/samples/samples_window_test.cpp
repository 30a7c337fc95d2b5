// Every sample in a real window (label window: the test command provides a display, e.g. Xvfb)
// for a few frames: the swapchain path, the fly camera set-up and the closing screenshot.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ostream>
#include <string>

#include "sample_run.hpp"

using namespace atrium::test;

struct WindowRun {
    const char* sample;
    int frames;
};

// Names the parameter in test listings (the default prints its bytes, pointers included).
void PrintTo(const WindowRun& run, std::ostream* os) { *os << run.sample; }

class SampleWindow : public ::testing::TestWithParam<WindowRun> {};

TEST_P(SampleWindow, RunsFramesInAWindowWithoutValidationMessages) {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) GTEST_SKIP() << "no display";
    const std::string frames = std::to_string(GetParam().frames);
    SampleRun run = runSample(GetParam().sample, "--frames " + frames);
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find(": " + frames + " frames"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("validation on, 0 validation messages"), std::string::npos) << run.output;
    EXPECT_GT(luminanceSpread(run.screenshot), 12.0) << run.output;
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleWindow,
                         ::testing::Values(WindowRun{"concert-hall", 20}, WindowRun{"expo", 20}, WindowRun{"physics-playground", 20},
                                           WindowRun{"plaza", 60}),
                         [](const ::testing::TestParamInfo<WindowRun>& info) {
                             std::string name = info.param.sample;
                             for (char& c : name) c = c == '-' ? '_' : c;
                             return name;
                         });
