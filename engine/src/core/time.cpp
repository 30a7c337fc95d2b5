#include "atrium/core/time.hpp"

#include <algorithm>

namespace atrium {

int FixedStepAccumulator::advance(double frameSeconds) {
    accumulated_ += std::max(0.0, frameSeconds);
    int steps = int(accumulated_ / step_);
    accumulated_ -= steps * step_;
    if (steps > maxSteps_) steps = maxSteps_;
    total_ += std::uint64_t(steps);
    return steps;
}

}  // namespace atrium
