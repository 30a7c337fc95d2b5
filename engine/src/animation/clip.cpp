#include "atrium/animation/clip.hpp"

#include <algorithm>
#include <cmath>

namespace atrium {

namespace {

// The key before `t` and how far towards the next one (keys ascending, at least one).
std::pair<std::size_t, float> locate(const std::vector<float>& times, float t) {
    if (times.size() < 2 || t <= times.front()) return {0, 0.0f};
    if (t >= times.back()) return {times.size() - 1, 0.0f};
    std::size_t k = std::size_t(std::upper_bound(times.begin(), times.end(), t) - times.begin()) - 1;
    float span = times[k + 1] - times[k];
    return {k, span > 0.0f ? (t - times[k]) / span : 0.0f};
}

}  // namespace

void sampleClip(const Clip& clip, float time, Pose& out) {
    float t = time;
    if (clip.loop && clip.duration > 0.0f) {
        t = std::fmod(time, clip.duration);
        if (t < 0.0f) t += clip.duration;
    } else {
        t = std::clamp(time, 0.0f, clip.duration);
    }
    for (const Clip::RotationTrack& track : clip.tracks) {
        if (track.rotations.empty()) continue;
        auto [k, f] = locate(track.times, t);
        const quat& a = track.rotations[k];
        out[track.bone] = f > 0.0f ? glm::slerp(a, track.rotations[k + 1], f) : a;
    }
    if (!clip.hipsOffsets.empty()) {
        auto [k, f] = locate(clip.hipsTimes, t);
        out.hipsOffset = f > 0.0f ? glm::mix(clip.hipsOffsets[k], clip.hipsOffsets[k + 1], f) : clip.hipsOffsets[k];
    }
}

}  // namespace atrium
