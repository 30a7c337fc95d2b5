#pragma once
// A custom avatar: a glTF/GLB humanoid a user chose (VRM 0.x or 1.0, or a model with Mixamo /
// Ready Player Me bone names), checked against an avatar budget, its skin's joints mapped to the
// built-in humanoid's bones so the built-in clips drive it (avatar_pose.hpp). Loading never
// touches the GPU: a refusal comes before anything is uploaded, and the caller draws the
// mannequin instead, with the message.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/animation/humanoid.hpp"
#include "atrium/assets/model.hpp"
#include "atrium/core/error.hpp"

namespace atrium {

// What one attendee's avatar may cost everyone who sees it. Defaults: a Ready Player Me
// half-body is ~10k triangles and 60-70 joints; a VRoid export 20-70k triangles, so the
// triangle limit keeps the crowd drawable while taking the lighter exports.
struct AvatarBudget {
    std::uint64_t triangles = 20000;
    std::uint64_t bones = 128;                 // joints of the skins
    std::uint64_t textureBytes = 16ull << 20;  // decoded RGBA8 with mipmaps
    std::uint64_t fileBytes = 16ull << 20;
};

struct AvatarModel {
    // The nodes posing needs (the skin's joints and the nodes above them), parents first.
    struct Joint {
        int node = -1;
        int parent = -1;  // index into joints; -1: a root of the model
        int human = -1;   // HumanBone it is, -1 for one the clips do not drive
        mat4 restLocal{1.0f};
        mat4 restGlobal{1.0f};  // in avatar space (see modelToAvatar)
    };
    std::string file;  // as named to loadAvatarModel (the venue path where there is one)
    ModelPtr model;    // meshes, materials and textures, CPU side
    int skin = -1;
    std::vector<int> meshNodes;                // nodes whose meshes `skin` deforms
    std::vector<Joint> joints;                 // parents first
    std::vector<int> skinJoints;               // per joint of the skin: its index in `joints`
    std::array<int, kHumanBoneCount> human{};  // per HumanBone: its index in `joints`, -1 when missing
    std::string mapping;                       // "VRM 0.x", "VRM 1.0" or "bone names"
    // Model space to avatar space (avatar.hpp's conventions: Y up, facing -Z, feet on y = 0):
    // a turn about Y for models that face +Z, as glTF and VRM 1.0 do, and a lift to the soles.
    mat4 modelToAvatar{1.0f};
    float legLength = 0.0f;  // upper plus lower leg at rest, metres
    float headHeight = 0.0f;
    Aabb bounds;  // of the skinned meshes at rest, avatar space
    std::uint64_t triangles = 0, bones = 0, textureBytes = 0;

    int joint(HumanBone b) const { return human[std::size_t(b)]; }
};

using AvatarModelPtr = std::shared_ptr<const AvatarModel>;

// The bones without which the clips cannot move a body: refused when any is missing.
inline constexpr HumanBone kRequiredAvatarBones[] = {
    HumanBone::Hips,         HumanBone::Spine,         HumanBone::Head,         HumanBone::LeftUpperArm,  HumanBone::RightUpperArm,
    HumanBone::LeftUpperLeg, HumanBone::RightUpperLeg, HumanBone::LeftLowerLeg, HumanBone::RightLowerLeg,
};

// Loads `file` as a humanoid avatar. `label` names it in messages (the venue-relative path an
// attendee chose; the file's path when empty). Refusals: over `budget` (which limit, with both
// numbers), not glTF, no skin, a required bone missing, a VRM bone table that points nowhere.
Result<AvatarModel> loadAvatarModel(const std::filesystem::path& file, const AvatarBudget& budget = {}, std::string_view label = {});

}  // namespace atrium
