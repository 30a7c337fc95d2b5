#include "script_runner.hpp"

#include <cmath>
#include <cstdio>

namespace atrium::player {

namespace {
constexpr float kArrivedMeters = 0.3f;
}

// Starts `step`; true when it takes time (and so stays active).
bool ScriptRunner::start(AttendeeSession& session, const ScriptStep& step) {
    using K = ScriptStep::Kind;
    auto note = [&](const std::string& what) { report_.push_back("line " + std::to_string(step.line) + ": " + what); };
    switch (step.kind) {
        case K::Wait:
        case K::Walk: return true;
        case K::WalkTo: return true;
        case K::Turn: session.camera().setYaw(session.camera().yaw() + glm::radians(step.degrees)); return false;
        case K::Sit: {
            std::string why;
            if (session.sitNearest(&why, step.text)) note("sit: claimed a seat");
            else note("sit: " + why);
            return false;
        }
        case K::Stand:
            session.standUp();
            note("stand");
            return false;
        case K::Chat:
            session.chat(step.text);
            note("chat: " + step.text);
            return false;
        case K::Emote:
            session.emote(step.emote);
            note("emote: " + std::string(toString(step.emote)));
            return false;
    }
    return false;
}

vec2 ScriptRunner::update(AttendeeSession& session, float dt) {
    if (!session.joined()) return vec2(0.0f);
    while (!active_ && next_ < steps_.size()) {
        elapsed_ = 0.0f;
        active_ = start(session, steps_[next_++]);
    }
    if (!active_) return vec2(0.0f);
    const ScriptStep& step = steps_[next_ - 1];
    elapsed_ += dt;
    if (step.kind == ScriptStep::Kind::WalkTo) {
        vec3 at = session.position();
        vec2 to = step.target - vec2(at.x, at.z);
        if (glm::length(to) < kArrivedMeters || elapsed_ > kWalkToGiveUpSeconds) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "walkto %.1f %.1f: %s (%.1f, %.1f)", step.target.x, step.target.y,
                          glm::length(to) < kArrivedMeters ? "arrived at" : "gave up at", at.x, at.z);
            report_.push_back("line " + std::to_string(step.line) + ": " + buf);
            active_ = false;
            return vec2(0.0f);
        }
        // Turn the camera towards the point and walk forward (slower for the last metre).
        session.camera().setYaw(std::atan2(to.x, -to.y));
        return vec2(0.0f, std::fmin(1.0f, 0.3f + glm::length(to)));
    }
    if (elapsed_ >= step.seconds) active_ = false;
    return step.kind == ScriptStep::Kind::Walk ? step.keys : vec2(0.0f);
}

}  // namespace atrium::player
