#include "atrium/animation/mannequin.hpp"

#include <glm/gtc/matrix_transform.hpp>

#include "atrium/assets/procedural_mesh.hpp"

namespace atrium {

namespace {

using B = HumanBone;

struct Builder {
    const Skeleton& skeleton;
    std::vector<vec3> joint;  // rest positions
    MeshPrimitive out;

    explicit Builder(const Skeleton& s) : skeleton(s), joint(s.bones.size()) {
        for (std::size_t i = 0; i < s.bones.size(); ++i) {
            const Skeleton::Bone& b = s.bones[i];
            joint[i] = (b.parent < 0 ? vec3(0.0f) : joint[std::size_t(b.parent)]) + b.restOffset;
        }
    }
    vec3 at(B b) const { return joint[std::size_t(b)]; }

    // Appends `part` moved by `m`, bound wholly to `bone`, in `colour`.
    void add(const Mesh& part, const mat4& m, B bone, vec3 colour) {
        const glm::mat3 n = glm::transpose(glm::inverse(glm::mat3(m)));
        for (const MeshPrimitive& p : part.primitives) {
            const auto base = std::uint32_t(out.positions.size());
            for (std::size_t i = 0; i < p.positions.size(); ++i) {
                out.positions.push_back(vec3(m * vec4(p.positions[i], 1.0f)));
                out.normals.push_back(glm::normalize(n * (i < p.normals.size() ? p.normals[i] : vec3(0, 1, 0))));
                out.colors.push_back(vec4(colour, 1.0f));
                out.joints.push_back(glm::u16vec4(std::uint16_t(bone), 0, 0, 0));
                out.weights.push_back(vec4(1, 0, 0, 0));
            }
            for (std::uint32_t i : p.indices) out.indices.push_back(base + i);
        }
    }
    // A rounded limb from joint `a` to `b` (the cylinder's y axis along it), on bone `a`.
    void limb(B a, vec3 from, vec3 to, float radius, vec3 colour) {
        vec3 d = to - from;
        float length = glm::length(d);
        vec3 y = d / length, x = std::abs(y.y) < 0.9f ? glm::normalize(glm::cross(y, vec3(0, 1, 0))) : vec3(1, 0, 0);
        vec3 z = glm::cross(x, y);
        mat4 m(vec4(x, 0), vec4(y, 0), vec4(z, 0), vec4(from, 1));
        add(makeCylinder(radius, length, 12), m, a, colour);
        add(makeSphere(radius, 12, 8), glm::translate(mat4(1.0f), from), a, colour);
    }
    void box(B bone, vec3 centre, vec3 size, vec3 colour) { add(makeBox(size), glm::translate(mat4(1.0f), centre), bone, colour); }
};

}  // namespace

Mesh makeMannequinMesh(const Skeleton& skeleton, const AvatarLook& look) {
    Builder b(skeleton);
    const float s = glm::length(b.at(B::Head) - b.at(B::Hips)) / 0.60f;                         // height relative to 1.75 m
    const float w = glm::length(b.at(B::RightUpperArm) - b.at(B::LeftUpperArm)) / (0.36f * s);  // build
    // Torso: the hips in the trousers' colour, the chest in the top's.
    b.box(B::Hips, b.at(B::Hips) + vec3(0, 0.02f, 0) * s, vec3(0.32f * w, 0.16f * s, 0.20f * w), look.bottom);
    b.box(B::Spine, b.at(B::Spine) + vec3(0, 0.08f, 0) * s, vec3(0.30f * w, 0.16f * s, 0.19f * w), look.top);
    b.box(B::Chest, b.at(B::Chest) + vec3(0, 0.08f, 0) * s, vec3(0.34f * w, 0.16f * s, 0.21f * w), look.top);
    b.box(B::UpperChest, b.at(B::UpperChest) + vec3(0, 0.05f, 0) * s, vec3(0.38f * w, 0.12f * s, 0.21f * w), look.top);
    b.limb(B::Neck, b.at(B::Neck), b.at(B::Head), 0.05f * s, look.skin);
    b.add(makeSphere(0.11f * s, 16, 12), glm::scale(glm::translate(mat4(1.0f), b.at(B::Head) + vec3(0, 0.10f, 0) * s), vec3(0.9f, 1.1f, 1.0f)),
          B::Head, look.skin);
    for (bool left : {true, false}) {
        auto side = [&](B l, B r) { return left ? l : r; };
        b.limb(side(B::LeftUpperArm, B::RightUpperArm), b.at(side(B::LeftUpperArm, B::RightUpperArm)),
               b.at(side(B::LeftLowerArm, B::RightLowerArm)), 0.05f * w, look.top);
        b.limb(side(B::LeftLowerArm, B::RightLowerArm), b.at(side(B::LeftLowerArm, B::RightLowerArm)), b.at(side(B::LeftHand, B::RightHand)),
               0.04f * w, look.skin);
        const float out = left ? -1.0f : 1.0f;
        b.add(
            makeSphere(0.05f * s, 10, 8),
            glm::scale(glm::translate(mat4(1.0f), b.at(side(B::LeftHand, B::RightHand)) + vec3(0.06f * out, 0, 0) * s), vec3(1.4f, 0.6f, 1.0f)),
            side(B::LeftHand, B::RightHand), look.skin);
        b.limb(side(B::LeftUpperLeg, B::RightUpperLeg), b.at(side(B::LeftUpperLeg, B::RightUpperLeg)),
               b.at(side(B::LeftLowerLeg, B::RightLowerLeg)), 0.075f * w, look.bottom);
        b.limb(side(B::LeftLowerLeg, B::RightLowerLeg), b.at(side(B::LeftLowerLeg, B::RightLowerLeg)), b.at(side(B::LeftFoot, B::RightFoot)),
               0.055f * w, look.bottom);
        const vec3 foot = b.at(side(B::LeftFoot, B::RightFoot));
        b.box(side(B::LeftFoot, B::RightFoot), foot + vec3(0, -0.02f, -0.05f) * s, vec3(0.10f * w, 0.08f * s, 0.25f * s), look.shoes);
    }
    Mesh mesh;
    mesh.name = "mannequin";
    for (const vec3& p : b.out.positions) b.out.bounds.expand(p);
    mesh.bounds = b.out.bounds;
    mesh.primitives.push_back(std::move(b.out));
    return mesh;
}

}  // namespace atrium
