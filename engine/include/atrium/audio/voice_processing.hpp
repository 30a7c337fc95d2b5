#pragma once
// What happens to microphone samples before encoding, one 20 ms frame at a time: gain, a noise
// gate, voice activity detection, and the talk mode (open mic, push-to-talk, muted) that decides
// whether a frame is sent. Plain state structs and functions, so each step is testable alone.
#include <span>

namespace atrium::audio {

// Multiplies and clamps to [-1, 1] (a gain above 1 must not wrap into distortion in Opus).
void applyGain(std::span<float> samples, float gain);

struct NoiseGateOptions {
    float thresholdDb = -50.0f;  // frames quieter than this (RMS, dBFS) are closed off
    float floorDb = -60.0f;      // attenuation of a closed gate
    float attackMs = 2.0f;       // opening time: short, so word onsets survive
    float releaseMs = 60.0f;     // closing time: long enough not to chop word endings
    float holdMs = 60.0f;        // stays open this long after the level drops
};

struct NoiseGate {
    float gain = 0.0f;     // the gain applied at the last sample
    float holdLeftMs = 0;  // time the gate stays open regardless of level
};

// Opens on the frame's level and ramps the gain sample by sample so that it never clicks.
void processNoiseGate(NoiseGate& gate, const NoiseGateOptions& options, std::span<float> frame);

struct VoiceActivityOptions {
    float minimumDb = -45.0f;  // never "speaking" below this, whatever the noise floor
    float marginDb = 9.0f;     // speaking when this far above the tracked noise floor
    int hangoverFrames = 15;   // 300 ms: keeps sending through the pauses between words
};

// An energy detector over a tracked noise floor: the floor follows quiet frames down at once and
// rises slowly while nobody speaks, so a fan or a hall's murmur does not count as voice.
struct VoiceActivityDetector {
    float noiseFloorDb = 0.0f;  // the first frame sets it
    int hangoverLeft = 0;
    bool active = false;
    float lastLevelDb = -120.0f;
};

// Updates the detector with one frame; returns whether the frame is voice.
bool detectVoice(VoiceActivityDetector& vad, const VoiceActivityOptions& options, std::span<const float> frame);

enum class TalkMode {
    OpenMic,     // voice activity decides
    PushToTalk,  // sends while the key is held (DTX still leaves out silence)
    Muted,       // sends nothing
};

// Whether a frame leaves the client.
constexpr bool shouldTransmit(TalkMode mode, bool pushToTalkHeld, bool voiceDetected) {
    switch (mode) {
        case TalkMode::OpenMic: return voiceDetected;
        case TalkMode::PushToTalk: return pushToTalkHeld;
        case TalkMode::Muted: return false;
    }
    return false;
}

}  // namespace atrium::audio
