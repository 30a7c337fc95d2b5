#include "atrium/audio/pcm.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::audio {

float rms(std::span<const float> samples) {
    if (samples.empty()) return 0.0f;
    double sum = 0.0;
    for (float s : samples) sum += double(s) * s;
    return float(std::sqrt(sum / double(samples.size())));
}

float rmsDbfs(std::span<const float> samples) {
    float r = rms(samples);
    return r > 1e-6f ? std::max(-120.0f, 20.0f * std::log10(r)) : -120.0f;
}

}  // namespace atrium::audio
