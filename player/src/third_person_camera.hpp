#pragma once
// The attendee's camera: behind and above the own avatar, orbited with the mouse, zoomed with
// the wheel, first person at the closest zoom. Walking is relative to where it looks.
#include <functional>
#include <optional>

#include "atrium/render/camera_view.hpp"

namespace atrium::player {

class ThirdPersonCamera {
public:
    static constexpr float kMinDistance = 0.0f;  // first person
    static constexpr float kMaxDistance = 12.0f;
    static constexpr float kEyeHeight = 1.62f;  // the default 1.75 m mannequin's eyes

    // Mouse drag in pixels (scaled by `sensitivity`, radians a pixel) and wheel notches (+: closer).
    void orbit(vec2 mouseDelta, float sensitivity = 0.004f);
    void zoom(float wheelNotches);
    void setYaw(float yaw) { yaw_ = yaw; }

    // Where a wall between the avatar and the camera would stand in the way: the distance along
    // the ray from the head where it is hit, for the camera to stay this side of it.
    using Obstacle = std::function<std::optional<float>(vec3 from, vec3 direction, float distance)>;
    CameraView view(vec3 feet, const Obstacle& obstacle = {}) const;

    // Stick or keys (x right, y forward, each -1..1) as a world-space move on the ground plane,
    // relative to where the camera looks; length at most 1.
    vec2 moveFor(vec2 keys) const;
    // The avatar's facing for that move (yaw about +y, 0 facing -z), or the camera's.
    float yaw() const { return yaw_; }
    float pitch() const { return pitch_; }
    float distance() const { return distance_; }
    bool firstPerson() const { return distance_ <= 0.25f; }

private:
    float yaw_ = 0.0f;      // 0: looking towards -z
    float pitch_ = -0.25f;  // radians, negative looks down
    float distance_ = 4.0f;
};

}  // namespace atrium::player
