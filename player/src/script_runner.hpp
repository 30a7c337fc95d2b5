#pragma once
// Acts out an attendee script (attendee_script.hpp) on a session, a frame at a time.
#include <vector>

#include "attendee_script.hpp"
#include "attendee_session.hpp"

namespace atrium::player {

class ScriptRunner {
public:
    explicit ScriptRunner(std::vector<ScriptStep> steps) : steps_(std::move(steps)) {}

    // The keys to hold this frame; starts steps as the last ones end. Waits for the session
    // to join before the first step.
    vec2 update(AttendeeSession& session, float dt);
    bool done() const { return next_ >= steps_.size() && !active_; }
    // What each step did, for the headless run's report ("sit: no free seat within 2 m").
    const std::vector<std::string>& report() const { return report_; }

    static constexpr float kWalkToGiveUpSeconds = 30.0f;

private:
    bool start(AttendeeSession& session, const ScriptStep& step);

    std::vector<ScriptStep> steps_;
    std::size_t next_ = 0;
    bool active_ = false;  // steps_[next_ - 1] is still running
    float elapsed_ = 0.0f;
    std::vector<std::string> report_;
};

}  // namespace atrium::player
