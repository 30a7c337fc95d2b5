#pragma once
// Signals and measurements shared by the audio tests: a speech-like test signal (no recording
// needed), deterministic noise, levels and the alignment of a decoded signal with its source.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

#include "atrium/audio/pcm.hpp"

namespace atrium::audio::test {

// A voiced sound: a 140 Hz fundamental gliding by +-10 Hz with falling harmonics, its amplitude
// opening and closing at a syllable rate of 4 Hz, at about `level` peak.
inline std::vector<float> speechLike(double seconds, float level = 0.3f, double phase = 0.0) {
    const auto n = std::size_t(seconds * kSampleRate);
    std::vector<float> out(n);
    double f0Phase = phase;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = double(i) / kSampleRate;
        const double f0 = 140.0 + 10.0 * std::sin(2.0 * std::numbers::pi * 1.3 * t);
        f0Phase += 2.0 * std::numbers::pi * f0 / kSampleRate;
        double v = 0.0;
        for (int k = 1; k <= 12; ++k) v += std::sin(double(k) * f0Phase) / double(k);
        const double syllable = 0.55 + 0.45 * std::sin(2.0 * std::numbers::pi * 4.0 * t);
        out[i] = float(level * 0.55 * syllable * v);
    }
    return out;
}

inline std::vector<float> silence(double seconds) { return std::vector<float>(std::size_t(seconds * kSampleRate), 0.0f); }

// Uniform white noise with the given RMS, the same every run.
inline std::vector<float> noise(double seconds, float rmsLevel, std::uint32_t seed = 12345) {
    std::vector<float> out(std::size_t(seconds * kSampleRate));
    for (float& s : out) {
        seed = seed * 1664525u + 1013904223u;
        s = (float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f) * rmsLevel * std::sqrt(3.0f);
    }
    return out;
}

inline void append(std::vector<float>& to, const std::vector<float>& more) { to.insert(to.end(), more.begin(), more.end()); }

inline std::vector<float> channel(std::span<const float> interleaved, int which, int channels = 2) {
    std::vector<float> out(interleaved.size() / std::size_t(channels));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = interleaved[i * std::size_t(channels) + std::size_t(which)];
    return out;
}

inline std::span<const float> slice(const std::vector<float>& v, double from, double to) {
    auto a = std::min(v.size(), std::size_t(from * kSampleRate));
    auto b = std::max(a, std::min(v.size(), std::size_t(to * kSampleRate)));
    return std::span<const float>(v).subspan(a, b - a);
}

// Normalised correlation of `b` delayed by `lag` samples against `a`, over their overlap.
inline double correlationAt(std::span<const float> a, std::span<const float> b, std::size_t lag, std::size_t step = 1) {
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (std::size_t i = 0; i + lag < b.size() && i < a.size(); i += step) {
        const double x = a[i], y = b[i + lag];
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    return aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : 0.0;
}

struct Alignment {
    std::size_t lag = 0;  // samples `b` lags behind `a`
    double correlation = 0.0;
};

// The delay at which `b` best matches `a`, up to `maxLag`: a coarse search on every 4th sample
// and every 4th lag, then every lag around the best one.
inline Alignment align(std::span<const float> a, std::span<const float> b, std::size_t maxLag) {
    Alignment best;
    for (std::size_t lag = 0; lag <= maxLag; lag += 4) {
        double c = correlationAt(a, b, lag, 4);
        if (c > best.correlation) best = {lag, c};
    }
    const std::size_t from = best.lag > 8 ? best.lag - 8 : 0;
    Alignment fine;
    for (std::size_t lag = from; lag <= best.lag + 8; ++lag) {
        double c = correlationAt(a, b, lag);
        if (c > fine.correlation) fine = {lag, c};
    }
    return fine;
}

inline std::filesystem::path tempPath(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / "atrium_audio_tests";
    std::filesystem::create_directories(dir);
    return dir / (std::to_string(::getpid()) + "-" + name);
}

}  // namespace atrium::audio::test
