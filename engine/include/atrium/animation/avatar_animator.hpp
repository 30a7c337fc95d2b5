#pragma once
// The avatar's animation state machine, driven by replicated state only (how fast it moves,
// whether it is seated or in the air, which emote it started when), so every client animates
// every avatar alike and no per-bone data crosses the network.
//
//   Locomotion (idle -> walk -> run, blended by speed, feet phase shared) <-> Airborne (jump)
//   Locomotion -> SittingDown -> Seated -> StandingUp -> Locomotion
//   An emote plays on the upper body over whichever state, fading in and out.
// Changing state cross-fades from the pose being shown over kCrossFadeSeconds.
#include <cstdint>

#include "atrium/animation/humanoid_clips.hpp"
#include "atrium/animation/pose.hpp"

namespace atrium {

struct AnimationInput {
    float speed = 0.0f;  // horizontal, metres a second
    bool seated = false;
    bool airborne = false;      // jumping or falling
    Emote emote = Emote::None;  // the last emote started ...
    double emoteStart = 0.0;    // ... at this time (the same clock as update's `now`)
};

class AvatarAnimator {
public:
    enum class State : std::uint8_t { Locomotion, Airborne, SittingDown, Seated, StandingUp };
    static constexpr float kCrossFadeSeconds = 0.2f;
    static constexpr float kEmoteFadeSeconds = 0.15f;

    // Advances by `dt` seconds to time `now` and computes the pose.
    void update(const AnimationInput& input, double now, float dt);
    const Pose& pose() const { return pose_; }
    State state() const { return state_; }
    // The emote showing now (None once it has played out).
    Emote emote() const { return showing_; }

private:
    void enter(State next);
    Pose statePose(const AnimationInput& input, float dt);

    State state_ = State::Locomotion;
    float stateTime_ = 0.0f;
    float phase_ = 0.0f;  // of the walk/run cycle, 0..1
    Pose pose_, fadeFrom_;
    float fade_ = 1.0f;  // 1: fully in the current state
    Emote showing_ = Emote::None;
};

const char* toString(AvatarAnimator::State state);

}  // namespace atrium
