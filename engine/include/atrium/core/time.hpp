#pragma once
// Time: a monotonic stopwatch and the fixed-step accumulator the simulation runs on.
#include <chrono>
#include <cstdint>

namespace atrium {

using Clock = std::chrono::steady_clock;

class Stopwatch {
public:
    Stopwatch() : start_(Clock::now()) {}
    void reset() { start_ = Clock::now(); }
    double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
    double milliseconds() const { return seconds() * 1000.0; }

private:
    Clock::time_point start_;
};

// Turns variable frame times into whole fixed steps (60 Hz by default). The remainder is kept
// as `alpha()` so the renderer can interpolate between the last two simulated states.
class FixedStepAccumulator {
public:
    explicit FixedStepAccumulator(double stepSeconds = 1.0 / 60.0, int maxStepsPerFrame = 8) : step_(stepSeconds), maxSteps_(maxStepsPerFrame) {}

    // Adds frame time and returns how many fixed steps to run now. Frames longer than
    // maxStepsPerFrame steps drop the excess instead of spiralling (a stalled frame must not
    // make the next one slower still).
    int advance(double frameSeconds);

    double step() const { return step_; }
    double alpha() const { return accumulated_ / step_; }
    std::uint64_t totalSteps() const { return total_; }

private:
    double step_;
    int maxSteps_;
    double accumulated_ = 0.0;
    std::uint64_t total_ = 0;
};

}  // namespace atrium
