#include "atrium/scene/show/show_data.hpp"

#include <algorithm>

namespace atrium {

float ease(Easing easing, float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    switch (easing) {
        case Easing::Linear: return t;
        case Easing::EaseIn: return t * t;
        case Easing::EaseOut: return t * (2.0f - t);
        case Easing::EaseInOut: return t * t * (3.0f - 2.0f * t);
        case Easing::Step: return t >= 1.0f ? 1.0f : 0.0f;
    }
    return t;
}

bool admits(RoleFilter filter, PersonRole role) {
    switch (filter) {
        case RoleFilter::Anyone: return true;
        case RoleFilter::Attendee: return role == PersonRole::Attendee;
        case RoleFilter::Presenter: return role == PersonRole::Presenter;
        case RoleFilter::Host: return role == PersonRole::Host;
        case RoleFilter::Staff: return role != PersonRole::Attendee;
    }
    return false;
}

vec4 sampleTrack(const TimelineTrack& track, float time) {
    const auto& keys = track.keys;
    if (keys.empty()) return vec4(0.0f);
    if (time <= keys.front().time) return keys.front().value;
    if (time >= keys.back().time) return keys.back().value;
    // The first key after `time`; keys are sorted by time (the file's reader checks it).
    auto next = std::upper_bound(keys.begin(), keys.end(), time, [](float t, const TimelineKey& k) { return t < k.time; });
    auto prev = next - 1;
    const float span = next->time - prev->time;
    const float t = span > 0.0f ? (time - prev->time) / span : 1.0f;
    return glm::mix(prev->value, next->value, ease(next->easing, t));
}

}  // namespace atrium
