#pragma once
// The voice format every audio part agrees on, and sample buffers in it. Opus is fixed to 48 kHz
// mono 20 ms frames here so that capture, codec, jitter buffer and playback never resample.
#include <cstddef>
#include <span>
#include <vector>

namespace atrium::audio {

inline constexpr int kSampleRate = 48000;
inline constexpr int kFrameMs = 20;
inline constexpr std::size_t kFrameSamples = kSampleRate / 1000 * kFrameMs;  // 960 per channel

// Interleaved float samples in [-1, 1].
struct PcmBuffer {
    int sampleRate = kSampleRate;
    int channels = 1;
    std::vector<float> samples;

    std::size_t frames() const { return channels > 0 ? samples.size() / std::size_t(channels) : 0; }
    double seconds() const { return sampleRate > 0 ? double(frames()) / sampleRate : 0.0; }
};

// Root mean square of the samples (0 for none).
float rms(std::span<const float> samples);
// The level in dB relative to full scale; silence is clamped to -120 dBFS.
float rmsDbfs(std::span<const float> samples);

}  // namespace atrium::audio
