#pragma once
// CPU pose evaluation for glTF skins: samples an animation at a time, composes node transforms
// down the model's hierarchy and produces one joint matrix per skin joint, in model space.
#include <vector>

#include "atrium/assets/model.hpp"

namespace atrium::render {

// Global (model-space) matrices of every node in the rest pose.
std::vector<mat4> restPose(const Model& model);

// Joint matrices (global joint transform times inverse bind matrix) for `skin`, with
// `animation` (-1: none) sampled at `time` seconds, looping over its duration.
void skinJointMatrices(const Model& model, int skin, int animation, double time, std::vector<mat4>& out);

}  // namespace atrium::render
