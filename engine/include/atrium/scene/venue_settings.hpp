#pragma once
// Venue-wide settings: sky, sun, ambient light, gravity, the font of its text.
#include <cstdint>

#include "atrium/core/math.hpp"

namespace atrium {

// The font family a venue's text (name tags, signs, chat bubbles) is drawn in.
enum class VenueFont : std::uint8_t { Sans, Serif };

struct VenueSettings {
    vec3 skyZenithColor{0.20f, 0.38f, 0.78f};
    vec3 skyHorizonColor{0.72f, 0.80f, 0.90f};
    vec3 groundColor{0.30f, 0.28f, 0.26f};
    // Direction the sunlight travels (from the sun towards the ground); need not be unit length.
    vec3 sunDirection{-0.4f, -0.8f, -0.45f};
    vec3 sunColor{1.0f, 0.96f, 0.9f};
    float sunIntensity = 3.0f;
    float ambientIntensity = 0.35f;  // scales the sky's contribution to ambient light
    float exposure = 1.0f;
    vec3 gravity{0.0f, -9.81f, 0.0f};
    VenueFont font = VenueFont::Sans;

    friend bool operator==(const VenueSettings&, const VenueSettings&) = default;
};

}  // namespace atrium
