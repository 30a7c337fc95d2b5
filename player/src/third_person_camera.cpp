#include "third_person_camera.hpp"

#include <algorithm>
#include <cmath>

namespace atrium::player {

void ThirdPersonCamera::orbit(vec2 mouseDelta, float sensitivity) {
    yaw_ += mouseDelta.x * sensitivity;
    pitch_ = std::clamp(pitch_ - mouseDelta.y * sensitivity, -1.3f, 1.0f);
}

void ThirdPersonCamera::zoom(float wheelNotches) {
    // Each notch a fifth nearer or further, so zooming feels the same close up and far out;
    // from first person the first notch out goes to a metre.
    float d = distance_ <= 0.25f && wheelNotches < 0.0f ? 1.0f : distance_ * std::pow(0.8f, wheelNotches);
    distance_ = d < 0.5f ? kMinDistance : std::min(d, kMaxDistance);
}

CameraView ThirdPersonCamera::view(vec3 feet, const Obstacle& obstacle) const {
    const vec3 forward(std::sin(yaw_) * std::cos(pitch_), std::sin(pitch_), -std::cos(yaw_) * std::cos(pitch_));
    const vec3 head = feet + vec3(0.0f, kEyeHeight, 0.0f);
    if (firstPerson()) return CameraView{.eye = head, .target = head + forward};
    float d = distance_;
    if (obstacle) {
        // A little short of the wall, so the near plane does not cut into it.
        if (std::optional<float> hit = obstacle(head, -forward, distance_)) d = std::max(0.3f, *hit - 0.2f);
    }
    return CameraView{.eye = head - forward * d, .target = head};
}

vec2 ThirdPersonCamera::moveFor(vec2 keys) const {
    if (glm::length(keys) < 1e-4f) return vec2(0.0f);
    if (glm::length(keys) > 1.0f) keys = glm::normalize(keys);
    const vec2 forward(std::sin(yaw_), -std::cos(yaw_)), right(std::cos(yaw_), std::sin(yaw_));
    return right * keys.x + forward * keys.y;
}

}  // namespace atrium::player
