#include "atrium/animation/humanoid.hpp"

#include <algorithm>
#include <cctype>
#include <glm/gtc/matrix_transform.hpp>

namespace atrium {

namespace {

constexpr std::string_view kVrmNames[kHumanBoneCount] = {
    "hips",         "spine",    "chest",         "upperChest",    "neck",          "head",      "leftShoulder", "leftUpperArm",
    "leftLowerArm", "leftHand", "rightShoulder", "rightUpperArm", "rightLowerArm", "rightHand", "leftUpperLeg", "leftLowerLeg",
    "leftFoot",     "leftToes", "rightUpperLeg", "rightLowerLeg", "rightFoot",     "rightToes",
};

// Mixamo's (and so Ready Player Me's) names, without the "mixamorig:" prefix.
constexpr std::pair<std::string_view, HumanBone> kMixamoNames[] = {
    {"hips", HumanBone::Hips},
    {"spine", HumanBone::Spine},
    {"spine1", HumanBone::Chest},
    {"spine2", HumanBone::UpperChest},
    {"neck", HumanBone::Neck},
    {"head", HumanBone::Head},
    {"leftshoulder", HumanBone::LeftShoulder},
    {"leftarm", HumanBone::LeftUpperArm},
    {"leftforearm", HumanBone::LeftLowerArm},
    {"lefthand", HumanBone::LeftHand},
    {"rightshoulder", HumanBone::RightShoulder},
    {"rightarm", HumanBone::RightUpperArm},
    {"rightforearm", HumanBone::RightLowerArm},
    {"righthand", HumanBone::RightHand},
    {"leftupleg", HumanBone::LeftUpperLeg},
    {"leftleg", HumanBone::LeftLowerLeg},
    {"leftfoot", HumanBone::LeftFoot},
    {"lefttoebase", HumanBone::LeftToes},
    {"rightupleg", HumanBone::RightUpperLeg},
    {"rightleg", HumanBone::RightLowerLeg},
    {"rightfoot", HumanBone::RightFoot},
    {"righttoebase", HumanBone::RightToes},
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

}  // namespace

std::string_view vrmName(HumanBone bone) { return kVrmNames[std::size_t(bone)]; }

std::optional<HumanBone> humanBoneFromName(std::string_view name) {
    std::string n = lower(name);
    if (auto colon = n.rfind(':'); colon != std::string::npos) n.erase(0, colon + 1);  // "mixamorig:hips"
    for (std::size_t i = 0; i < kHumanBoneCount; ++i) {
        if (n == lower(kVrmNames[i])) return HumanBone(i);
    }
    for (const auto& [mixamo, bone] : kMixamoNames) {
        if (n == mixamo) return bone;
    }
    return std::nullopt;
}

bool isUpperBody(HumanBone bone) {
    return bone == HumanBone::UpperChest || bone == HumanBone::Neck || bone == HumanBone::Head ||
           (bone >= HumanBone::LeftShoulder && bone <= HumanBone::RightHand);
}

std::string_view toString(BodyPreset preset) {
    switch (preset) {
        case BodyPreset::Average: return "average";
        case BodyPreset::Tall: return "tall";
        case BodyPreset::Short: return "short";
        case BodyPreset::Broad: return "broad";
        case BodyPreset::Slim: return "slim";
    }
    return "average";
}

std::optional<BodyPreset> bodyPresetFromString(std::string_view name) {
    for (BodyPreset p : kBodyPresets) {
        if (toString(p) == name) return p;
    }
    return std::nullopt;
}

BodyShape bodyShape(BodyPreset preset) {
    switch (preset) {
        case BodyPreset::Average: return {1.75f, 1.0f};
        case BodyPreset::Tall: return {1.92f, 1.0f};
        case BodyPreset::Short: return {1.58f, 0.95f};
        case BodyPreset::Broad: return {1.80f, 1.25f};
        case BodyPreset::Slim: return {1.72f, 0.82f};
    }
    return {};
}

Skeleton makeHumanoidSkeleton(const BodyShape& shape) {
    // Proportions of a 1.75 m adult, scaled by height; the build widens shoulders and hips.
    const float s = shape.height / 1.75f, w = s * shape.build;
    using B = HumanBone;
    auto bone = [&](B b, B parent, vec3 offset) { return Skeleton::Bone{b, int(parent), offset}; };
    Skeleton sk;
    sk.bones = {
        {B::Hips, -1, vec3(0, 0.95f, 0) * s},
        bone(B::Spine, B::Hips, vec3(0, 0.10f, 0) * s),
        bone(B::Chest, B::Spine, vec3(0, 0.15f, 0) * s),
        bone(B::UpperChest, B::Chest, vec3(0, 0.13f, 0) * s),
        bone(B::Neck, B::UpperChest, vec3(0, 0.12f, 0) * s),
        bone(B::Head, B::Neck, vec3(0, 0.10f, 0) * s),
        bone(B::LeftShoulder, B::UpperChest, vec3(-0.05f * w, 0.07f * s, 0)),
        bone(B::LeftUpperArm, B::LeftShoulder, vec3(-0.13f * w, 0, 0)),
        bone(B::LeftLowerArm, B::LeftUpperArm, vec3(-0.28f * s, 0, 0)),
        bone(B::LeftHand, B::LeftLowerArm, vec3(-0.26f * s, 0, 0)),
        bone(B::RightShoulder, B::UpperChest, vec3(0.05f * w, 0.07f * s, 0)),
        bone(B::RightUpperArm, B::RightShoulder, vec3(0.13f * w, 0, 0)),
        bone(B::RightLowerArm, B::RightUpperArm, vec3(0.28f * s, 0, 0)),
        bone(B::RightHand, B::RightLowerArm, vec3(0.26f * s, 0, 0)),
        bone(B::LeftUpperLeg, B::Hips, vec3(-0.09f * w, -0.05f * s, 0)),
        bone(B::LeftLowerLeg, B::LeftUpperLeg, vec3(0, -0.42f, 0) * s),
        bone(B::LeftFoot, B::LeftLowerLeg, vec3(0, -0.42f, 0) * s),
        bone(B::LeftToes, B::LeftFoot, vec3(0, -0.04f, -0.12f) * s),
        bone(B::RightUpperLeg, B::Hips, vec3(0.09f * w, -0.05f * s, 0)),
        bone(B::RightLowerLeg, B::RightUpperLeg, vec3(0, -0.42f, 0) * s),
        bone(B::RightFoot, B::RightLowerLeg, vec3(0, -0.42f, 0) * s),
        bone(B::RightToes, B::RightFoot, vec3(0, -0.04f, -0.12f) * s),
    };
    // The rest pose's rotations are all identity: a bone's rest global transform is a translation.
    std::vector<vec3> at(sk.bones.size());
    sk.inverseBind.resize(sk.bones.size());
    for (std::size_t i = 0; i < sk.bones.size(); ++i) {
        const Skeleton::Bone& b = sk.bones[i];
        at[i] = (b.parent < 0 ? vec3(0.0f) : at[std::size_t(b.parent)]) + b.restOffset;
        sk.inverseBind[i] = glm::translate(mat4(1.0f), -at[i]);
    }
    return sk;
}

}  // namespace atrium
