#include "atrium/audio/wav_file_sink.hpp"

#include "atrium/audio/wav_file.hpp"

namespace atrium::audio {

WavFileSink::WavFileSink(std::filesystem::path path, int channels, int sampleRate) : path_(std::move(path)), pcm_{sampleRate, channels, {}} {}

void WavFileSink::write(std::span<const float> interleaved) { pcm_.samples.insert(pcm_.samples.end(), interleaved.begin(), interleaved.end()); }

Status WavFileSink::close() const { return writeWav(path_, pcm_); }

}  // namespace atrium::audio
