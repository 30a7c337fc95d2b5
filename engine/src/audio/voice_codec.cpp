#include "atrium/audio/voice_codec.hpp"

#include <opus.h>

#include <array>
#include <string>

namespace atrium::audio {
namespace {

struct OpusEncoderDeleter {
    void operator()(OpusEncoder* e) const { opus_encoder_destroy(e); }
};
struct OpusDecoderDeleter {
    void operator()(OpusDecoder* d) const { opus_decoder_destroy(d); }
};

Error opusError(const char* what, int code) { return Error{std::string("opus: ") + what + ": " + opus_strerror(code)}; }

Status checkFrame(std::span<const float> frame, const char* what) {
    if (frame.size() != kFrameSamples)
        return Error{std::string("opus: ") + what + ": " + std::to_string(frame.size()) + " samples, expected " + std::to_string(kFrameSamples)};
    return Ok{};
}

}  // namespace

struct VoiceEncoder::State {
    std::unique_ptr<OpusEncoder, OpusEncoderDeleter> encoder;
};
struct VoiceDecoder::State {
    std::unique_ptr<OpusDecoder, OpusDecoderDeleter> decoder;
};

VoiceEncoder::VoiceEncoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
VoiceEncoder::VoiceEncoder(VoiceEncoder&&) noexcept = default;
VoiceEncoder& VoiceEncoder::operator=(VoiceEncoder&&) noexcept = default;
VoiceEncoder::~VoiceEncoder() = default;

Result<VoiceEncoder> VoiceEncoder::create(const VoiceEncoderOptions& options) {
    if (options.bitrate < 6000 || options.bitrate > 128000)
        return Error{"opus: bitrate " + std::to_string(options.bitrate) + " outside 6000-128000"};
    int err = OPUS_OK;
    auto state = std::make_unique<State>();
    state->encoder.reset(opus_encoder_create(kSampleRate, 1, OPUS_APPLICATION_VOIP, &err));
    if (err != OPUS_OK || !state->encoder) return opusError("creating the encoder", err);
    OpusEncoder* e = state->encoder.get();
    // The signal hint keeps Opus in SILK/hybrid mode, the only modes that carry in-band FEC.
    const std::array<int, 7> results = {
        opus_encoder_ctl(e, OPUS_SET_BITRATE(options.bitrate)),
        opus_encoder_ctl(e, OPUS_SET_VBR(1)),
        opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)),
        opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(options.fec ? 1 : 0)),
        opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(options.expectedLossPercent)),
        opus_encoder_ctl(e, OPUS_SET_DTX(options.dtx ? 1 : 0)),
        opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(options.complexity)),
    };
    for (int r : results)
        if (r != OPUS_OK) return opusError("configuring the encoder", r);
    return VoiceEncoder(std::move(state));
}

Result<std::optional<VoiceFrame>> VoiceEncoder::encode(std::span<const float> frame) {
    if (auto ok = checkFrame(frame, "encode"); !ok) return ok.error();
    std::array<unsigned char, kMaxVoicePayloadBytes> packet{};
    const opus_int32 n = opus_encode_float(state_->encoder.get(), frame.data(), int(kFrameSamples), packet.data(), opus_int32(packet.size()));
    if (n < 0) return opusError("encode", n);
    // Opus' documented rule for DTX: a packet of two bytes or less need not be transmitted.
    if (n <= 2) {
        talkspurtStart_ = true;
        return std::optional<VoiceFrame>{};
    }
    VoiceFrame out;
    out.sequence = sequence_++;
    out.flags = talkspurtStart_ ? kTalkspurtStart : 0;
    talkspurtStart_ = false;
    out.payload.assign(packet.begin(), packet.begin() + n);
    return std::optional<VoiceFrame>(std::move(out));
}

VoiceDecoder::VoiceDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
VoiceDecoder::VoiceDecoder(VoiceDecoder&&) noexcept = default;
VoiceDecoder& VoiceDecoder::operator=(VoiceDecoder&&) noexcept = default;
VoiceDecoder::~VoiceDecoder() = default;

Result<VoiceDecoder> VoiceDecoder::create() {
    int err = OPUS_OK;
    auto state = std::make_unique<State>();
    state->decoder.reset(opus_decoder_create(kSampleRate, 1, &err));
    if (err != OPUS_OK || !state->decoder) return opusError("creating the decoder", err);
    return VoiceDecoder(std::move(state));
}

namespace {

Status finish(int n, const char* what) {
    if (n < 0) return opusError(what, n);
    if (n != int(kFrameSamples))
        return Error{std::string("opus: ") + what + ": " + std::to_string(n) + " samples decoded, expected " + std::to_string(kFrameSamples)};
    return Ok{};
}

}  // namespace

Status VoiceDecoder::decode(const VoiceFrame& frame, std::span<float> out) {
    if (auto ok = checkFrame(out, "decode"); !ok) return ok;
    int n = opus_decode_float(state_->decoder.get(), frame.payload.data(), opus_int32(frame.payload.size()), out.data(), int(kFrameSamples), 0);
    return finish(n, "decode");
}

Status VoiceDecoder::conceal(std::span<float> out) {
    if (auto ok = checkFrame(out, "conceal"); !ok) return ok;
    return finish(opus_decode_float(state_->decoder.get(), nullptr, 0, out.data(), int(kFrameSamples), 0), "conceal");
}

Status VoiceDecoder::recover(const VoiceFrame& next, std::span<float> out) {
    if (auto ok = checkFrame(out, "recover"); !ok) return ok;
    int n = opus_decode_float(state_->decoder.get(), next.payload.data(), opus_int32(next.payload.size()), out.data(), int(kFrameSamples), 1);
    return finish(n, "recover");
}

}  // namespace atrium::audio
