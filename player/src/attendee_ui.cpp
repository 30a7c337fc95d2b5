#include "attendee_ui.hpp"

#include <imgui.h>

#include <cstdio>

#include "translations.hpp"

namespace atrium::player {

namespace {
const char* emoteLabel(Emote e) {
    switch (e) {
        case Emote::Wave: return "Wave";
        case Emote::Clap: return "Clap";
        case Emote::Cheer: return "Cheer";
        case Emote::Heart: return "Heart";
        case Emote::Laugh: return "Laugh";
        case Emote::ThumbsUp: return "Thumbs up";
        case Emote::None: break;
    }
    return "?";
}
}  // namespace

void AttendeeUi::draw(AttendeeSession& session) {
    chatPanel(session);
    peoplePanel(session);
    emoteBar(session);
    settingsPanel();
}

void AttendeeUi::chatPanel(AttendeeSession& session) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(10, display.y - 250), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(420, 240), ImGuiCond_FirstUseEver);
    ImGui::Begin(ui::trId("Chat", "chat").c_str());
    ImGui::BeginChild("history", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()));
    for (const std::string& line : session.log()) ImGui::TextWrapped("%s", line.c_str());
    // Follow new lines, unless the attendee scrolled up to read.
    if (session.log().size() != logShown_ && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 20.0f) ImGui::SetScrollHereY(1.0f);
    logShown_ = session.log().size();
    ImGui::EndChild();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##say", ui::tr("Say something (Enter)"), line_, sizeof line_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (line_[0]) session.chat(line_);
        line_[0] = 0;
        ImGui::SetKeyboardFocusHere(-1);
    }
    typing_ = ImGui::IsItemActive();
    ImGui::End();
}

void AttendeeUi::peoplePanel(AttendeeSession& session) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 270, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(260, 300), ImGuiCond_FirstUseEver);
    std::vector<Participant> people = session.participants();
    char title[64];
    std::snprintf(title, sizeof title, "%s (%zu)###people", ui::tr("People"), people.size());
    ImGui::Begin(title);
    const bool host = session.role() == net::Role::Host;
    for (const Participant& p : people) {
        ImGui::PushID(int(p.clientId));
        const char* badge = p.role == net::Role::Host ? "  [host]" : p.role == net::Role::Presenter ? "  [presenter]" : "";
        ImGui::Text("%s%s%s%s", p.name.c_str(), p.me ? ui::tr(" (you)") : "", badge, p.seated ? "  - seated" : "");
        if (host && !p.me) {
            ImGui::SameLine();
            if (ImGui::SmallButton(ui::tr("Mute"))) session.mute(p.clientId);
            ImGui::SameLine();
            if (ImGui::SmallButton(ui::tr("Kick"))) session.kick(p.clientId);
        }
        ImGui::PopID();
    }
    ImGui::End();
}

void AttendeeUi::emoteBar(AttendeeSession& session) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 10), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::Begin("Emotes", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    int key = 1;
    for (Emote e : kEmotes) {
        char label[32];
        std::snprintf(label, sizeof label, "%s (%d)", ui::tr(emoteLabel(e)), key++);
        if (ImGui::Button(label)) session.emote(e);
        ImGui::SameLine();
    }
    if (ImGui::Button(ui::trId(session.seated() ? "Stand up (E)" : "Sit (E)", "sit").c_str())) {
        if (session.seated()) session.standUp();
        else if (!session.sitNearest(&status_)) status_timer_ = 3.0f;
    }
    status_timer_ -= ImGui::GetIO().DeltaTime;
    if (status_timer_ > 0.0f) ImGui::TextUnformatted(status_.c_str());
    ImGui::End();
}

void AttendeeUi::settingsPanel() {
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::Begin(ui::trId("Settings", "settings").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::SliderFloat(ui::tr("Mouse sensitivity"), &settings.mouseSensitivity, 0.001f, 0.012f, "%.4f");
    ImGui::Checkbox(ui::tr("Show keys"), &settings.showHelp);
    if (settings.showHelp) {
        ImGui::TextUnformatted(ui::tr("WASD / arrows: walk    Shift: run    Space: jump"));
        ImGui::TextUnformatted(ui::tr("Right mouse drag: look around    Wheel: zoom (closest: first person)"));
        ImGui::TextUnformatted(ui::tr("E: sit on the nearest free seat / stand up    1-6: emotes    Enter: chat"));
    }
    ImGui::End();
}

}  // namespace atrium::player
