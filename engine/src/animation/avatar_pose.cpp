#include "atrium/animation/avatar_pose.hpp"

#include <glm/gtc/matrix_transform.hpp>

namespace atrium {
namespace {

float legLength(const Skeleton& s) {
    const auto& b = s.bones;
    return glm::length(b[std::size_t(HumanBone::LeftLowerLeg)].restOffset) + glm::length(b[std::size_t(HumanBone::LeftFoot)].restOffset);
}

}  // namespace

void avatarGlobals(const AvatarModel& avatar, const Skeleton& source, const Pose& pose, std::vector<mat4>& out) {
    // The built-in bones' rotations in avatar space; their rest is identity, so these are the
    // turns from rest that the custom bones copy.
    std::array<glm::mat3, kHumanBoneCount> turn;
    std::array<quat, kHumanBoneCount> global;
    for (std::size_t i = 0; i < source.bones.size() && i < kHumanBoneCount; ++i) {
        const int parent = source.bones[i].parent;
        global[i] = parent < 0 ? pose.rotation[i] : global[std::size_t(parent)] * pose.rotation[i];
        turn[i] = glm::mat3_cast(global[i]);
    }
    const float sourceLeg = legLength(source);
    const float scale = sourceLeg > 0.0f ? avatar.legLength / sourceLeg : 1.0f;
    out.resize(avatar.joints.size());
    for (std::size_t i = 0; i < avatar.joints.size(); ++i) {
        const AvatarModel::Joint& j = avatar.joints[i];
        const mat4 parent = j.parent >= 0 ? out[std::size_t(j.parent)] : avatar.modelToAvatar;
        mat4 m = parent * j.restLocal;  // where the parent's pose carries it
        if (j.human >= 0) {
            const glm::mat3 linear = turn[std::size_t(j.human)] * glm::mat3(j.restGlobal);
            m[0] = vec4(linear[0], 0.0f);
            m[1] = vec4(linear[1], 0.0f);
            m[2] = vec4(linear[2], 0.0f);
            if (j.human == int(HumanBone::Hips)) m[3] += vec4(pose.hipsOffset * scale, 0.0f);
        }
        out[i] = m;
    }
}

void avatarSkinMatrices(const AvatarModel& avatar, const Skeleton& source, const Pose& pose, std::vector<mat4>& out) {
    static thread_local std::vector<mat4> globals;
    avatarGlobals(avatar, source, pose, globals);
    const Skin& skin = avatar.model->skins[std::size_t(avatar.skin)];
    out.resize(avatar.skinJoints.size());
    for (std::size_t j = 0; j < avatar.skinJoints.size(); ++j) {
        const mat4 ibm = j < skin.inverseBindMatrices.size() ? skin.inverseBindMatrices[j] : mat4(1.0f);
        out[j] = globals[std::size_t(avatar.skinJoints[j])] * ibm;
    }
}

}  // namespace atrium
