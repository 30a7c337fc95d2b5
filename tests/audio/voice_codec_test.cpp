#include <gtest/gtest.h>

#include "atrium/audio/voice_codec.hpp"
#include "audio_signals.hpp"

using namespace atrium::audio;

namespace {

std::vector<VoiceFrame> encodeAll(const std::vector<float>& pcm, const VoiceEncoderOptions& options = {}) {
    auto encoder = VoiceEncoder::create(options);
    EXPECT_TRUE(encoder.ok());
    std::vector<VoiceFrame> frames;
    for (std::size_t at = 0; at + kFrameSamples <= pcm.size(); at += kFrameSamples) {
        auto f = encoder->encode(std::span<const float>(pcm).subspan(at, kFrameSamples));
        EXPECT_TRUE(f.ok());
        if (f.ok() && f->has_value()) frames.push_back(**f);
    }
    return frames;
}

enum class Loss { None, Conceal, Fec };

// Decodes every frame; each `dropEvery`th (counting from 3) is lost and replaced as `how` says.
std::vector<float> decodeAll(const std::vector<VoiceFrame>& frames, Loss how, std::size_t dropEvery,
                             std::vector<std::size_t>* dropped = nullptr) {
    auto decoder = VoiceDecoder::create();
    std::vector<float> out(frames.size() * kFrameSamples);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        std::span<float> pcm(out.data() + i * kFrameSamples, kFrameSamples);
        const bool lost = how != Loss::None && i % dropEvery == 3 && i + 1 < frames.size();
        if (lost && dropped) dropped->push_back(i);
        atrium::Status s = !lost              ? decoder->decode(frames[i], pcm)
                           : how == Loss::Fec ? decoder->recover(frames[i + 1], pcm)
                                              : decoder->conceal(pcm);
        EXPECT_TRUE(s.ok()) << s.error().toString();
    }
    return out;
}

double errorEnergy(const std::vector<float>& a, const std::vector<float>& b, const std::vector<std::size_t>& frames) {
    double e = 0.0;
    for (std::size_t f : frames)
        for (std::size_t i = f * kFrameSamples; i < (f + 1) * kFrameSamples; ++i) e += double(a[i] - b[i]) * (a[i] - b[i]);
    return e;
}

}  // namespace

TEST(VoiceCodec, EncodesAtAboutTwentyFourKbpsAndDecodesTheSameSignal) {
    auto speech = test::speechLike(2.0);
    auto frames = encodeAll(speech);
    ASSERT_EQ(frames.size(), 100u);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        EXPECT_EQ(frames[i].sequence, i);
        bytes += frames[i].payload.size();
    }
    const double kbps = double(bytes) * 8.0 / 2.0 / 1000.0;
    RecordProperty("opus_kbps", std::to_string(kbps));
    EXPECT_GT(kbps, 12.0);
    EXPECT_LT(kbps, 30.0);  // the bound per speaker, before framing
    auto decoded = decodeAll(frames, Loss::None, 0);
    // Opus delays by its look-ahead (6.5 ms, 312 samples at 48 kHz).
    auto a = test::align(speech, decoded, 2000);
    RecordProperty("codec_delay_samples", std::to_string(a.lag));
    RecordProperty("codec_correlation", std::to_string(a.correlation));
    // SILK at 24 kbps keeps the spectrum, not every wiggle of the waveform: 0.85 here.
    EXPECT_GT(a.correlation, 0.8) << "lag " << a.lag;
    EXPECT_NEAR(double(a.lag), 312.0, 40.0);
    const double energy = rms(test::slice(decoded, 0.2, 1.9)) / rms(test::slice(speech, 0.2, 1.9));
    EXPECT_NEAR(energy, 1.0, 0.2);
}

TEST(VoiceCodec, DtxSendsFarFewerFramesInSilence) {
    std::vector<float> pcm = test::speechLike(0.4);
    test::append(pcm, test::silence(2.0));
    VoiceEncoderOptions noDtx;
    noDtx.dtx = false;
    auto withDtx = encodeAll(pcm);
    auto without = encodeAll(pcm, noDtx);
    RecordProperty("frames_dtx", std::to_string(withDtx.size()));
    EXPECT_EQ(without.size(), 120u);
    EXPECT_LT(withDtx.size(), 20u + 30u);  // the 20 speech frames, a few to fade out, comfort noise updates
    // Sequence numbers count sent frames only, and the first frame after silence says so.
    for (std::size_t i = 0; i < withDtx.size(); ++i) EXPECT_EQ(withDtx[i].sequence, i);
    EXPECT_TRUE(withDtx[0].talkspurtStart());
    bool restarted = false;
    for (std::size_t i = 1; i < withDtx.size(); ++i) restarted |= withDtx[i].talkspurtStart();
    EXPECT_TRUE(restarted) << "frames after a DTX gap should start a talkspurt";
}

TEST(VoiceCodec, FecRecoversALostFrameBetterThanConcealment) {
    auto speech = test::speechLike(3.0);
    auto frames = encodeAll(speech);
    auto clean = decodeAll(frames, Loss::None, 0);
    std::vector<std::size_t> dropped;
    auto fec = decodeAll(frames, Loss::Fec, 7, &dropped);
    auto plc = decodeAll(frames, Loss::Conceal, 7);
    ASSERT_GT(dropped.size(), 15u);
    const double eFec = errorEnergy(clean, fec, dropped);
    const double ePlc = errorEnergy(clean, plc, dropped);
    RecordProperty("fec_error_over_plc_error", std::to_string(eFec / ePlc));
    EXPECT_LT(eFec, 0.5 * ePlc) << "FEC error " << eFec << ", PLC error " << ePlc;
}

TEST(VoiceCodec, WrongFrameSizesAreErrorsNotCrashes) {
    auto encoder = VoiceEncoder::create();
    std::vector<float> shortFrame(100, 0.0f);
    auto r = encoder->encode(shortFrame);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("100 samples, expected 960"), std::string::npos) << r.error().message;
    auto decoder = VoiceDecoder::create();
    VoiceFrame garbage{0, 0, {0xFF, 0xFF, 0xFF}};
    std::vector<float> out(kFrameSamples);
    EXPECT_FALSE(decoder->decode(garbage, out).ok());
    EXPECT_FALSE(decoder->conceal(shortFrame).ok());
    VoiceEncoderOptions bad;
    bad.bitrate = 100;
    EXPECT_FALSE(VoiceEncoder::create(bad).ok());
}
