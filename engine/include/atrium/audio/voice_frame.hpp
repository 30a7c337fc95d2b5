#pragma once
// One 20 ms Opus packet with its sequence number, as bytes a network layer carries unchanged.
// Wire layout (little-endian), 8 bytes of header then the Opus packet:
//   u8 version (1) | u8 flags | u32 sequence | u16 payload bytes | payload
// The sequence counts sent frames, so a gap is a lost frame; silence is simply not sent, and the
// first frame after it carries kTalkspurtStart so that a receiver re-buffers instead of concealing.
#include <cstdint>
#include <span>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium::audio {

inline constexpr std::uint8_t kVoiceFrameVersion = 1;
inline constexpr std::size_t kVoiceFrameHeaderBytes = 8;
// 24 kbps is about 60 bytes a frame; VBR peaks and FEC stay well under this. Larger is refused.
inline constexpr std::size_t kMaxVoicePayloadBytes = 400;

enum VoiceFrameFlags : std::uint8_t {
    kTalkspurtStart = 1u << 0,
};

struct VoiceFrame {
    std::uint32_t sequence = 0;
    std::uint8_t flags = 0;
    std::vector<std::uint8_t> payload;  // one Opus packet of 20 ms

    bool talkspurtStart() const { return (flags & kTalkspurtStart) != 0; }
    friend bool operator==(const VoiceFrame&, const VoiceFrame&) = default;
};

std::vector<std::uint8_t> encodeVoiceFrame(const VoiceFrame& frame);
// Refuses anything that is not exactly one well-formed frame: the error names the field and its
// byte offset ("voice frame: byte 6: payload length 900 exceeds the limit of 400").
Result<VoiceFrame> decodeVoiceFrame(std::span<const std::uint8_t> bytes);

}  // namespace atrium::audio
