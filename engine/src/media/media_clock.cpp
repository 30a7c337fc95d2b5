#include "atrium/media/media_clock.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::media {

void advance(MediaClock& clock, double dt) {
    if (clock.playing && dt > 0.0) clock.position += dt * clock.rate;
}

bool follow(MediaClock& clock, double target, double dt, double frameInterval) {
    const double ahead = target + (clock.playing ? dt : 0.0);
    const double error = ahead - (clock.position + (clock.playing ? dt * clock.rate : 0.0));
    if (!clock.playing || std::abs(error) > frameInterval) {
        clock.position = ahead;
        clock.rate = 1.0;
        return std::abs(error) > frameInterval;
    }
    advance(clock, dt);
    // Close the remaining gap over about one second of wall time.
    clock.rate = 1.0 + std::clamp(error, -kMaxRateNudge, kMaxRateNudge);
    return false;
}

}  // namespace atrium::media
