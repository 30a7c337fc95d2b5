#pragma once
// What every sample shares: command-line options, the window or headless run loop, the closing
// screenshot and the validation count. A sample only says what happens in its venue.
//
//   sample [--headless] [--frames N] [--screenshot OUT.png] [--size WxH] [--validation] [--venue FILE]
//
// Window mode: a fly camera (WASD, Q/E, right mouse drag to look) starting at the venue's
// overview camera. Headless: N frames of exactly one 60 Hz step each, then the screenshot
// from the overview camera. Exit code 1 if anything failed or Vulkan validation complained.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "atrium/core/error.hpp"
#include "atrium/runtime/runtime.hpp"

namespace atrium::samples {

struct SampleArgs {
    bool headless = false;
    std::uint32_t frames = 0;          // 0: until the window closes (headless: 120)
    std::filesystem::path screenshot;  // empty: none
    std::uint32_t width = 1280, height = 720;
    bool validation = false;      // also ATRIUM_VALIDATION=1
    std::filesystem::path venue;  // empty: the sample's own venue
};

Result<SampleArgs> parseSampleArgs(int argc, char** argv);

class Sample {
public:
    virtual ~Sample() = default;
    // After the venue loaded: find entities, spawn what the sample adds.
    virtual Status start(Runtime& runtime) = 0;
    // Where to look from instead of the venue's overview camera (window start and screenshot),
    // for a sample whose action happens somewhere the overview does not show well.
    virtual std::optional<CameraView> view(Runtime&) { return std::nullopt; }
    // At each fixed 60 Hz step, before physics (behaviours: walking, portals).
    virtual void fixedUpdate(Runtime&, double /*dt*/) {}
    // Once per frame before simulation and drawing; `time` is seconds since start.
    virtual Status frame(Runtime&, double /*time*/) { return Ok{}; }
    // Headless frames normally advance simulated time only; a networked sample needs the
    // wall clock to keep up (sockets, server ticks).
    virtual bool realTime() const { return false; }
    // After the last frame: print what happened. Nonzero fails the run.
    virtual int finish(Runtime&) { return 0; }
};

// Parses argv, creates the Runtime, loads the venue (default `venue`), runs `sample`, writes
// the screenshot. Returns the process exit code.
int runSample(int argc, char** argv, const char* title, const std::filesystem::path& venue, Sample& sample);

}  // namespace atrium::samples
