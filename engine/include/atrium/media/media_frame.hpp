#pragma once
// What a media player hands out: RGBA pictures and 48 kHz PCM, plain data with no GPU or audio
// types, so the renderer uploads the one and the audio layer plays the other without this layer
// knowing either.
#include <cstdint>
#include <string>
#include <vector>

namespace atrium::media {

inline constexpr int kAudioSampleRate = 48000;  // the audio layer's rate: it never resamples again

// One picture: RGBA8, rows top to bottom, `width * 4` bytes a row.
struct VideoFrame {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    double time = 0.0;           // presentation time in seconds from the start of the media
    std::uint64_t sequence = 0;  // grows with every new picture a player hands out (uploads skip repeats)
    std::vector<std::uint8_t> rgba;
};

// Mono samples in [-1, 1] at kAudioSampleRate: a screen's sound is one positional source, and
// OpenAL spatialises mono sources only.
struct AudioBlock {
    double time = 0.0;  // presentation time of the first sample
    std::vector<float> samples;
};

enum class MediaStatus { Opening, Playing, Paused, Ended, Error };

// "opening", "playing", "paused", "ended", "error".
const char* toString(MediaStatus status);

// What the source turned out to be, known once it has opened.
struct MediaInfo {
    bool live = false;       // a stream with no end and no seeking: shown at its live edge
    bool slides = false;     // a PDF: pages instead of time
    double duration = 0.0;   // seconds; 0 when live or unknown
    double frameRate = 0.0;  // pictures a second; 0 for slides
    std::uint32_t sourceWidth = 0;
    std::uint32_t sourceHeight = 0;
    bool hasAudio = false;
    std::uint32_t pageCount = 0;  // slides only
};

}  // namespace atrium::media
