#pragma once
// The host's voice while the editor hosts its venue: the microphone (or a WAV file) into the
// host session's frames, and the guests' voices out of the speakers, each from where its avatar
// stands, heard at the viewport's camera. Push-to-talk (hold V over the viewport, or hold the
// panel's Talk button) or open mic, a mute, a level meter and "announce to the whole venue",
// the same choices atrium-join gives an attendee.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "atrium/audio/voice_chat.hpp"
#include "host_session.hpp"

namespace atrium::editor {

struct HostVoiceOptions {
    std::filesystem::path wavIn;  // stands in for the microphone (tests, headless runs)
    bool devices = true;          // the system's microphone and speakers; missing ones are noted
    bool openMic = false;
};

class HostVoice {
public:
    static Result<std::unique_ptr<HostVoice>> create(const HostVoiceOptions& options);
    HostVoice(const HostVoice&) = delete;
    HostVoice& operator=(const HostVoice&) = delete;

    // `dt` seconds after the last call, the listener at the camera.
    void update(HostSession& host, vec3 eye, vec3 forward, double dt);
    // The Voice window (inside an ImGui frame).
    void panel(HostSession& host);

    void setPushToTalk(bool held) { pushToTalk_ = held; }
    void setOpenMic(bool open);
    bool openMic() const { return openMic_; }
    void setMuted(HostSession& host, bool muted);
    bool muted() const { return muted_; }
    bool announcing() const { return announcing_; }
    void setAnnouncing(bool on) { announcing_ = on; }
    bool hasMicrophone() const { return hasMicrophone_; }
    const audio::LocalVoice& local() const { return chat_->local(); }
    std::uint64_t framesSent() const { return framesSent_; }
    std::uint64_t framesReceived() const { return framesReceived_; }
    const std::vector<std::string>& notes() const { return notes_; }

private:
    HostVoice(std::unique_ptr<audio::VoiceChat> chat, bool hasMicrophone, bool openMic, std::vector<std::string> notes);
    void applyTalkMode();

    std::unique_ptr<audio::VoiceChat> chat_;
    bool hasMicrophone_ = false, openMic_ = false, muted_ = false, announcing_ = false;
    bool pushToTalk_ = false, talkHeld_ = false;
    double owedSamples_ = 0.0;
    std::uint64_t framesSent_ = 0, framesReceived_ = 0;
    std::vector<std::string> notes_;
};

}  // namespace atrium::editor
