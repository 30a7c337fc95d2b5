#pragma once
// Animates every Avatar in a World from what every client already has: its Transform (the speed
// it moves at, whether it rises or falls faster than stairs allow), Avatar::seat, and the
// emotes it started (reliable events, handed in by the app). The same on every client, so an
// emote or a sit from one attendee plays on everyone's screen with no per-bone traffic.
//
//     CrowdAnimation crowd;
//     every frame:  crowd.update(world, now, dt);
//                   crowd.skinMatrices(avatarId)  -> the joint matrices to draw its mannequin with
// A look naming a custom avatar (AvatarLook::model) is drawn with that model, retargeted, when
// an AvatarLibrary is set and has it; otherwise as the mannequin.
#include <array>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "atrium/animation/avatar_animator.hpp"
#include "atrium/animation/avatar_library.hpp"
#include "atrium/animation/mannequin.hpp"
#include "atrium/core/id.hpp"

namespace atrium {

class World;

class CrowdAnimation {
public:
    CrowdAnimation();

    void playEmote(StableId avatar, Emote emote, double now);
    void setLook(StableId avatar, const AvatarLook& look);
    // Where looks' custom avatars come from (null: everyone is a mannequin). Not owned; looks set
    // before this keep the body they had until set again.
    void setAvatars(AvatarLibrary* library) { library_ = library; }
    // Advances every avatar's animator to `now`; forgets avatars no longer in the World. Uses
    // the World's cached world matrices.
    void update(const World& world, double now, float dt);

    std::size_t size() const { return avatars_.size(); }
    // Null for an avatar the last update did not see.
    const AvatarAnimator* animator(StableId avatar) const;
    // The mannequin's 22 joint matrices, or for a custom avatar (avatarModel() not null) one per
    // joint of its skin, in the avatar's space.
    std::span<const mat4> skinMatrices(StableId avatar) const;
    // The custom avatar it is drawn as; null for the mannequin.
    const AvatarModel* avatarModel(StableId avatar) const;
    // The posed head joint (the base of the skull) in the avatar's space, after the last update.
    std::optional<vec3> headPosition(StableId avatar) const;
    const Skeleton& skeleton(BodyPreset preset) const { return skeletons_[std::size_t(preset)]; }
    const AvatarLook* look(StableId avatar) const;

    // Below this, someone shuffling on the spot is standing; above kAirborneSpeed up or down
    // they are jumping or falling (stairs and ramps climb slower).
    static constexpr float kAirborneSpeed = 1.5f;

private:
    struct Avatar {
        StableId id;
        vec3 lastPosition{0.0f};
        float speed = 0.0f, verticalSpeed = 0.0f;  // smoothed
        bool seen = false, placed = false;
        AnimationInput input;
        AvatarAnimator animator;
        AvatarLook look;
        std::array<mat4, kHumanBoneCount> skin;
        AvatarModelPtr custom;
        std::vector<mat4> customSkin;
        vec3 head{0.0f};
    };
    Avatar& entry(StableId id);
    void skinMatrices(BodyPreset body, Avatar& a) const;

    std::vector<Skeleton> skeletons_;  // by BodyPreset
    AvatarLibrary* library_ = nullptr;
    std::vector<Avatar> avatars_;
    std::unordered_map<std::uint64_t, std::size_t> index_;
};

}  // namespace atrium
