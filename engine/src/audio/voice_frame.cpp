#include "atrium/audio/voice_frame.hpp"

#include <opus.h>

#include <string>

#include "atrium/audio/pcm.hpp"

namespace atrium::audio {
namespace {

Error refuse(std::size_t offset, const std::string& what) { return Error{"voice frame: byte " + std::to_string(offset) + ": " + what}; }

}  // namespace

std::vector<std::uint8_t> encodeVoiceFrame(const VoiceFrame& frame) {
    std::vector<std::uint8_t> out;
    out.reserve(kVoiceFrameHeaderBytes + frame.payload.size());
    out.push_back(kVoiceFrameVersion);
    out.push_back(frame.flags);
    for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(frame.sequence >> (8 * i)));
    auto size = std::uint16_t(frame.payload.size());
    out.push_back(std::uint8_t(size & 0xFF));
    out.push_back(std::uint8_t(size >> 8));
    out.insert(out.end(), frame.payload.begin(), frame.payload.end());
    return out;
}

Result<VoiceFrame> decodeVoiceFrame(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kVoiceFrameHeaderBytes)
        return refuse(bytes.size(),
                      std::to_string(bytes.size()) + " bytes is shorter than the " + std::to_string(kVoiceFrameHeaderBytes) + "-byte header");
    if (bytes[0] != kVoiceFrameVersion)
        return refuse(0, "version " + std::to_string(bytes[0]) + ", expected " + std::to_string(kVoiceFrameVersion));
    VoiceFrame frame;
    frame.flags = bytes[1];
    if ((frame.flags & ~kTalkspurtStart) != 0) return refuse(1, "unknown flags " + std::to_string(frame.flags));
    for (int i = 0; i < 4; ++i) frame.sequence |= std::uint32_t(bytes[2 + std::size_t(i)]) << (8 * i);
    const std::size_t size = std::size_t(bytes[6]) | std::size_t(bytes[7]) << 8;
    if (size == 0) return refuse(6, "empty payload");
    if (size > kMaxVoicePayloadBytes)
        return refuse(6, "payload length " + std::to_string(size) + " exceeds the limit of " + std::to_string(kMaxVoicePayloadBytes));
    if (bytes.size() != kVoiceFrameHeaderBytes + size)
        return refuse(6, "payload length " + std::to_string(size) + " but " + std::to_string(bytes.size() - kVoiceFrameHeaderBytes) +
                             " bytes follow the header");
    const std::uint8_t* payload = bytes.data() + kVoiceFrameHeaderBytes;
    // The Opus TOC byte and frame count say how long the packet plays; only 20 ms is this format.
    const int count = opus_packet_get_nb_frames(payload, opus_int32(size));
    if (count < 1)
        return refuse(kVoiceFrameHeaderBytes,
                      "not an Opus packet (" + std::string(opus_strerror(count < 0 ? count : OPUS_INVALID_PACKET)) + ")");
    const int samples = count * opus_packet_get_samples_per_frame(payload, kSampleRate);
    if (samples != int(kFrameSamples))
        return refuse(kVoiceFrameHeaderBytes,
                      "Opus packet of " + std::to_string(samples / (kSampleRate / 1000)) + " ms, expected " + std::to_string(kFrameMs));
    if (opus_packet_get_nb_channels(payload) != 1) return refuse(kVoiceFrameHeaderBytes, "stereo Opus packet, expected mono");
    frame.payload.assign(payload, payload + size);
    return frame;
}

}  // namespace atrium::audio
