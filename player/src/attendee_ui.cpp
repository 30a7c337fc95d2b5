#include "attendee_ui.hpp"

#include <imgui.h>

#include <algorithm>
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

void AttendeeUi::remember(const std::string& label) { itemRects[label] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }

void AttendeeUi::draw(AttendeeSession& session) {
    itemRects.clear();
    banner.clear();
    statusBanner(session);
    chatPanel(session);
    peoplePanel(session);
    emoteBar(session);
    showPanel(session);
    voicePanel(session);
    screenPanel(session);
    settingsPanel(session);
}

// Talking: push-to-talk (the talk key) or an open mic, a mute that the server honours too, the
// microphone's level after gain and gate, and a host's "announce" (heard venue-wide).
void AttendeeUi::voicePanel(AttendeeSession& session) {
    if (!voice) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 300, 320), ImGuiCond_FirstUseEver);
    ImGui::Begin(ui::trId("Voice", "voice").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    const audio::LocalVoice& local = voice->local();
    if (!voice->hasMicrophone()) ImGui::TextDisabled("%s", ui::tr("No microphone: you can listen"));
    int mode = voice->openMic() ? 1 : 0;
    const std::string ptt = std::string(ui::tr("Push to talk")) + " (" + keyName(settings.keys.talk) + ")";
    bool changed = ImGui::RadioButton(ptt.c_str(), &mode, 0);
    remember("Push to talk");
    ImGui::SameLine();
    changed |= ImGui::RadioButton(ui::tr("Open mic"), &mode, 1);
    remember("Open mic");
    if (changed) {
        voice->setOpenMic(mode == 1);
        settings.openMic = mode == 1;
    }
    const char* muteLabel = voice->muted() ? "Unmute mic" : "Mute mic";
    if (ImGui::Button(ui::trId(muteLabel, "mute mic").c_str())) voice->setMuted(session, !voice->muted());
    remember("Mute mic");
    ImGui::SameLine();
    const char* state = voice->muted() ? ui::tr("muted") : local.transmitting ? ui::tr("talking") : ui::tr("quiet");
    ImGui::TextColored(local.transmitting ? ImVec4(0.45f, 1.0f, 0.55f, 1.0f) : ImVec4(0.7f, 0.7f, 0.7f, 1.0f), "%s", state);
    char level[32];
    std::snprintf(level, sizeof level, "%.0f dB", std::max(local.inputLevelDb, -60.0f));
    ImGui::ProgressBar(AttendeeVoice::meterFraction(local.inputLevelDb), ImVec2(220, 0), level);
    remember("level");
    ImGui::SetNextItemWidth(150);
    if (ImGui::SliderFloat(ui::tr("Mic gain"), &settings.micGain, 0.0f, 4.0f, "%.2f")) voice->setInputGain(settings.micGain);
    if (session.role() == net::Role::Host) {
        bool announce = voice->announcing();
        if (ImGui::Checkbox(ui::tr("Announce to the whole venue"), &announce)) voice->setAnnouncing(announce);
        remember("Announce");
    }
    ImGui::End();
}

// A presenter's or host's controls for the screen they look at (the server refuses others), and
// for everyone a line per screen whose media failed.
void AttendeeUi::screenPanel(AttendeeSession& session) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (!screenProblems.empty()) {
        ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 110), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
        ImGui::SetNextWindowBgAlpha(0.7f);
        ImGui::Begin("##screens", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoInputs);
        for (const std::string& p : screenProblems) ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.5f, 1.0f), "%s", p.c_str());
        ImGui::End();
    }
    if (session.role() == net::Role::Attendee || !screenInView.valid()) return;
    net::Client& client = session.client();
    const auto it = client.media().find(screenInView);
    const net::MediaStateMsg state = it != client.media().end() ? it->second : net::MediaStateMsg{.screen = screenInView};
    const double position = state.positionAt(client.serverTime(session.now()));
    ImGui::SetNextWindowPos(ImVec2(display.x - 280, display.y * 0.5f), ImGuiCond_FirstUseEver);
    ImGui::Begin("Screen");
    auto control = [&](net::MediaAction action, double seconds = 0.0) {
        client.controlMedia({.screen = screenInView, .action = action, .seconds = std::max(0.0, seconds)});
    };
    if (ImGui::Button(state.playing ? "Pause" : "Play")) control(state.playing ? net::MediaAction::Pause : net::MediaAction::Play);
    remember("Screen play");
    ImGui::SameLine();
    if (ImGui::Button("-10 s")) control(net::MediaAction::Seek, position - 10.0);
    remember("Screen back");
    ImGui::SameLine();
    if (ImGui::Button("+10 s")) control(net::MediaAction::Seek, position + 10.0);
    remember("Screen forward");
    ImGui::SameLine();
    if (ImGui::Button("Start")) control(net::MediaAction::Seek, 0.0);
    remember("Screen start");
    if (ImGui::Button("< Slide")) control(net::MediaAction::PreviousPage);
    remember("Screen previous slide");
    ImGui::SameLine();
    if (ImGui::Button("Slide >")) control(net::MediaAction::NextPage);
    remember("Screen next slide");
    ImGui::Text("%d:%02d  slide %u  %s", int(position) / 60, int(position) % 60, state.page + 1, state.playing ? "playing" : "paused");
    ImGui::End();
}

