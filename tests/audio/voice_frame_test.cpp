#include <gtest/gtest.h>

#include "atrium/audio/voice_codec.hpp"
#include "atrium/audio/voice_frame.hpp"
#include "audio_signals.hpp"

using namespace atrium::audio;

namespace {

VoiceFrame realFrame() {
    auto encoder = VoiceEncoder::create();
    auto speech = test::speechLike(0.02);
    auto f = encoder->encode(speech);
    return **f;
}

void expectRefused(std::vector<std::uint8_t> bytes, const std::string& what) {
    auto r = decodeVoiceFrame(bytes);
    ASSERT_FALSE(r.ok()) << "accepted, expected: " << what;
    EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
}

}  // namespace

TEST(VoiceFrame, RoundTripsThroughBytes) {
    VoiceFrame f = realFrame();
    f.sequence = 0xA1B2C3D4u;
    f.flags = kTalkspurtStart;
    auto bytes = encodeVoiceFrame(f);
    EXPECT_EQ(bytes.size(), kVoiceFrameHeaderBytes + f.payload.size());
    auto back = decodeVoiceFrame(bytes);
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(*back, f);
    EXPECT_TRUE(back->talkspurtStart());
}

TEST(VoiceFrame, MalformedBytesAreRefusedWithFieldAndOffset) {
    const auto good = encodeVoiceFrame(realFrame());
    expectRefused({}, "byte 0: 0 bytes is shorter than the 8-byte header");
    expectRefused({1, 0, 0, 0}, "shorter than the 8-byte header");
    auto v = good;
    v[0] = 7;
    expectRefused(v, "byte 0: version 7, expected 1");
    v = good;
    v[1] = 0x80;
    expectRefused(v, "byte 1: unknown flags 128");
    v = good;
    v.push_back(0);
    expectRefused(v, "bytes follow the header");
    v = good;
    v.pop_back();
    expectRefused(v, "bytes follow the header");
    v = good;
    v[6] = 0;
    v[7] = 0;
    v.resize(8);
    expectRefused(v, "byte 6: empty payload");
    v = good;
    v[6] = 0x84;  // 900 bytes
    v[7] = 0x03;
    v.resize(8 + 900, 0);
    expectRefused(v, "payload length 900 exceeds the limit of 400");
}

TEST(VoiceFrame, PayloadsThatAreNotTwentyMillisecondsOfMonoOpusAreRefused) {
    auto withPayload = [](std::vector<std::uint8_t> payload) {
        VoiceFrame f;
        f.payload = std::move(payload);
        return encodeVoiceFrame(f);
    };
    // TOC config 3 is SILK narrowband 60 ms.
    expectRefused(withPayload({3 << 3, 0x11, 0x22}), "Opus packet of 60 ms, expected 20");
    // Config 1 (SILK NB 20 ms) with the stereo bit.
    expectRefused(withPayload({(1 << 3) | 0x04, 0x11, 0x22}), "stereo Opus packet");
    // Code 3 (arbitrary frame count) without its count byte.
    expectRefused(withPayload({(1 << 3) | 0x03}), "not an Opus packet");
    // Two 20 ms frames (code 1) play 40 ms.
    expectRefused(withPayload({(1 << 3) | 0x01, 0x11, 0x22}), "Opus packet of 40 ms");
}
