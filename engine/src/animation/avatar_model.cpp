#include "atrium/animation/avatar_model.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <glm/gtc/matrix_transform.hpp>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/gltf_inspect.hpp"

namespace atrium {
namespace {

// HumanBone per node, from the VRM table when the file has one, else from the nodes' names.
Result<std::vector<int>> humanBonesByNode(const Model& model, const GltfInspection& info) {
    std::vector<int> byNode(model.nodes.size(), -1);
    std::vector<bool> taken(kHumanBoneCount, false);
    auto claim = [&](std::size_t node, HumanBone b) {
        if (taken[std::size_t(b)] || byNode[node] >= 0) return;  // the first of two "Hips" wins
        taken[std::size_t(b)] = true;
        byNode[node] = int(b);
    };
    if (!info.vrmVersion.empty()) {
        const std::string table = info.vrmVersion == "1.0" ? "extensions.VRMC_vrm.humanoid.humanBones" : "extensions.VRM.humanoid.humanBones";
        for (const auto& [name, node] : info.vrmHumanBones) {
            std::optional<HumanBone> b = humanBoneFromName(name);
            if (!b) continue;  // fingers, eyes, jaw: the clips do not move them
            if (node < 0 || std::size_t(node) >= model.nodes.size())
                return Error{"VRM bone \"" + name + "\" names node " + std::to_string(node) + ", but the file has " +
                                 std::to_string(model.nodes.size()) + " nodes",
                             "", table};
            claim(std::size_t(node), *b);
        }
        return byNode;
    }
    for (std::size_t n = 0; n < model.nodes.size(); ++n) {
        if (std::optional<HumanBone> b = humanBoneFromName(model.nodes[n].name)) claim(n, *b);
    }
    return byNode;
}

// The skin whose joints hold the most humanoid bones (a model may carry a second one for hair).
int chooseSkin(const Model& model, const std::vector<int>& byNode) {
    int best = -1;
    std::size_t bestCount = 0;
    for (std::size_t s = 0; s < model.skins.size(); ++s) {
        std::size_t count = 0;
        for (int j : model.skins[s].joints) count += byNode[std::size_t(j)] >= 0 ? 1 : 0;
        if (best < 0 || count > bestCount) {
            best = int(s);
            bestCount = count;
        }
    }
    return best;
}

std::uint64_t countTriangles(const Model& model) {
    std::uint64_t n = 0;
    for (const Mesh& mesh : model.meshes) {
        for (const MeshPrimitive& p : mesh.primitives) n += p.mode == PrimitiveMode::Triangles ? p.indices.size() / 3 : 0;
    }
    return n;
}

std::uint64_t countBones(const Model& model) {
    std::set<int> joints;
    for (const Skin& s : model.skins) joints.insert(s.joints.begin(), s.joints.end());
    return joints.size();
}

Status checkBudget(const AvatarBudget& budget, std::uint64_t triangles, std::uint64_t bones, std::uint64_t textureBytes) {
    auto over = [](std::uint64_t have, std::uint64_t limit, const char* what) {
        return Error{std::to_string(have) + " " + what + ", over the avatar budget of " + std::to_string(limit) + " " + what};
    };
    if (triangles > budget.triangles) return over(triangles, budget.triangles, "triangles");
    if (bones > budget.bones) return over(bones, budget.bones, "bones");
    if (textureBytes > budget.textureBytes) return over(textureBytes, budget.textureBytes, "bytes of texture memory");
    return Ok{};
}

// The skin's joints and every node above them, parents first, with rest transforms in model space.
void collectJoints(const Model& model, const Skin& skin, const std::vector<int>& byNode, AvatarModel& out) {
    std::vector<bool> needed(model.nodes.size(), false);
    for (int j : skin.joints) {
        for (int n = j; n >= 0 && !needed[std::size_t(n)]; n = model.nodes[std::size_t(n)].parent) needed[std::size_t(n)] = true;
    }
    std::vector<int> index(model.nodes.size(), -1);
    std::vector<int> stack;
    for (std::size_t n = 0; n < model.nodes.size(); ++n) {
        if (model.nodes[n].parent < 0 && needed[n]) stack.push_back(int(n));
    }
    while (!stack.empty()) {
        const int n = stack.back();
        stack.pop_back();
        const ModelNode& node = model.nodes[std::size_t(n)];
        AvatarModel::Joint j;
        j.node = n;
        j.parent = node.parent >= 0 ? index[std::size_t(node.parent)] : -1;
        j.human = byNode[std::size_t(n)];
        j.restLocal = node.local.matrix();
        j.restGlobal = j.parent >= 0 ? out.joints[std::size_t(j.parent)].restGlobal * j.restLocal : j.restLocal;
        index[std::size_t(n)] = int(out.joints.size());
        out.joints.push_back(j);
        for (int c : node.children) {
            if (needed[std::size_t(c)]) stack.push_back(c);
        }
    }
    out.human.fill(-1);
    for (std::size_t i = 0; i < out.joints.size(); ++i) {
        if (out.joints[i].human >= 0) out.human[std::size_t(out.joints[i].human)] = int(i);
    }
    for (int j : skin.joints) out.skinJoints.push_back(index[std::size_t(j)]);
}

Status checkRequiredBones(const AvatarModel& a) {
    std::string missing;
    for (HumanBone b : kRequiredAvatarBones) {
        if (a.joint(b) >= 0) continue;
        missing += (missing.empty() ? "" : ", ") + std::string(vrmName(b));
    }
    if (missing.empty()) return Ok{};
    return Error{
        "not a humanoid avatar: no " + missing + " bone among the skin's joints (looked for " +
        (a.mapping == "bone names" ? std::string("Mixamo, Ready Player Me and VRM bone names") : "the " + a.mapping + " humanoid table") + ")"};
}

vec3 at(const AvatarModel& a, HumanBone b) { return vec3(a.joints[std::size_t(a.joint(b))].restGlobal[3]); }

// Turns the model to face -Z (its left leg at -X) and stands its soles on y = 0.
void placeInAvatarSpace(AvatarModel& a) {
    const bool facesPlusZ = at(a, HumanBone::LeftUpperLeg).x > at(a, HumanBone::RightUpperLeg).x;
    const mat4 turn = facesPlusZ ? glm::rotate(mat4(1.0f), glm::pi<float>(), vec3(0, 1, 0)) : mat4(1.0f);
    Aabb meshes;
    for (int n : a.meshNodes) meshes.expand(a.model->meshes[std::size_t(a.model->nodes[std::size_t(n)].mesh)].bounds.transformed(turn));
    float floor = meshes.empty() ? 0.0f : meshes.min.y;
    a.modelToAvatar = glm::translate(mat4(1.0f), vec3(0.0f, -floor, 0.0f)) * turn;
    a.bounds = meshes.empty() ? Aabb{} : meshes.transformed(glm::translate(mat4(1.0f), vec3(0.0f, -floor, 0.0f)));
    for (AvatarModel::Joint& j : a.joints) j.restGlobal = a.modelToAvatar * j.restGlobal;
    auto leg = [&](HumanBone upper, HumanBone lower, HumanBone foot) {
        float thigh = glm::distance(at(a, upper), at(a, lower));
        return thigh + (a.joint(foot) >= 0 ? glm::distance(at(a, lower), at(a, foot)) : thigh);
    };
    a.legLength = 0.5f * (leg(HumanBone::LeftUpperLeg, HumanBone::LeftLowerLeg, HumanBone::LeftFoot) +
                          leg(HumanBone::RightUpperLeg, HumanBone::RightLowerLeg, HumanBone::RightFoot));
    a.headHeight = at(a, HumanBone::Head).y;
}

Error named(Error e, const std::string& name) {
    e.file = name;
    return e;
}

}  // namespace

Result<AvatarModel> loadAvatarModel(const std::filesystem::path& file, const AvatarBudget& budget, std::string_view label) {
    const std::string name = label.empty() ? file.string() : std::string(label);
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) return Error{"cannot read the avatar file: " + ec.message(), name};
    if (size > budget.fileBytes)
        return Error{"the file is " + std::to_string(size) + " bytes, over the avatar budget of " + std::to_string(budget.fileBytes) + " bytes",
                     name};
    // The shape first, without images: counts and bones before any pixel is decoded.
    Result<Model> shape = importGltf(file.string(), {.loadImages = false, .generateTangents = false});
    if (!shape) return named(shape.error(), name);
    Result<GltfInspection> info = inspectGltf(file.string());
    if (!info) return named(info.error(), name);
    if (Status s = checkBudget(budget, countTriangles(*shape), countBones(*shape), info->decodedTextureBytes()); !s)
        return named(s.error(), name);
    if (const std::uint64_t total = size + info->externalBytes; total > budget.fileBytes)
        return Error{"the file and the buffers and images beside it are " + std::to_string(total) + " bytes, over the avatar budget of " +
                         std::to_string(budget.fileBytes) + " bytes",
                     name};
    Result<std::vector<int>> byNode = humanBonesByNode(*shape, *info);
    if (!byNode) return named(byNode.error(), name);
    const int skin = chooseSkin(*shape, *byNode);
    if (skin < 0) return Error{"has no skin: a humanoid avatar needs a mesh skinned to a skeleton", name};
    AvatarModel a;
    a.file = name;
    a.skin = skin;
    a.mapping = info->vrmVersion.empty() ? "bone names" : "VRM " + info->vrmVersion;
    a.triangles = countTriangles(*shape);
    a.bones = countBones(*shape);
    a.textureBytes = info->decodedTextureBytes();
    for (std::size_t n = 0; n < shape->nodes.size(); ++n) {
        if (shape->nodes[n].skin == skin && shape->nodes[n].mesh >= 0) a.meshNodes.push_back(int(n));
    }
    collectJoints(*shape, shape->skins[std::size_t(skin)], *byNode, a);
    if (Status s = checkRequiredBones(a); !s) return named(s.error(), name);
    if (a.meshNodes.empty()) return Error{"no mesh is bound to skin " + std::to_string(skin) + ": nothing to draw", name};

    // Accepted: now the pixels (within the budget checked above), same nodes, meshes and skins.
    Result<Model> full = importGltf(file.string());
    if (!full) return named(full.error(), name);
    a.model = std::make_shared<const Model>(std::move(*full));
    placeInAvatarSpace(a);
    return a;
}

}  // namespace atrium