// The button in reach says what pressing E does, above the emote bar; a host gets the venue's
// cues as buttons (the control panel of the show the server runs).
void AttendeeUi::showPanel(AttendeeSession& session) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (const std::string prompt = session.promptInReach(); !prompt.empty()) {
        ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 70), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
        ImGui::SetNextWindowBgAlpha(0.7f);
        ImGui::Begin("##prompt", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoInputs);
        ImGui::TextUnformatted(prompt.c_str());
        ImGui::End();
        prompt_ = prompt;
    } else {
        prompt_.clear();
    }
    if (session.role() != net::Role::Host) return;
    const std::vector<std::string> cues = session.cues();
    if (cues.empty()) return;
    ImGui::SetNextWindowPos(ImVec2(10, display.y * 0.5f), ImGuiCond_FirstUseEver);
    ImGui::Begin("Show cues");
    for (const std::string& cue : cues) {
        if (ImGui::Button(cue.c_str())) session.cue(cue);
        remember(cue);
    }
    ImGui::End();
}

// Anything but "in the venue" is said across the top of the window: joining, refused and why,
// lost and when the next try is.
void AttendeeUi::statusBanner(AttendeeSession& session) {
    const ConnectionStatus status = session.status();
    if (status.state == ConnectionStatus::State::Joined) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, 40), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.85f);
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    banner = status.message;
    const ImVec4 colour = status.state == ConnectionStatus::State::Refused ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f) : ImVec4(1.0f, 0.85f, 0.4f, 1.0f);
    ImGui::TextColored(colour, "%s", status.message.c_str());
    if (status.state == ConnectionStatus::State::Refused) ImGui::TextUnformatted("Ask the host for a new join link.");
    ImGui::End();
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
    remember("##say");
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
        const bool speaking = p.me ? voice && voice->local().transmitting : session.client().isSpeaking(p.clientId);
        if (speaking) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.45f, 1.0f, 0.55f, 1.0f));
        ImGui::Text("%s%s%s%s%s", speaking ? "\u25CF " : "", p.name.c_str(), p.me ? ui::tr(" (you)") : "", badge, p.seated ? "  - seated" : "");
        if (speaking) ImGui::PopStyleColor();
        if (host && !p.me) {
            ImGui::SameLine();
            if (ImGui::SmallButton(ui::tr("Mute"))) session.mute(p.clientId);
            remember("Mute " + p.name);
            ImGui::SameLine();
            // A presenter on a stage zone is heard by the whole hall.
            const bool presenter = p.role == net::Role::Presenter;
            if (ImGui::SmallButton(presenter ? ui::tr("Attendee") : ui::tr("Presenter")))
                session.setRole(p.clientId, presenter ? net::Role::Attendee : net::Role::Presenter);
            remember("Presenter " + p.name);
            ImGui::SameLine();
            if (ImGui::SmallButton(ui::tr("Kick"))) session.kick(p.clientId);
            remember("Kick " + p.name);
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
        remember(label);
        ImGui::SameLine();
    }
    const char* sit = session.seated() ? "Stand up (E)" : "Sit (E)";
    if (ImGui::Button(ui::trId(sit, "sit").c_str())) {
        if (session.seated()) session.standUp();
        else if (!session.sitNearest(&status_)) status_timer_ = 3.0f;
    }
    remember(sit);
    status_timer_ -= ImGui::GetIO().DeltaTime;
    if (status_timer_ > 0.0f) ImGui::TextUnformatted(status_.c_str());
    ImGui::End();
}

