#pragma once
// The built-in humanoid: a skeleton with the VRM humanoid bone names (so VRM 0.x/1.0 and
// Ready-Player-Me/Mixamo models retarget onto the same clips), generated in code for a body
// shape. Conventions: Y up, the avatar faces -Z (its right is +X, its left -X), the root is
// between the feet on the ground, and the rest pose is a T-pose with every local rotation
// identity, so a clip's rotations are the pose itself.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/math.hpp"

namespace atrium {

enum class HumanBone : std::uint8_t {
    Hips,
    Spine,
    Chest,
    UpperChest,
    Neck,
    Head,
    LeftShoulder,
    LeftUpperArm,
    LeftLowerArm,
    LeftHand,
    RightShoulder,
    RightUpperArm,
    RightLowerArm,
    RightHand,
    LeftUpperLeg,
    LeftLowerLeg,
    LeftFoot,
    LeftToes,
    RightUpperLeg,
    RightLowerLeg,
    RightFoot,
    RightToes,
};
inline constexpr std::size_t kHumanBoneCount = 22;

// "hips", "leftUpperArm", ... as VRM names them.
std::string_view vrmName(HumanBone bone);
// The bone a model's joint name stands for: VRM names, and the Mixamo/Ready-Player-Me ones
// ("mixamorig:LeftUpLeg", "LeftForeArm", "Spine2"), case-insensitively.
std::optional<HumanBone> humanBoneFromName(std::string_view name);
// Bones from the upper chest up and the arms: what an emote moves while the legs walk or sit.
bool isUpperBody(HumanBone bone);

struct Skeleton {
    struct Bone {
        HumanBone bone;
        int parent = -1;        // index into bones, -1 for the hips
        vec3 restOffset{0.0f};  // from the parent's joint (the root for the hips), rest pose
    };
    std::vector<Bone> bones;        // parents before children; bones[i].bone == HumanBone(i)
    std::vector<mat4> inverseBind;  // of each bone's rest global transform
};

// Body presets the attendee picks from; colours live with the avatar's look, not here.
enum class BodyPreset : std::uint8_t { Average, Tall, Short, Broad, Slim };
inline constexpr std::array<BodyPreset, 5> kBodyPresets = {BodyPreset::Average, BodyPreset::Tall, BodyPreset::Short, BodyPreset::Broad,
                                                           BodyPreset::Slim};
std::string_view toString(BodyPreset preset);
std::optional<BodyPreset> bodyPresetFromString(std::string_view name);

struct BodyShape {
    float height = 1.75f;  // metres, feet to the top of the head
    float build = 1.0f;    // width of shoulders, hips and limbs relative to average
};
BodyShape bodyShape(BodyPreset preset);

Skeleton makeHumanoidSkeleton(const BodyShape& shape = {});

}  // namespace atrium
