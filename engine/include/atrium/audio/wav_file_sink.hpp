#pragma once
// The speakers' stand-in: collects a rendered mix and writes it as a WAV file when closed.
#include <filesystem>
#include <span>

#include "atrium/audio/pcm.hpp"
#include "atrium/core/error.hpp"

namespace atrium::audio {

class WavFileSink {
public:
    WavFileSink(std::filesystem::path path, int channels = 2, int sampleRate = kSampleRate);

    void write(std::span<const float> interleaved);
    const PcmBuffer& pcm() const { return pcm_; }
    // Writes the file atomically; the sink can keep collecting and close again.
    Status close() const;

private:
    std::filesystem::path path_;
    PcmBuffer pcm_;
};

}  // namespace atrium::audio