void AttendeeUi::captureKey(Key key) {
    if (!capturing_) return;
    if (key != Key::Escape && bindable(key)) *capturing_ = key;
    capturing_ = nullptr;  // Escape cancels
}

void AttendeeUi::lookEditor(AttendeeSession& session) {
    AvatarLook& look = settings.look;
    int body = int(look.body);
    const char* bodies[] = {"Average", "Tall", "Short", "Broad", "Slim"};
    bool changed = ImGui::Combo("Body", &body, bodies, IM_ARRAYSIZE(bodies));
    look.body = BodyPreset(body);
    changed |= ImGui::ColorEdit3("Skin", &look.skin.x, ImGuiColorEditFlags_NoInputs);
    ImGui::SameLine();
    changed |= ImGui::ColorEdit3("Top", &look.top.x, ImGuiColorEditFlags_NoInputs);
    ImGui::SameLine();
    changed |= ImGui::ColorEdit3("Bottom", &look.bottom.x, ImGuiColorEditFlags_NoInputs);
    ImGui::SameLine();
    changed |= ImGui::ColorEdit3("Shoes", &look.shoes.x, ImGuiColorEditFlags_NoInputs);
    // Sent when a pick is finished (the server limits how often a look may change).
    if (changed) settings.lookChosen = true;
    if (ImGui::Button("Wear this look")) session.setLook(look);
    remember("Wear this look");
}

void AttendeeUi::keysEditor() {
    KeyBindings& k = settings.keys;
    const std::pair<const char*, Key*> rows[] = {{"Forward", &k.forward}, {"Back", &k.back}, {"Left", &k.left},       {"Right", &k.right},
                                                 {"Run", &k.run},         {"Jump", &k.jump}, {"Sit / stand", &k.sit}, {"Push to talk", &k.talk}};
    for (const auto& [label, key] : rows) {
        ImGui::PushID(label);
        ImGui::Text("%-12s %s", label, capturing_ == key ? "press a key (Esc: keep)" : keyName(*key).c_str());
        ImGui::SameLine(260);
        if (ImGui::SmallButton("Change")) capturing_ = key;
        ImGui::PopID();
    }
    ImGui::TextUnformatted("Arrows walk too; right mouse drag looks around; wheel zooms (closest: first person)");
    ImGui::TextUnformatted("Click a seat to sit (again to stand), a portal to go through it, the floor to walk there");
    ImGui::TextUnformatted("1-6 emotes; Enter chats. Gamepad: left stick walks, right stick looks, RT runs, A jumps, X sits");
}

void AttendeeUi::settingsPanel(AttendeeSession& session) {
    ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
    ImGui::Begin(ui::trId("Settings", "settings").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    if (!nameLoaded_ && session.joined()) {
        const std::string current = settings.displayName.empty() ? session.displayName() : settings.displayName;
        std::snprintf(name_, sizeof name_, "%s", current.c_str());
        nameLoaded_ = true;
    }
    ImGui::SetNextItemWidth(200);
    const bool enter = ImGui::InputText("##name", name_, sizeof name_, ImGuiInputTextFlags_EnterReturnsTrue);
    remember("##name");
    typing_ |= ImGui::IsItemActive();
    ImGui::SameLine();
    const bool set = ImGui::Button("Set name");
    remember("Set name");
    if ((set || enter) && name_[0]) {
        settings.displayName = name_;
        session.setDisplayName(name_);
    }
    if (ImGui::CollapsingHeader("Avatar")) lookEditor(session);
    if (ImGui::CollapsingHeader("Controls")) {
        ImGui::SliderFloat(ui::tr("Mouse sensitivity"), &settings.mouseSensitivity, 0.001f, 0.012f, "%.4f");
        ImGui::Checkbox("Invert mouse Y", &settings.invertY);
        keysEditor();
    }
    if (ImGui::CollapsingHeader("Graphics")) {
        int q = int(settings.quality);
        ImGui::Combo("Quality", &q, "Low (no shadows, no MSAA)\0Medium\0High\0");
        settings.quality = GraphicsQuality(q);
        ImGui::TextDisabled("Takes effect the next time the app starts.");
    }
    if (!settingsPath.empty() && ImGui::Button("Save settings")) {
        Status s = saveSettings(settings, settingsPath);
        saved_ = s ? "saved to " + settingsPath.string() : s.error().toString();
    }
    if (!saved_.empty()) ImGui::TextWrapped("%s", saved_.c_str());
    ImGui::End();
}

}  // namespace atrium::player
