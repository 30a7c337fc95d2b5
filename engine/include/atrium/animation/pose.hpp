#pragma once
// A humanoid pose: each bone's local rotation (relative to the T-pose rest, which is identity)
// and how far the hips are moved from rest (sitting lowers them, walking bobs them).
#include <array>
#include <span>

#include "atrium/animation/humanoid.hpp"

namespace atrium {

struct Pose {
    std::array<quat, kHumanBoneCount> rotation;
    vec3 hipsOffset{0.0f};
    Pose() { rotation.fill(quat(1, 0, 0, 0)); }
    quat& operator[](HumanBone b) { return rotation[std::size_t(b)]; }
    const quat& operator[](HumanBone b) const { return rotation[std::size_t(b)]; }
};

// `a` towards `b` by `t` (0: a, 1: b), every bone.
Pose blend(const Pose& a, const Pose& b, float t);
// Replaces the upper body of `base` with `layer`'s by `weight` (an emote over walking).
void blendUpperBody(Pose& base, const Pose& layer, float weight);

// Every bone's transform in the avatar's space (the root at its feet), parents first.
void globalMatrices(const Skeleton& skeleton, const Pose& pose, std::span<mat4, kHumanBoneCount> out);
// The joint matrices a skinned mesh bound to the skeleton's rest pose draws with.
void skinMatrices(const Skeleton& skeleton, const Pose& pose, std::span<mat4, kHumanBoneCount> out);

}  // namespace atrium
