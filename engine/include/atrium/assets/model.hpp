#pragma once
// An imported model: everything a glTF file holds, CPU-side, indices between its arrays.
#include <memory>
#include <string>
#include <vector>

#include "atrium/assets/material.hpp"
#include "atrium/assets/mesh.hpp"
#include "atrium/assets/texture.hpp"
#include "atrium/core/math.hpp"
#include "atrium/scene/components.hpp"

namespace atrium {

struct ModelNode {
    std::string name;
    int parent = -1;
    std::vector<int> children;
    int mesh = -1;
    int skin = -1;
    Transform local;
};

struct Skin {
    std::string name;
    std::vector<int> joints;  // node indices
    std::vector<mat4> inverseBindMatrices;
    int skeleton = -1;
};

enum class AnimationPath : std::uint8_t { Translation, Rotation, Scale, Weights };
enum class Interpolation : std::uint8_t { Linear, Step, CubicSpline };

struct AnimationSampler {
    std::vector<float> times;
    // Translation and scale use xyz, rotation xyzw (quaternion), weights x. Cubic spline
    // samplers store in-tangent, value, out-tangent per key, as glTF does.
    std::vector<vec4> values;
    Interpolation interpolation = Interpolation::Linear;
};

struct AnimationChannel {
    int node = -1;
    AnimationPath path = AnimationPath::Translation;
    int sampler = -1;
};

struct Animation {
    std::string name;
    std::vector<AnimationChannel> channels;
    std::vector<AnimationSampler> samplers;
    float duration = 0.0f;
};

struct Model {
    std::string path;  // where it was loaded from ("builtin:box" for procedural meshes)
    std::vector<Mesh> meshes;
    std::vector<Material> materials;
    std::vector<Texture> textures;
    std::vector<ModelNode> nodes;
    std::vector<int> rootNodes;  // roots of the default scene
    std::vector<Skin> skins;
    std::vector<Animation> animations;
    Aabb bounds;                        // of the default scene, in model space
    std::vector<std::string> warnings;  // things imported with a fallback (e.g. an unsupported primitive mode)
};

using ModelPtr = std::shared_ptr<const Model>;

}  // namespace atrium
