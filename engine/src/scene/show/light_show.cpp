#include "atrium/scene/show/light_show.hpp"

#include <algorithm>
#include <cmath>

namespace atrium {
namespace {

vec3 hue(float h) {
    h = h - std::floor(h);
    const vec3 k = glm::abs(glm::fract(vec3(h) + vec3(0.0f, 2.0f / 3.0f, 1.0f / 3.0f)) * 6.0f - vec3(3.0f)) - vec3(1.0f);
    return glm::clamp(k, vec3(0.0f), vec3(1.0f));
}

TimelineTrack sweep(const LightShowSpot& s, std::size_t i, float seconds, float swing) {
    TimelineTrack t{s.light, TimelineTrack::Property::Rotation, {}};
    const float side = i % 2 ? -1.0f : 1.0f;  // neighbours in opposition: a scissor fan
    for (int q = 0; q <= 4; ++q) {
        const float z = q % 2 ? 0.0f : (q % 4 ? -swing : swing) * side;
        const float x = q % 2 ? (q == 1 ? 0.5f : -0.5f) * swing : 0.0f;  // a tilt towards and away from the hall between swings
        t.keys.push_back({seconds * float(q) / 4.0f, vec4(s.restDegrees + vec3(x, 0.0f, z), 0.0f), Easing::EaseInOut});
    }
    return t;
}

TimelineTrack colours(const LightShowSpot& s, std::size_t i, std::size_t n, float seconds) {
    TimelineTrack t{s.light, TimelineTrack::Property::LightColor, {}};
    for (int q = 0; q <= 4; ++q) {
        // Pastel hues (mixed with white) so the stage stays lit while it changes.
        const vec3 c = glm::mix(vec3(1.0f), hue(float(i) / float(n) + float(q % 4) * 0.25f), 0.7f);
        t.keys.push_back({seconds * float(q) / 4.0f, vec4(c, 0.0f), Easing::Linear});
    }
    return t;
}

// Off, then on from `from` to `to` (seconds), then off again, with steps.
TimelineTrack pulse(const LightShowSpot& s, float from, float to, float seconds) {
    TimelineTrack t{s.light, TimelineTrack::Property::LightIntensity, {}};
    t.keys.push_back({0.0f, vec4(0.0f), Easing::Step});
    t.keys.push_back({from, vec4(s.intensity, 0, 0, 0), Easing::Step});
    t.keys.push_back({to, vec4(0.0f), Easing::Step});
    if (to < seconds) t.keys.push_back({seconds, vec4(0.0f), Easing::Step});
    return t;
}

}  // namespace

Timeline lightShowTimeline(LightShowPreset preset, std::span<const LightShowSpot> spots, const LightShowOptions& options) {
    const float seconds = std::max(options.seconds, 0.5f);
    Timeline tl{.length = seconds, .loop = true, .maxFlashesPerSecond = kMaxSafeFlashesPerSecond};
    const std::size_t n = spots.size();
    switch (preset) {
        case LightShowPreset::Sweep:
            for (std::size_t i = 0; i < n; ++i) {
                tl.tracks.push_back(sweep(spots[i], i, seconds, options.swingDegrees));
                tl.tracks.push_back(colours(spots[i], i, n, seconds));
            }
            break;
        case LightShowPreset::Chase:
            for (std::size_t i = 0; i < n; ++i) {
                const float slot = seconds / float(std::max<std::size_t>(n, 1));
                tl.tracks.push_back(pulse(spots[i], slot * float(i), slot * float(i + 1), seconds));
            }
            break;
        case LightShowPreset::Strobe: {
            // The keys at the safe rate at most; the runner's limit holds even if they are edited faster.
            const float rate = std::clamp(options.flashesPerSecond, 0.1f, kMaxSafeFlashesPerSecond);
            const int flashes = std::max(1, int(std::floor(seconds * rate)));
            tl.length = float(flashes) / rate;
            const float period = 1.0f / rate;
            for (const LightShowSpot& s : spots) {
                TimelineTrack t{s.light, TimelineTrack::Property::LightIntensity, {}};
                for (int f = 0; f < flashes; ++f) {
                    t.keys.push_back({period * float(f), vec4(s.intensity, 0, 0, 0), Easing::Step});
                    t.keys.push_back({period * (float(f) + 0.3f), vec4(0.0f), Easing::Step});  // on for 30% of the period
                }
                t.keys.push_back({tl.length, vec4(0.0f), Easing::Step});
                tl.tracks.push_back(std::move(t));
            }
            break;
        }
    }
    return tl;
}

}  // namespace atrium
