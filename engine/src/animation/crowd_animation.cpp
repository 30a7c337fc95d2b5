#include "atrium/animation/crowd_animation.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/animation/avatar_pose.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

namespace {
// Snapshots arrive 30 times a second and are interpolated; a tenth of a second of smoothing
// keeps the walk from flickering between steps and standing.
constexpr float kSpeedSmoothingSeconds = 0.1f;
}  // namespace

CrowdAnimation::CrowdAnimation() {
    for (BodyPreset p : kBodyPresets) skeletons_.push_back(makeHumanoidSkeleton(bodyShape(p)));
}

CrowdAnimation::Avatar& CrowdAnimation::entry(StableId id) {
    auto [it, added] = index_.try_emplace(id.value, avatars_.size());
    if (added) {
        avatars_.emplace_back();
        avatars_.back().id = id;
    }
    return avatars_[it->second];
}

void CrowdAnimation::playEmote(StableId avatar, Emote emote, double now) {
    Avatar& a = entry(avatar);
    a.input.emote = emote;
    a.input.emoteStart = now;
}

void CrowdAnimation::setLook(StableId avatar, const AvatarLook& look) {
    Avatar& a = entry(avatar);
    a.look = look;
    a.custom = library_ && !look.model.empty() ? library_->get(look.model) : nullptr;
}

void CrowdAnimation::update(const World& world, double now, float dt) {
    for (Avatar& a : avatars_) a.seen = false;
    const auto* pool = world.findPool<atrium::Avatar>();
    const float k = dt > 0.0f ? 1.0f - std::exp(-dt / kSpeedSmoothingSeconds) : 0.0f;
    for (std::size_t i = 0; pool && i < pool->size(); ++i) {
        const Entity e = pool->entities()[i];
        Avatar& a = entry(world.stableId(e));
        a.seen = true;
        const vec3 p(world.worldMatrix(e)[3]);
        if (a.placed && dt > 0.0f) {
            const vec3 v = (p - a.lastPosition) / dt;
            // A jump of metres in one frame is a teleport (a portal, a respawn), not a sprint.
            if (glm::length(v) < 20.0f) {
                a.speed += (glm::length(vec2(v.x, v.z)) - a.speed) * k;
                a.verticalSpeed += (v.y - a.verticalSpeed) * k;
            }
        }
        a.lastPosition = p;
        a.placed = true;
        a.input.seated = pool->components()[i].seat.valid();
        a.input.speed = a.input.seated ? 0.0f : a.speed;
        a.input.airborne = !a.input.seated && std::abs(a.verticalSpeed) > kAirborneSpeed;
        a.animator.update(a.input, now, dt);
        skinMatrices(a.look.body, a);
    }
    // Forget those who left (swap-remove, fixing the moved one's index).
    for (std::size_t i = 0; i < avatars_.size();) {
        if (avatars_[i].seen) {
            ++i;
            continue;
        }
        index_.erase(avatars_[i].id.value);
        if (i + 1 != avatars_.size()) {
            avatars_[i] = avatars_.back();
            index_[avatars_[i].id.value] = i;
        }
        avatars_.pop_back();
    }
}

void CrowdAnimation::skinMatrices(BodyPreset body, Avatar& a) const {
    if (a.custom) {
        // The clips were authored on the average body; retargeting scales them to this one.
        static thread_local std::vector<mat4> globals;
        const AvatarModel& m = *a.custom;
        avatarGlobals(m, skeletons_[std::size_t(BodyPreset::Average)], a.animator.pose(), globals);
        const Skin& skin = m.model->skins[std::size_t(m.skin)];
        a.customSkin.resize(m.skinJoints.size());
        for (std::size_t j = 0; j < m.skinJoints.size(); ++j)
            a.customSkin[j] = globals[std::size_t(m.skinJoints[j])] *
                              (j < skin.inverseBindMatrices.size() ? skin.inverseBindMatrices[j] : mat4(1.0f));
        a.head = vec3(globals[std::size_t(m.joint(HumanBone::Head))][3]);
        return;
    }
    const Skeleton& skeleton = skeletons_[std::size_t(body)];
    atrium::skinMatrices(skeleton, a.animator.pose(), a.skin);
    const auto head = std::size_t(HumanBone::Head);
    // The rest pose is translations only: the bone's rest position is minus its inverse bind's.
    a.head = vec3(a.skin[head] * vec4(-vec3(skeleton.inverseBind[head][3]), 1.0f));
}

const AvatarAnimator* CrowdAnimation::animator(StableId avatar) const {
    auto it = index_.find(avatar.value);
    return it == index_.end() ? nullptr : &avatars_[it->second].animator;
}

std::span<const mat4> CrowdAnimation::skinMatrices(StableId avatar) const {
    auto it = index_.find(avatar.value);
    if (it == index_.end()) return {};
    const Avatar& a = avatars_[it->second];
    if (a.custom) return a.customSkin;
    return a.skin;
}

const AvatarModel* CrowdAnimation::avatarModel(StableId avatar) const {
    auto it = index_.find(avatar.value);
    return it == index_.end() ? nullptr : avatars_[it->second].custom.get();
}

std::optional<vec3> CrowdAnimation::headPosition(StableId avatar) const {
    auto it = index_.find(avatar.value);
    if (it == index_.end() || !avatars_[it->second].placed) return std::nullopt;
    return avatars_[it->second].head;
}

const AvatarLook* CrowdAnimation::look(StableId avatar) const {
    auto it = index_.find(avatar.value);
    return it == index_.end() ? nullptr : &avatars_[it->second].look;
}

}  // namespace atrium
