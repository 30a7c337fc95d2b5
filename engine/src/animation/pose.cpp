#include "atrium/animation/pose.hpp"

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

namespace atrium {

namespace {

// The shorter way round: q and -q are the same rotation, and keyframes may hold either.
quat nlerp(const quat& a, const quat& b, float t) {
    quat to = glm::dot(a, b) < 0.0f ? -b : b;
    return glm::normalize(a * (1.0f - t) + to * t);
}

}  // namespace

Pose blend(const Pose& a, const Pose& b, float t) {
    if (t <= 0.0f) return a;
    if (t >= 1.0f) return b;
    Pose out;
    // Normalised lerp: between poses a few tens of degrees apart it is as good as slerp, and
    // a crowd blends thousands of bones a frame.
    for (std::size_t i = 0; i < kHumanBoneCount; ++i) out.rotation[i] = nlerp(a.rotation[i], b.rotation[i], t);
    out.hipsOffset = glm::mix(a.hipsOffset, b.hipsOffset, t);
    return out;
}

void blendUpperBody(Pose& base, const Pose& layer, float weight) {
    if (weight <= 0.0f) return;
    for (std::size_t i = 0; i < kHumanBoneCount; ++i) {
        if (isUpperBody(HumanBone(i))) base.rotation[i] = nlerp(base.rotation[i], layer.rotation[i], std::min(weight, 1.0f));
    }
}

void globalMatrices(const Skeleton& skeleton, const Pose& pose, std::span<mat4, kHumanBoneCount> out) {
    for (std::size_t i = 0; i < skeleton.bones.size() && i < kHumanBoneCount; ++i) {
        const Skeleton::Bone& b = skeleton.bones[i];
        vec3 offset = b.restOffset + (b.parent < 0 ? pose.hipsOffset : vec3(0.0f));
        mat4 local = glm::translate(mat4(1.0f), offset) * glm::mat4_cast(pose.rotation[i]);
        out[i] = b.parent < 0 ? local : out[std::size_t(b.parent)] * local;
    }
}

void skinMatrices(const Skeleton& skeleton, const Pose& pose, std::span<mat4, kHumanBoneCount> out) {
    globalMatrices(skeleton, pose, out);
    for (std::size_t i = 0; i < skeleton.bones.size() && i < kHumanBoneCount; ++i) out[i] = out[i] * skeleton.inverseBind[i];
}

}  // namespace atrium
