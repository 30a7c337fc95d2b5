#pragma once
// The attendee app's window UI (Dear ImGui, as the editor's): the chat with its history and an
// input line, who is here (hosts get mute and kick beside each name), the emote bar, settings
// and the keys. It draws from the session and acts through it; UI tests drive it headless.
#include <string>

#include "attendee_session.hpp"

namespace atrium::player {

struct AttendeeSettings {
    float mouseSensitivity = 0.004f;  // radians a pixel
    bool showHelp = false;
};

class AttendeeUi {
public:
    // One frame of the panels, inside ImGui's NewFrame/Render.
    void draw(AttendeeSession& session);
    // While typing in the chat the keys are the text's, not the avatar's.
    bool typing() const { return typing_; }
    AttendeeSettings settings;

private:
    void chatPanel(AttendeeSession& session);
    void peoplePanel(AttendeeSession& session);
    void emoteBar(AttendeeSession& session);
    void settingsPanel();

    char line_[256] = {};
    bool typing_ = false;
    std::size_t logShown_ = 0;
    std::string status_;  // why the last sit failed, shown for a few seconds
    float status_timer_ = 0.0f;
};

}  // namespace atrium::player
