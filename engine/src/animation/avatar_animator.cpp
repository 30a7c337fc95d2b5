#include "atrium/animation/avatar_animator.hpp"

#include <algorithm>
#include <cmath>

namespace atrium {

namespace {

// Cycles per metre walked: two steps of 0.8 m walking, of 1.4 m running (humanoid_clips.cpp).
constexpr float kWalkCyclesPerMetre = 1.0f / 1.6f;
constexpr float kRunCyclesPerMetre = 1.0f / 2.8f;
constexpr float kStillSpeed = 0.05f;

}  // namespace

const char* toString(AvatarAnimator::State state) {
    switch (state) {
        case AvatarAnimator::State::Locomotion: return "locomotion";
        case AvatarAnimator::State::Airborne: return "airborne";
        case AvatarAnimator::State::SittingDown: return "sitting down";
        case AvatarAnimator::State::Seated: return "seated";
        case AvatarAnimator::State::StandingUp: return "standing up";
    }
    return "?";
}

void AvatarAnimator::enter(State next) {
    if (next == state_) return;
    // Cross-fade from whatever shows now, mid-fade included, so nothing snaps.
    fadeFrom_ = pose_;
    fade_ = 0.0f;
    state_ = next;
    stateTime_ = 0.0f;
}

// The state's own pose this frame, and the transitions its clips end in.
Pose AvatarAnimator::statePose(const AnimationInput& input, float dt) {
    const HumanoidClips& clips = humanoidClips();
    Pose p;
    switch (state_) {
        case State::Locomotion: {
            const float speed = std::max(input.speed, 0.0f);
            const float run = std::clamp((speed - kWalkClipSpeed) / (kRunClipSpeed - kWalkClipSpeed), 0.0f, 1.0f);
            phase_ = std::fmod(phase_ + dt * speed * glm::mix(kWalkCyclesPerMetre, kRunCyclesPerMetre, run), 1.0f);
            Pose idle, walk, running;
            sampleClip(clips.idle, stateTime_, idle);
            if (speed <= kStillSpeed) return idle;
            // Walk and run share the phase, so blending them keeps the feet together.
            sampleClip(clips.walk, phase_ * clips.walk.duration, walk);
            if (speed <= kWalkClipSpeed) return blend(idle, walk, speed / kWalkClipSpeed);
            sampleClip(clips.run, phase_ * clips.run.duration, running);
            return blend(walk, running, run);
        }
        case State::Airborne: sampleClip(clips.jump, stateTime_, p); return p;
        case State::SittingDown:
            sampleClip(clips.sitDown, stateTime_, p);
            if (stateTime_ >= clips.sitDown.duration) state_ = State::Seated, stateTime_ = 0.0f;
            return p;
        case State::Seated: sampleClip(clips.sitting, stateTime_, p); return p;
        case State::StandingUp:
            sampleClip(clips.standUp, stateTime_, p);
            if (stateTime_ >= clips.standUp.duration) state_ = State::Locomotion, stateTime_ = 0.0f;
            return p;
    }
    return p;
}

void AvatarAnimator::update(const AnimationInput& input, double now, float dt) {
    dt = std::max(dt, 0.0f);
    const bool sitting = state_ == State::SittingDown || state_ == State::Seated;
    if (input.seated && !sitting) enter(State::SittingDown);
    else if (!input.seated && sitting) enter(State::StandingUp);
    else if (!input.seated && state_ == State::Locomotion && input.airborne) enter(State::Airborne);
    else if (state_ == State::Airborne && !input.airborne) enter(State::Locomotion);
    stateTime_ += dt;
    Pose current = statePose(input, dt);
    fade_ = std::min(1.0f, fade_ + dt / kCrossFadeSeconds);
    pose_ = blend(fadeFrom_, current, fade_);

    // The emote on the upper body, over the state's pose, faded in and out.
    showing_ = Emote::None;
    if (input.emote == Emote::None) return;
    const Clip& clip = humanoidClips().emote(input.emote);
    const float t = float(now - input.emoteStart);
    if (t < 0.0f || t > clip.duration) return;
    showing_ = input.emote;
    Pose layer = pose_;
    sampleClip(clip, t, layer);
    const float weight = std::min({1.0f, t / kEmoteFadeSeconds, (clip.duration - t) / kEmoteFadeSeconds});
    blendUpperBody(pose_, layer, weight);
}

}  // namespace atrium
