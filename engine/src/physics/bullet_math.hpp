#pragma once
// Conversions between glm and Bullet math types (physics internals only).
#include <btBulletDynamicsCommon.h>

#include "atrium/core/math.hpp"

namespace atrium::physics {

inline btVector3 toBt(const vec3& v) { return btVector3(v.x, v.y, v.z); }
inline btQuaternion toBt(const quat& q) { return btQuaternion(q.x, q.y, q.z, q.w); }
inline vec3 toGlm(const btVector3& v) { return vec3(float(v.x()), float(v.y()), float(v.z())); }
inline quat toGlm(const btQuaternion& q) { return quat(float(q.w()), float(q.x()), float(q.y()), float(q.z())); }
inline btTransform toBt(const vec3& position, const quat& rotation) { return btTransform(toBt(rotation), toBt(position)); }

struct Pose {
    vec3 position{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
};

// Splits an affine matrix into translation, rotation and per-axis scale (no shear).
inline Pose decompose(const mat4& m, vec3* scale) {
    vec3 s(glm::length(vec3(m[0])), glm::length(vec3(m[1])), glm::length(vec3(m[2])));
    glm::mat3 r(vec3(m[0]) / (s.x > 0 ? s.x : 1.0f), vec3(m[1]) / (s.y > 0 ? s.y : 1.0f), vec3(m[2]) / (s.z > 0 ? s.z : 1.0f));
    if (scale) *scale = s;
    return Pose{vec3(m[3]), glm::normalize(glm::quat_cast(r))};
}

}  // namespace atrium::physics
