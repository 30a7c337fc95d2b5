#pragma once
// The app-level voice API: the local microphone in, frames to send out; remote frames in, their
// speakers placed in the venue and mixed out. An attendee app calls update() every frame, sends
// takeOutgoing() over its network link and hands what arrives to receive(); it never sees Opus
// or OpenAL. Who is speaking is data (speakers(), local()) for nameplate rings and level meters.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "atrium/audio/capture_source.hpp"
#include "atrium/audio/jitter_buffer.hpp"
#include "atrium/audio/voice_codec.hpp"
#include "atrium/audio/voice_playback.hpp"
#include "atrium/audio/voice_processing.hpp"

namespace atrium::audio {

struct VoiceChatOptions {
    PlaybackOptions playback;
    VoiceEncoderOptions encoder;
    JitterBufferOptions jitter;
    NoiseGateOptions gate;
    VoiceActivityOptions activity;
    float inputGain = 1.0f;
    TalkMode talkMode = TalkMode::OpenMic;
    // A remote speaker counts as speaking while frames louder than this played in the last 250 ms.
    float speakingThresholdDb = -50.0f;
};

struct LocalVoice {
    TalkMode talkMode = TalkMode::OpenMic;
    bool pushToTalkHeld = false;
    bool voiceDetected = false;    // voice activity, whether or not it is sent
    bool transmitting = false;     // the last frame was sent
    float inputLevelDb = -120.0f;  // after gain and gate: the level meter
    std::uint64_t framesSent = 0;
};

struct RemoteSpeaker {
    std::uint64_t id = 0;  // the app's key for this person (a user id)
    bool speaking = false;
    float levelDb = -120.0f;  // of the last frame played
    SpeakerMode mode = SpeakerMode::Spatial;
    vec3 position{0.0f};
    float volume = 1.0f;
    bool muted = false;
    JitterStats jitter;
    std::uint64_t refused = 0;  // frames that failed to parse or decode
};

class VoiceChat {
public:
    // `microphone` may be null: a listener that never talks.
    static Result<std::unique_ptr<VoiceChat>> create(std::unique_ptr<CaptureSource> microphone, const VoiceChatOptions& options = {});
    ~VoiceChat();
    VoiceChat(const VoiceChat&) = delete;
    VoiceChat& operator=(const VoiceChat&) = delete;

    // Lets `dt` seconds pass: captures and encodes whole 20 ms frames, plays one frame per speaker
    // for every 20 ms of playout time. The first error is returned; the rest still runs.
    Status update(double dt);

    // Local talking.
    void setTalkMode(TalkMode mode) { local_.talkMode = mode; }
    void setPushToTalk(bool held) { local_.pushToTalkHeld = held; }
    void setInputGain(float gain) { options_.inputGain = gain; }
    const LocalVoice& local() const { return local_; }
    // Encoded frames (encodeVoiceFrame bytes) since the last call, oldest first.
    std::vector<std::vector<std::uint8_t>> takeOutgoing();

    // Listening.
    void setListener(vec3 position, vec3 forward, vec3 up = {0.0f, 1.0f, 0.0f});
    // A frame from speaker `id` (created on first use), arriving now. Malformed bytes are refused
    // with the reason and counted; they never reach the decoder.
    Status receive(std::uint64_t id, std::span<const std::uint8_t> bytes);
    // Where their avatar's head is (metres, World space), and how they are heard.
    void setSpeakerPosition(std::uint64_t id, vec3 head);
    void setSpeakerMode(std::uint64_t id, SpeakerMode mode);
    void setSpeakerVolume(std::uint64_t id, float volume);
    void setSpeakerMuted(std::uint64_t id, bool muted);
    void removeSpeaker(std::uint64_t id);
    std::vector<RemoteSpeaker> speakers() const;

    VoicePlayback& playback() { return *playback_; }
    // Loopback playback only: the mix of everyone since the last render (stereo, interleaved).
    Status render(std::span<float> stereo) { return playback_->render(stereo); }
    double time() const { return time_; }

private:
    struct Remote;
    VoiceChat(std::unique_ptr<CaptureSource> microphone, VoiceEncoder encoder, std::unique_ptr<VoicePlayback> playback,
              const VoiceChatOptions& options);
    Status captureFrames(double dt);
    Status processFrame(std::span<float> frame);
    Status playoutTick();
    Status playRemote(Remote& remote);
    Result<Remote*> remote(std::uint64_t id);

    std::unique_ptr<CaptureSource> microphone_;
    VoiceEncoder encoder_;
    std::unique_ptr<VoicePlayback> playback_;
    VoiceChatOptions options_;
    NoiseGate gate_;
    VoiceActivityDetector vad_;
    LocalVoice local_;
    std::vector<float> pending_;  // captured samples short of a whole frame
    std::vector<std::vector<std::uint8_t>> outgoing_;
    std::map<std::uint64_t, std::unique_ptr<Remote>> remotes_;
    double time_ = 0.0;
    double playoutClock_ = 0.0;  // playout time owed, in seconds
};

}  // namespace atrium::audio
