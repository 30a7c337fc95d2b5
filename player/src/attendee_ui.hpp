#pragma once
// The attendee app's window UI (Dear ImGui, as the editor's): the chat with its history and an
// input line, who is here (hosts get mute and kick beside each name), the emote bar, settings
// and the keys. It draws from the session and acts through it; UI tests drive it headless.
#include <imgui.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "attendee_session.hpp"
#include "attendee_settings.hpp"
#include "attendee_voice.hpp"

namespace atrium::player {

class AttendeeUi {
public:
    // One frame of the panels, inside ImGui's NewFrame/Render.
    void draw(AttendeeSession& session);
    // While typing in the chat the keys are the text's, not the avatar's.
    bool typing() const { return typing_; }
    // Waiting for the key to bind to an action (settings, "Change"): the app passes the next
    // key that goes down to captureKey() instead of acting on it.
    bool capturingKey() const { return capturing_ != nullptr; }
    void captureKey(Key key);
    // Where "Save" writes the settings (empty: not saved).
    std::filesystem::path settingsPath;
    AttendeeSettings settings;
    // The voice panel's (talk mode, mute, level meter); null: the app runs without voice.
    AttendeeVoice* voice = nullptr;

    // Where the last frame drew each button and input, by its label ("Wave (1)", "Set name",
    // "##say"), and the banner's words (empty when none was shown): UI tests click by label.
    struct ItemRect {
        ImVec2 min, max;
        ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
    };
    std::map<std::string, ItemRect> itemRects;
    std::string banner;

    // Set by the app before draw(): the screen the attendee looks at (screenLookedAt), which a
    // presenter or host gets controls for, and the screens' problems (screenProblems), said in
    // a status line.
    StableId screenInView;
    std::vector<std::string> screenProblems;
    const std::string& prompt() const { return prompt_; }  // the button-in-reach label shown, if any

private:
    void chatPanel(AttendeeSession& session);
    void peoplePanel(AttendeeSession& session);
    void emoteBar(AttendeeSession& session);
    void showPanel(AttendeeSession& session);
    void voicePanel(AttendeeSession& session);
    void screenPanel(AttendeeSession& session);
    void settingsPanel(AttendeeSession& session);
    void statusBanner(AttendeeSession& session);
    void lookEditor(AttendeeSession& session);
    void keysEditor();
    void remember(const std::string& label);  // the last item's rect, under `label`

    char line_[256] = {};
    bool typing_ = false;
    std::size_t logShown_ = 0;
    std::string status_;  // why the last sit failed, shown for a few seconds
    std::string prompt_;
    float status_timer_ = 0.0f;
    char name_[64] = {};
    bool nameLoaded_ = false;
    Key* capturing_ = nullptr;
    std::string saved_;  // "saved to ..." or why not
};

}  // namespace atrium::player
