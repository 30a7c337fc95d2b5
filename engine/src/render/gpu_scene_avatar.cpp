// GpuScene's custom avatars: a glTF humanoid's skinned primitives and materials, uploaded once
// per model and shared by everyone who wears it (gpu_scene.cpp holds the rest of GpuScene).
#include "render/gpu_scene.hpp"

#include "atrium/animation/avatar_model.hpp"

namespace atrium::render {

const Renderable* GpuScene::resolveAvatarModel(const AvatarModel& avatar) {
    if (!avatar.model) return nullptr;
    std::unique_ptr<Renderable>& r = avatarModels_[avatar.model.get()];
    if (r) return r.get();
    keepAlive_.push_back(avatar.model);
    r = std::make_unique<Renderable>();
    const Model& model = *avatar.model;
    for (int node : avatar.meshNodes) {
        const Mesh& mesh = model.meshes[std::size_t(model.nodes[std::size_t(node)].mesh)];
        for (const MeshPrimitive& prim : mesh.primitives) {
            const bool skinned = prim.joints.size() == prim.positions.size() && prim.weights.size() == prim.positions.size();
            // A primitive without joints cannot follow the skin; loadAvatarModel's meshes have them.
            if (prim.mode != PrimitiveMode::Triangles || prim.indices.empty() || !skinned) continue;
            std::uint32_t p = primitiveFor(prim, true);
            std::uint32_t m = materialFor(avatar.model, prim.material, "");
            std::uint64_t dk = (std::uint64_t(p) << 32) | m;
            auto [it, inserted] = drawKeyIndex_.emplace(dk, std::uint32_t(drawKeys_.size()));
            if (inserted) drawKeys_.push_back({p, m});
            r->parts.push_back({it->second, materials_[m].blend});
        }
    }
    // As the mannequin's: the rest pose's box plus a stride, bent knees and raised arms.
    r->bounds = avatar.bounds;
    r->bounds.expand(Aabb{vec3(-0.9f, -0.1f, -0.8f), vec3(0.9f, avatar.bounds.empty() ? 2.0f : avatar.bounds.max.y + 0.25f, 0.8f)});
    return r.get();
}

}  // namespace atrium::render
