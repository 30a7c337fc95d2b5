#pragma once
// The engine's math vocabulary: glm types plus an axis-aligned box.
#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>
#include <limits>

namespace atrium {

using glm::mat4;
using glm::quat;
using glm::vec2;
using glm::vec3;
using glm::vec4;

struct Aabb {
    vec3 min{std::numeric_limits<float>::max()};
    vec3 max{std::numeric_limits<float>::lowest()};

    bool empty() const { return min.x > max.x; }
    void expand(const vec3& p) {
        min = glm::min(min, p);
        max = glm::max(max, p);
    }
    void expand(const Aabb& b) {
        if (b.empty()) return;
        expand(b.min);
        expand(b.max);
    }
    vec3 center() const { return (min + max) * 0.5f; }
    vec3 size() const { return empty() ? vec3(0.0f) : max - min; }
    // The box around this box after an affine transform.
    Aabb transformed(const mat4& m) const;
};

// A half-line: picking, gizmos and placement cast these from a camera through a pixel.
struct Ray {
    vec3 origin{0.0f};
    vec3 direction{0.0f, 0.0f, -1.0f};  // unit length: distances along it are metres
};

}  // namespace atrium
