#pragma once
// The built-in avatar's body: a skinned mannequin made in code for a skeleton, each part rigidly
// bound to its bone (rounded limbs, a torso, a head), coloured per vertex by the attendee's
// chosen look. Drawn with the joint matrices of skinMatrices().
#include <string>

#include "atrium/animation/humanoid.hpp"
#include "atrium/assets/mesh.hpp"

namespace atrium {

struct AvatarLook {
    BodyPreset body = BodyPreset::Average;
    vec3 skin{0.80f, 0.62f, 0.50f};  // linear RGB
    vec3 top{0.16f, 0.32f, 0.62f};
    vec3 bottom{0.14f, 0.14f, 0.18f};
    vec3 shoes{0.06f, 0.06f, 0.06f};
    // A custom avatar's file, relative to the venue ("avatars/robot.glb"); empty: the mannequin.
    // The colours above stay for when it cannot be drawn (refused, not downloaded yet).
    std::string model;
};

Mesh makeMannequinMesh(const Skeleton& skeleton, const AvatarLook& look = {});

}  // namespace atrium
