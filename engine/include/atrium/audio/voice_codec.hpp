#pragma once
// Opus at 48 kHz mono, 20 ms frames: an encoder that numbers its frames and a decoder that turns
// frames, losses (packet loss concealment) and in-band FEC into PCM.
#include <memory>
#include <optional>
#include <span>

#include "atrium/audio/pcm.hpp"
#include "atrium/audio/voice_frame.hpp"
#include "atrium/core/error.hpp"

namespace atrium::audio {

struct VoiceEncoderOptions {
    int bitrate = 24000;  // bits per second, VBR
    bool fec = true;      // in-band FEC: each packet carries a coarse copy of the previous frame
    bool dtx = true;      // discontinuous transmission: near-empty packets in silence, not sent
    // The loss rate FEC is sized for; Opus spends FEC bits only when this is above zero.
    int expectedLossPercent = 10;
    int complexity = 8;  // 0-10: CPU against quality
};

class VoiceEncoder {
public:
    static Result<VoiceEncoder> create(const VoiceEncoderOptions& options = {});
    VoiceEncoder(VoiceEncoder&&) noexcept;
    VoiceEncoder& operator=(VoiceEncoder&&) noexcept;
    ~VoiceEncoder();

    // Encodes one frame of kFrameSamples samples. Nothing comes back when DTX judged the frame
    // silent (Opus' packet of two bytes or less needs no sending): the sequence does not advance.
    Result<std::optional<VoiceFrame>> encode(std::span<const float> frame);
    // The frames to come start a new talkspurt (the caller stopped sending, e.g. push-to-talk).
    void restartTalkspurt() { talkspurtStart_ = true; }
    std::uint32_t nextSequence() const { return sequence_; }

private:
    struct State;
    explicit VoiceEncoder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
    std::uint32_t sequence_ = 0;
    bool talkspurtStart_ = true;
};

class VoiceDecoder {
public:
    static Result<VoiceDecoder> create();
    VoiceDecoder(VoiceDecoder&&) noexcept;
    VoiceDecoder& operator=(VoiceDecoder&&) noexcept;
    ~VoiceDecoder();

    // Each writes exactly kFrameSamples samples to `out` (which must hold that many).
    Status decode(const VoiceFrame& frame, std::span<float> out);
    // A frame that never came: Opus' packet loss concealment extrapolates from the last ones.
    Status conceal(std::span<float> out);
    // A frame that never came, rebuilt from the FEC copy inside the frame after it. Falls back to
    // concealment when `next` carries no FEC (Opus then conceals by itself).
    Status recover(const VoiceFrame& next, std::span<float> out);

private:
    struct State;
    explicit VoiceDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace atrium::audio
