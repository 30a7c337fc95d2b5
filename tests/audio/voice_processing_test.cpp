#include <gtest/gtest.h>

#include "atrium/audio/voice_processing.hpp"
#include "audio_signals.hpp"

using namespace atrium::audio;

namespace {

// Runs `fn` over `pcm` one 20 ms frame at a time, in place.
template <typename F>
void perFrame(std::vector<float>& pcm, F fn) {
    for (std::size_t at = 0; at + kFrameSamples <= pcm.size(); at += kFrameSamples) fn(std::span<float>(pcm).subspan(at, kFrameSamples));
}

}  // namespace

TEST(VoiceProcessing, GainScalesAndClampsInsteadOfWrapping) {
    std::vector<float> s{0.1f, -0.2f, 0.6f, -0.9f};
    applyGain(s, 2.0f);
    EXPECT_FLOAT_EQ(s[0], 0.2f);
    EXPECT_FLOAT_EQ(s[1], -0.4f);
    EXPECT_FLOAT_EQ(s[2], 1.0f);
    EXPECT_FLOAT_EQ(s[3], -1.0f);
}

TEST(VoiceProcessing, NoiseGateRemovesLowLevelNoise) {
    auto hiss = test::noise(1.0, 0.001f);  // -60 dBFS, under the -50 dBFS threshold
    const float before = rmsDbfs(test::slice(hiss, 0.2, 1.0));
    NoiseGate gate;
    NoiseGateOptions options;
    perFrame(hiss, [&](std::span<float> f) { processNoiseGate(gate, options, f); });
    const float after = rmsDbfs(test::slice(hiss, 0.2, 1.0));
    EXPECT_NEAR(before, -60.0f, 1.0f);
    EXPECT_LT(after, before - 50.0f) << "the closed gate attenuates by 60 dB";
}

TEST(VoiceProcessing, NoiseGatePassesSpeechAndClosesAfterItsHold) {
    auto pcm = test::speechLike(0.5);
    test::append(pcm, test::noise(0.5, 0.001f));
    const auto original = pcm;
    NoiseGate gate;
    NoiseGateOptions options;
    perFrame(pcm, [&](std::span<float> f) { processNoiseGate(gate, options, f); });
    // Speech after the 2 ms attack is untouched to within a fraction of a dB.
    EXPECT_NEAR(rmsDbfs(test::slice(pcm, 0.02, 0.5)), rmsDbfs(test::slice(original, 0.02, 0.5)), 0.2f);
    // Noise within the hold keeps the gate open; well after hold and release it is gone.
    EXPECT_NEAR(rmsDbfs(test::slice(pcm, 0.5, 0.54)), -60.0f, 2.0f);
    EXPECT_LT(rmsDbfs(test::slice(pcm, 0.8, 1.0)), -100.0f);
}

TEST(VoiceProcessing, VoiceActivityFollowsSpeechWithHangover) {
    std::vector<float> pcm = test::silence(0.5);
    test::append(pcm, test::speechLike(0.6));
    test::append(pcm, test::silence(1.0));
    VoiceActivityDetector vad;
    VoiceActivityOptions options;
    std::vector<bool> active;
    perFrame(pcm, [&](std::span<float> f) { active.push_back(detectVoice(vad, options, f)); });
    ASSERT_EQ(active.size(), 105u);
    for (int i = 0; i < 25; ++i) EXPECT_FALSE(active[std::size_t(i)]) << "silence frame " << i;
    for (int i = 25; i < 55; ++i) EXPECT_TRUE(active[std::size_t(i)]) << "speech frame " << i;
    for (int i = 55; i < 55 + options.hangoverFrames; ++i) EXPECT_TRUE(active[std::size_t(i)]) << "hangover frame " << i;
    for (std::size_t i = 55 + std::size_t(options.hangoverFrames); i < active.size(); ++i) EXPECT_FALSE(active[i]) << "frame " << i;
}

TEST(VoiceProcessing, SteadyBackgroundNoiseIsNotVoiceButSpeechOverItIs) {
    auto pcm = test::noise(2.0, 0.01f);  // -40 dBFS: a fan, above the absolute minimum
    auto speech = test::speechLike(1.0, 0.3f);
    for (std::size_t i = 0; i < speech.size(); ++i) pcm[std::size_t(1.0 * kSampleRate) + i] += speech[i];
    VoiceActivityDetector vad;
    VoiceActivityOptions options;
    std::vector<bool> active;
    perFrame(pcm, [&](std::span<float> f) { active.push_back(detectVoice(vad, options, f)); });
    int noiseActive = 0, speechActive = 0;
    for (int i = 0; i < 50; ++i) noiseActive += active[std::size_t(i)];
    for (int i = 50; i < 100; ++i) speechActive += active[std::size_t(i)];
    EXPECT_EQ(noiseActive, 0);
    EXPECT_EQ(speechActive, 50);
}

TEST(VoiceProcessing, TalkModesDecideWhatIsSent) {
    EXPECT_TRUE(shouldTransmit(TalkMode::OpenMic, false, true));
    EXPECT_FALSE(shouldTransmit(TalkMode::OpenMic, true, false));
    EXPECT_TRUE(shouldTransmit(TalkMode::PushToTalk, true, false));
    EXPECT_FALSE(shouldTransmit(TalkMode::PushToTalk, false, true));
    EXPECT_FALSE(shouldTransmit(TalkMode::Muted, true, true));
}
