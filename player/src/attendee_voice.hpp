#pragma once
// The attendee's voice: the microphone (or a WAV file standing in for it) into the session's
// voice frames, and what the server forwards out of the speakers (or into a WAV file), each
// voice placed at its avatar's head. Push-to-talk or open mic, a mute the server honours too,
// and the figures a level meter and the people list show. The app calls update() once a frame
// after the session's.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atrium/audio/voice_chat.hpp"
#include "atrium/audio/wav_file_sink.hpp"
#include "attendee_session.hpp"

namespace atrium::player {

struct AttendeeVoiceOptions {
    // Stand-ins for the devices (headless runs, tests): a WAV file spoken once from the start,
    // and a WAV file the mix is written to when the visit ends.
    std::filesystem::path wavIn, wavOut;
    // Open the system's microphone and speakers (the windowed app); a device that cannot be
    // opened is reported in notes() and the visit goes on without it.
    bool devices = false;
    std::string microphone;  // a capture device's name; empty: the default
    bool openMic = false;    // false: push-to-talk
    float inputGain = 1.0f;
};

class AttendeeVoice {
public:
    // Null with the reason when Opus or OpenAL cannot start at all (never for a missing device).
    static Result<std::unique_ptr<AttendeeVoice>> create(const AttendeeVoiceOptions& options);
    AttendeeVoice(const AttendeeVoice&) = delete;
    AttendeeVoice& operator=(const AttendeeVoice&) = delete;

    // `dt` seconds after the last call: captures, sends, receives and places the voices, with
    // the listener at the camera.
    void update(AttendeeSession& session, vec3 eye, vec3 forward, double dt);
    // Writes --voice-out's file (atomically); the chat can go on.
    Status finish();

    void setPushToTalk(bool held) { chat_->setPushToTalk(held); }
    void setOpenMic(bool open);
    bool openMic() const { return openMic_; }
    // Self-mute: nothing leaves this app and the server forwards nothing of ours.
    void setMuted(AttendeeSession& session, bool muted);
    bool muted() const { return muted_; }
    void setInputGain(float gain) { chat_->setInputGain(gain); }
    // Announcing (hosts): this app's voice is heard venue-wide, without distance.
    void setAnnouncing(bool on) { announcing_ = on; }
    bool announcing() const { return announcing_; }

    bool hasMicrophone() const { return hasMicrophone_; }
    const audio::LocalVoice& local() const { return chat_->local(); }
    std::vector<audio::RemoteSpeaker> speakers() const { return chat_->speakers(); }
    const audio::VoiceChat& chat() const { return *chat_; }
    // Where the screens' sound plays too (MediaScreens::playAudio): the same speakers or file.
    audio::VoicePlayback& playback() { return chat_->playback(); }
    std::uint64_t framesSent() const { return framesSent_; }
    std::uint64_t framesReceived() const { return framesReceived_; }
    // Everyone heard during the visit (those who left included), by client id.
    struct Heard {
        std::string name;
        std::uint64_t frames = 0;
        bool stage = false;  // heard from a stage zone or as an announcement at least once
    };
    const std::map<std::uint32_t, Heard>& heard() const { return heard_; }
    // What the attendee should know: which devices are used, which could not be opened.
    const std::vector<std::string>& notes() const { return notes_; }

    // The level meter's scale: -60 dBFS empty, 0 full.
    static float meterFraction(float levelDb);

private:
    AttendeeVoice(std::unique_ptr<audio::VoiceChat> chat, const AttendeeVoiceOptions& options, bool hasMicrophone,
                  std::vector<std::string> notes);

    std::unique_ptr<audio::VoiceChat> chat_;
    std::optional<audio::WavFileSink> sink_;
    bool hasMicrophone_ = false;
    bool openMic_ = false, muted_ = false, announcing_ = false;
    double owedSamples_ = 0.0;  // loopback: stereo frames of mix owed to the sink
    std::uint64_t framesSent_ = 0, framesReceived_ = 0;
    std::map<std::uint32_t, Heard> heard_;
    std::vector<std::string> notes_;
};

}  // namespace atrium::player
