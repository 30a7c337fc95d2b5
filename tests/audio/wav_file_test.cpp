#include <gtest/gtest.h>

#include <fstream>

#include "atrium/audio/wav_file.hpp"
#include "audio_signals.hpp"

using namespace atrium::audio;

namespace {

std::vector<unsigned char> header(std::uint16_t tag, std::uint16_t channels, std::uint32_t rate, std::uint16_t bits, std::uint32_t dataBytes) {
    std::vector<unsigned char> b;
    b.reserve(64);
    auto put = [&](std::uint32_t v, int n) {
        for (int i = 0; i < n; ++i) b.push_back((unsigned char)(v >> (8 * i)));
    };
    auto tag4 = [&](const char* s) {
        for (int i = 0; i < 4; ++i) b.push_back((unsigned char)s[i]);
    };
    tag4("RIFF");
    put(36 + dataBytes, 4);
    tag4("WAVE");
    tag4("fmt ");
    put(16, 4);
    put(tag, 2);
    put(channels, 2);
    put(rate, 4);
    put(rate * channels * bits / 8, 4);
    put(channels * bits / 8, 2);
    put(bits, 2);
    tag4("data");
    put(dataBytes, 4);
    return b;
}

}  // namespace

TEST(WavFile, RoundTripsSixteenBitStereo) {
    PcmBuffer pcm{44100, 2, {0.0f, 0.5f, -0.5f, 1.0f, -1.0f, 0.25f}};
    auto path = test::tempPath("round_trip.wav");
    ASSERT_TRUE(writeWav(path, pcm).ok());
    auto back = readWav(path);
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back->sampleRate, 44100);
    EXPECT_EQ(back->channels, 2);
    ASSERT_EQ(back->samples.size(), pcm.samples.size());
    for (std::size_t i = 0; i < pcm.samples.size(); ++i) EXPECT_NEAR(back->samples[i], pcm.samples[i], 1.0f / 16000.0f) << i;
    std::filesystem::remove(path);
}

TEST(WavFile, ReadsFloatAndTwentyFourBitSamples) {
    auto f = header(3, 1, 48000, 32, 8);
    const float values[2] = {0.75f, -0.125f};
    const auto* raw = reinterpret_cast<const unsigned char*>(values);
    f.insert(f.end(), raw, raw + 8);
    auto pf = parseWav(f, "float.wav");
    ASSERT_TRUE(pf.ok()) << pf.error().toString();
    EXPECT_FLOAT_EQ(pf->samples[0], 0.75f);
    EXPECT_FLOAT_EQ(pf->samples[1], -0.125f);

    auto w = header(1, 1, 48000, 24, 6);
    for (unsigned char c : {0x00, 0x00, 0x40, 0x00, 0x00, 0xC0}) w.push_back(c);  // +0.5 and -0.5
    auto pw = parseWav(w, "24.wav");
    ASSERT_TRUE(pw.ok()) << pw.error().toString();
    EXPECT_FLOAT_EQ(pw->samples[0], 0.5f);
    EXPECT_FLOAT_EQ(pw->samples[1], -0.5f);
}

TEST(WavFile, RefusesMalformedFilesNamingTheProblem) {
    auto expectError = [](std::vector<unsigned char> bytes, const std::string& what) {
        auto r = parseWav(bytes, "bad.wav");
        ASSERT_FALSE(r.ok()) << what;
        EXPECT_EQ(r.error().file, "bad.wav");
        EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    };
    expectError({'R', 'I', 'F', 'F'}, "not a WAV file");
    expectError(header(2, 1, 48000, 16, 0), "format tag 2");
    expectError(header(1, 0, 48000, 16, 0), "0 channels");
    expectError(header(1, 1, 1000, 16, 0), "sample rate 1000");
    expectError(header(1, 1, 48000, 12, 0), "12-bit");
    expectError(header(1, 1, 48000, 16, 100), "runs past the end");  // claims 100 data bytes, has none
    auto noData = header(1, 1, 48000, 16, 0);
    noData.resize(36);
    expectError(noData, "no data chunk");
    EXPECT_FALSE(readWav(test::tempPath("does_not_exist.wav")).ok());
}

TEST(WavFile, WriteToAMissingFolderFailsWithThePath) {
    auto s = writeWav("/nonexistent-folder/x.wav", PcmBuffer{48000, 1, {0.0f}});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().toString().find("/nonexistent-folder/x.wav"), std::string::npos) << s.error().toString();
}

TEST(WavFile, VoiceFormatIsMonoAtFortyEightKilohertz) {
    // A 441 Hz stereo tone at 44.1 kHz, opposite channels cancelling except for a DC offset.
    PcmBuffer in{44100, 2, {}};
    for (int i = 0; i < 44100; ++i) {
        float s = std::sin(2.0f * 3.14159265f * 441.0f * float(i) / 44100.0f) * 0.5f;
        in.samples.push_back(s);
        in.samples.push_back(s);
    }
    PcmBuffer out = toVoiceFormat(in);
    EXPECT_EQ(out.sampleRate, kSampleRate);
    EXPECT_EQ(out.channels, 1);
    EXPECT_NEAR(double(out.frames()), 48000.0, 2.0);
    int crossings = 0;
    for (std::size_t i = 1; i < out.samples.size(); ++i) crossings += (out.samples[i - 1] < 0.0f) != (out.samples[i] < 0.0f);
    EXPECT_NEAR(crossings, 882, 3);  // still 441 Hz: two crossings a cycle for one second
    EXPECT_NEAR(rms(out.samples), 0.5f / std::sqrt(2.0f), 0.01f);
}
