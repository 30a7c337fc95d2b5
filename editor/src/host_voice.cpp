#include "host_voice.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "translations.hpp"

namespace atrium::editor {

Result<std::unique_ptr<HostVoice>> HostVoice::create(const HostVoiceOptions& options) {
    std::vector<std::string> notes;
    std::unique_ptr<audio::CaptureSource> mic;
    if (!options.wavIn.empty()) {
        auto wav = audio::openWavSource(options.wavIn);
        if (!wav) return Error{"the voice input: " + wav.error().toString()};
        mic = std::move(*wav);
    } else if (options.devices) {
        if (auto device = audio::openCaptureDevice()) mic = std::move(*device);
        else notes.push_back("no microphone (" + device.error().message + "): you can listen, not talk");
    }
    const bool hasMicrophone = mic != nullptr;
    audio::VoiceChatOptions o;
    o.talkMode = options.openMic ? audio::TalkMode::OpenMic : audio::TalkMode::PushToTalk;
    o.playback.loopback = !options.devices;
    auto chat = audio::VoiceChat::create(std::move(mic), o);
    if (!chat && options.devices) {
        // No speakers: guests are not heard, the host can still talk.
        notes.push_back("no speakers (" + chat.error().message + "): guests' voices are not played");
        o.playback.loopback = true;
        std::unique_ptr<audio::CaptureSource> again;
        if (hasMicrophone) {
            if (auto device = audio::openCaptureDevice()) again = std::move(*device);
        }
        chat = audio::VoiceChat::create(std::move(again), o);
    }
    if (!chat) return Error{"voice: " + chat.error().toString()};
    return std::unique_ptr<HostVoice>(new HostVoice(std::move(*chat), hasMicrophone, options.openMic, std::move(notes)));
}

HostVoice::HostVoice(std::unique_ptr<audio::VoiceChat> chat, bool hasMicrophone, bool openMic, std::vector<std::string> notes)
    : chat_(std::move(chat)), hasMicrophone_(hasMicrophone), openMic_(openMic), notes_(std::move(notes)) {}

void HostVoice::applyTalkMode() {
    chat_->setTalkMode(muted_ ? audio::TalkMode::Muted : openMic_ ? audio::TalkMode::OpenMic : audio::TalkMode::PushToTalk);
}

void HostVoice::setOpenMic(bool open) {
    openMic_ = open;
    applyTalkMode();
}

void HostVoice::setMuted(HostSession& host, bool muted) {
    muted_ = muted;
    applyTalkMode();
    host.setVoiceMuted(muted);
}

void HostVoice::update(HostSession& host, vec3 eye, vec3 forward, double dt) {
    chat_->setListener(eye, forward);
    for (const net::VoicePacket& p : host.takeVoice()) {
        chat_->setSpeakerMode(p.speaker, p.positional() ? audio::SpeakerMode::Spatial : audio::SpeakerMode::Stage);
        // A mouth is about 1.6 m above the feet.
        if (auto at = host.avatarPosition(p.avatar); at && p.positional()) chat_->setSpeakerPosition(p.speaker, *at + vec3(0, 1.6f, 0));
        (void)chat_->receive(p.speaker, p.frame);  // a refused frame is counted in speakers()
        ++framesReceived_;
    }
    chat_->setPushToTalk(pushToTalk_ || talkHeld_);
    (void)chat_->update(dt);
    for (std::vector<std::uint8_t>& frame : chat_->takeOutgoing()) {
        if (!host.joined() || muted_) continue;
        host.sendVoice(std::move(frame), announcing_);
        ++framesSent_;
    }
    if (!chat_->playback().loopback()) return;
    // No speakers: the mix is rendered and dropped, so the sources' queues never grow.
    owedSamples_ += dt * audio::kSampleRate;
    const auto frames = std::size_t(owedSamples_);
    owedSamples_ -= double(frames);
    std::vector<float> stereo(frames * 2);
    if (frames) (void)chat_->render(stereo);
}

void HostVoice::panel(HostSession& host) {
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 300, 60), ImGuiCond_FirstUseEver);
    ImGui::Begin(ui::trId("Voice", "host voice").c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    for (const std::string& note : notes_) ImGui::TextDisabled("%s", note.c_str());
    int mode = openMic_ ? 1 : 0;
    bool changed = ImGui::RadioButton(ui::tr("Push to talk (V)"), &mode, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton(ui::tr("Open mic"), &mode, 1);
    if (changed) setOpenMic(mode == 1);
    ImGui::Button(ui::tr("Hold to talk"));
    talkHeld_ = ImGui::IsItemActive();
    ImGui::SameLine();
    if (ImGui::Button(muted_ ? ui::tr("Unmute mic") : ui::tr("Mute mic"))) setMuted(host, !muted_);
    const audio::LocalVoice& l = chat_->local();
    char level[32];
    std::snprintf(level, sizeof level, "%.0f dB%s", std::max(l.inputLevelDb, -60.0f), l.transmitting ? "  talking" : "");
    ImGui::ProgressBar(std::clamp((l.inputLevelDb + 60.0f) / 60.0f, 0.0f, 1.0f), ImVec2(240, 0), level);
    ImGui::Checkbox(ui::tr("Announce to the whole venue"), &announcing_);
    ImGui::End();
}

}  // namespace atrium::editor
