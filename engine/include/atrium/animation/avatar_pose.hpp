#pragma once
// Retargeting: the built-in clips' poses (authored on the built-in skeleton, whose rest pose is
// a T-pose with identity rotations) on a custom avatar's own skeleton. Each mapped bone turns
// in avatar space by as much as the built-in bone turns from its rest, whatever the custom
// bone's own rest orientation and axis convention (Blender's bone-along-Y, Mixamo's, VRM's
// identity); the hips move by the built-in offset scaled by the ratio of leg lengths, so a
// taller avatar sits down as far as its legs need; bones the clips do not know (fingers, hair,
// a spine's extra joints) keep their rest pose relative to their parent.
#include <span>
#include <vector>

#include "atrium/animation/avatar_model.hpp"
#include "atrium/animation/pose.hpp"

namespace atrium {

// Every joint's transform in avatar space (the root at its feet, facing -Z), one per
// avatar.joints, for `pose` of the built-in `source` skeleton.
void avatarGlobals(const AvatarModel& avatar, const Skeleton& source, const Pose& pose, std::vector<mat4>& out);

// The joint matrices avatar.model's skinned meshes draw with, one per joint of avatar.skin, in
// avatar space: draw them with the avatar entity's world matrix as the instance's.
void avatarSkinMatrices(const AvatarModel& avatar, const Skeleton& source, const Pose& pose, std::vector<mat4>& out);

}  // namespace atrium
