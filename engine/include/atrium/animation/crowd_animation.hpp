#pragma once
// Animates every Avatar in a World from what every client already has: its Transform (the speed
// it moves at, whether it rises or falls faster than stairs allow), Avatar::seat, and the
// emotes it started (reliable events, handed in by the app). The same on every client, so an
// emote or a sit from one attendee plays on everyone's screen with no per-bone traffic.
//
//     CrowdAnimation crowd;
//     every frame:  crowd.update(world, now, dt);
//                   crowd.skinMatrices(avatarId)  -> the joint matrices to draw its mannequin with
#include <array>
#include <span>
#include <unordered_map>
#include <vector>

#include "atrium/animation/avatar_animator.hpp"
#include "atrium/animation/mannequin.hpp"
#include "atrium/core/id.hpp"

namespace atrium {

class World;

class CrowdAnimation {
public:
    CrowdAnimation();

    void playEmote(StableId avatar, Emote emote, double now);
    void setLook(StableId avatar, const AvatarLook& look);
    // Advances every avatar's animator to `now`; forgets avatars no longer in the World. Uses
    // the World's cached world matrices.
    void update(const World& world, double now, float dt);

    std::size_t size() const { return avatars_.size(); }
    // Null for an avatar the last update did not see.
    const AvatarAnimator* animator(StableId avatar) const;
    std::span<const mat4> skinMatrices(StableId avatar) const;
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
    };
    Avatar& entry(StableId id);
    void skinMatrices(BodyPreset body, Avatar& a) const;

    std::vector<Skeleton> skeletons_;  // by BodyPreset
    std::vector<Avatar> avatars_;
    std::unordered_map<std::uint64_t, std::size_t> index_;
};

}  // namespace atrium
