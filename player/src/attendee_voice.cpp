#include "attendee_voice.hpp"

#include <algorithm>

namespace atrium::player {

namespace {

// The microphone: the WAV file when one is given (asked for, so an unreadable one is an error),
// else the device when the app has devices (missing: a note, and the attendee only listens).
Result<std::unique_ptr<audio::CaptureSource>> openMicrophone(const AttendeeVoiceOptions& o, std::vector<std::string>& notes) {
    if (!o.wavIn.empty()) {
        auto wav = audio::openWavSource(o.wavIn);
        if (!wav) return Error{"the voice input: " + wav.error().toString()};
        notes.push_back("voice: speaking " + o.wavIn.string());
        return std::move(*wav);
    }
    if (!o.devices) return std::unique_ptr<audio::CaptureSource>();
    auto device = audio::openCaptureDevice(o.microphone);
    if (!device) {
        notes.push_back("voice: no microphone (" + device.error().message + "); you can listen, not talk");
        return std::unique_ptr<audio::CaptureSource>();
    }
    notes.push_back("voice: microphone " + (*device)->name());
    return std::move(*device);
}

}  // namespace

Result<std::unique_ptr<AttendeeVoice>> AttendeeVoice::create(const AttendeeVoiceOptions& options) {
    std::vector<std::string> notes;
    auto mic = openMicrophone(options, notes);
    if (!mic) return mic.error();
    const bool hasMicrophone = *mic != nullptr;
    audio::VoiceChatOptions chatOptions;
    chatOptions.inputGain = options.inputGain;
    chatOptions.talkMode = options.openMic ? audio::TalkMode::OpenMic : audio::TalkMode::PushToTalk;
    // Speakers only in a window without --voice-out; otherwise the same mix, rendered by OpenAL's
    // loopback into the file (or dropped), so a headless run exercises the whole receive path.
    chatOptions.playback.loopback = !options.devices || !options.wavOut.empty();
    auto chat = audio::VoiceChat::create(std::move(*mic), chatOptions);
    if (!chat && !chatOptions.playback.loopback) {
        notes.push_back("voice: no speakers (" + chat.error().message + "); others' voices are not played");
        chatOptions.playback.loopback = true;
        std::unique_ptr<audio::CaptureSource> again;
        if (hasMicrophone) {
            auto reopened = openMicrophone(options, notes);
            if (!reopened) return reopened.error();
            again = std::move(*reopened);
        }
        chat = audio::VoiceChat::create(std::move(again), chatOptions);
    }
    if (!chat) return Error{"voice: " + chat.error().toString()};
    if (!chatOptions.playback.loopback) notes.push_back("voice: speakers " + (*chat)->playback().deviceName());
    std::unique_ptr<AttendeeVoice> voice(new AttendeeVoice(std::move(*chat), options, hasMicrophone, std::move(notes)));
    return voice;
}

AttendeeVoice::AttendeeVoice(std::unique_ptr<audio::VoiceChat> chat, const AttendeeVoiceOptions& options, bool hasMicrophone,
                             std::vector<std::string> notes)
    : chat_(std::move(chat)), hasMicrophone_(hasMicrophone), openMic_(options.openMic), notes_(std::move(notes)) {
    if (!options.wavOut.empty()) sink_.emplace(options.wavOut);
}

void AttendeeVoice::setOpenMic(bool open) {
    openMic_ = open;
    if (!muted_) chat_->setTalkMode(open ? audio::TalkMode::OpenMic : audio::TalkMode::PushToTalk);
}

void AttendeeVoice::setMuted(AttendeeSession& session, bool muted) {
    muted_ = muted;
    chat_->setTalkMode(muted ? audio::TalkMode::Muted : openMic_ ? audio::TalkMode::OpenMic : audio::TalkMode::PushToTalk);
    session.client().setVoiceMuted(muted);
}

void AttendeeVoice::update(AttendeeSession& session, vec3 eye, vec3 forward, double dt) {
    chat_->setListener(eye, forward);
    net::Client& client = session.client();
    // Frames first, so this update's playout has them; each voice where its avatar's head is now.
    for (const net::VoicePacket& p : client.takeVoice()) {
        chat_->setSpeakerMode(p.speaker, p.positional() ? audio::SpeakerMode::Spatial : audio::SpeakerMode::Stage);
        if (p.positional()) {
            if (std::optional<vec3> head = session.headOf(p.avatar)) chat_->setSpeakerPosition(p.speaker, *head);
        }
        // A frame the decoder refuses is counted in speakers(); the others still play.
        (void)chat_->receive(p.speaker, p.frame);
        ++framesReceived_;
        Heard& h = heard_[p.speaker];
        if (h.name.empty()) {
            auto who = client.participants().find(p.speaker);
            h.name = who != client.participants().end() ? who->second.displayName : "client " + std::to_string(p.speaker);
        }
        ++h.frames;
        h.stage |= !p.positional();
    }
    // Someone who left stops taking an OpenAL source.
    const auto& people = client.participants();
    for (const audio::RemoteSpeaker& s : chat_->speakers()) {
        if (client.joined() && !people.count(std::uint32_t(s.id))) chat_->removeSpeaker(s.id);
    }
    (void)chat_->update(dt);  // a capture hiccup loses that frame, never the visit
    const bool announce = announcing_ && session.role() == net::Role::Host;
    for (const std::vector<std::uint8_t>& frame : chat_->takeOutgoing()) {
        if (!client.joined()) continue;  // said before joining: nobody to hear it
        session.sendVoice(frame, announce);
        ++framesSent_;
    }
    if (!chat_->playback().loopback()) return;
    owedSamples_ += dt * audio::kSampleRate;
    const auto frames = std::size_t(owedSamples_);
    if (frames == 0) return;
    owedSamples_ -= double(frames);
    std::vector<float> stereo(frames * 2);
    if (chat_->render(stereo) && sink_) sink_->write(stereo);
}

Status AttendeeVoice::finish() { return sink_ ? sink_->close() : Status(Ok{}); }

float AttendeeVoice::meterFraction(float levelDb) { return std::clamp((levelDb + 60.0f) / 60.0f, 0.0f, 1.0f); }

}  // namespace atrium::player
