#include "atrium/audio/voice_processing.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/audio/pcm.hpp"

namespace atrium::audio {
namespace {

float dbToGain(float db) { return std::pow(10.0f, db / 20.0f); }
constexpr float kFrameMsF = float(kFrameMs);

}  // namespace

void applyGain(std::span<float> samples, float gain) {
    for (float& s : samples) s = std::clamp(s * gain, -1.0f, 1.0f);
}

void processNoiseGate(NoiseGate& gate, const NoiseGateOptions& options, std::span<float> frame) {
    const bool loud = rmsDbfs(frame) >= options.thresholdDb;
    if (loud) gate.holdLeftMs = options.holdMs;
    const bool open = loud || gate.holdLeftMs > 0.0f;
    gate.holdLeftMs = std::max(0.0f, gate.holdLeftMs - kFrameMsF);

    const float target = open ? 1.0f : dbToGain(options.floorDb);
    const float ms = open ? options.attackMs : options.releaseMs;
    // One-pole smoothing with the time constant in samples: reaches ~63% of the way in `ms`.
    const float step = 1.0f - std::exp(-1.0f / std::max(1.0f, ms * float(kSampleRate) / 1000.0f));
    for (float& s : frame) {
        gate.gain += (target - gate.gain) * step;
        s *= gate.gain;
    }
}

bool detectVoice(VoiceActivityDetector& vad, const VoiceActivityOptions& options, std::span<const float> frame) {
    const float level = rmsDbfs(frame);
    vad.lastLevelDb = level;
    // Minimum tracking: down at once, up by 0.1 dB a frame (5 dB/s) only while nobody speaks.
    if (level < vad.noiseFloorDb) vad.noiseFloorDb = level;
    else if (!vad.active) vad.noiseFloorDb = std::min(level, vad.noiseFloorDb + 0.1f);

    const bool voice = level >= options.minimumDb && level >= vad.noiseFloorDb + options.marginDb;
    if (voice) {
        vad.hangoverLeft = options.hangoverFrames;
        vad.active = true;
    } else if (vad.hangoverLeft > 0) {
        --vad.hangoverLeft;
        vad.active = true;
    } else {
        vad.active = false;
    }
    return vad.active;
}

}  // namespace atrium::audio
