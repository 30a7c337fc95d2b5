#pragma once
// The light-show kit: preset timelines for a truss of moving spot lights (the light_truss
// kit's spots, or any), which a builder drops on an entity and starts with an action.
//   Sweep:  the spots swing side to side, neighbours in opposition, drifting through colours.
//   Chase:  one spot on at a time, running along the truss.
//   Strobe: every spot flashing together, never faster than kMaxSafeFlashesPerSecond.
#include <cstdint>
#include <span>

#include "atrium/scene/show/show_data.hpp"

namespace atrium {

// The general flash threshold of WCAG 2.3.1 and the UK's Ofcom guidance: content flashing more
// than three times a second can set off seizures in people with photosensitive epilepsy.
inline constexpr float kMaxSafeFlashesPerSecond = 3.0f;

enum class LightShowPreset : std::uint8_t { Sweep, Chase, Strobe };

struct LightShowSpot {
    StableId light;
    vec3 restDegrees{-90.0f, 0.0f, 0.0f};  // Euler angles it hangs at (the truss aims them down)
    float intensity = 4000.0f;             // when on
};

struct LightShowOptions {
    float seconds = 8.0f;  // one cycle; the timeline loops
    float swingDegrees = 30.0f;
    // Strobe: asked for; the timeline flashes at most kMaxSafeFlashesPerSecond whatever this says.
    float flashesPerSecond = 3.0f;
};

Timeline lightShowTimeline(LightShowPreset preset, std::span<const LightShowSpot> spots, const LightShowOptions& options = {});

}  // namespace atrium
