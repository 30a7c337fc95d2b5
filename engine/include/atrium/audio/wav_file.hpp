#pragma once
// WAV files (RIFF PCM 16-bit or IEEE float 32-bit): the file source reads them in place of a
// microphone and the file sink writes them in place of the speakers.
#include <filesystem>

#include "atrium/audio/pcm.hpp"
#include "atrium/core/error.hpp"

namespace atrium::audio {

// Reads any channel count and sample rate; errors name the file and the chunk that is wrong.
Result<PcmBuffer> readWav(const std::filesystem::path& path);
Result<PcmBuffer> parseWav(std::span<const unsigned char> bytes, const std::string& name);

// Writes 16-bit PCM (samples clamped to [-1, 1]) atomically: a temporary file, then a rename.
Status writeWav(const std::filesystem::path& path, const PcmBuffer& pcm);

// `pcm` as one mono channel at 48 kHz (channels averaged, linear resampling): what capture needs.
PcmBuffer toVoiceFormat(const PcmBuffer& pcm);

}  // namespace atrium::audio
