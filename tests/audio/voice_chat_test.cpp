#include <gtest/gtest.h>

#include <map>

#include "atrium/audio/voice_chat.hpp"
#include "atrium/audio/wav_file.hpp"
#include "atrium/audio/wav_file_sink.hpp"
#include "audio_signals.hpp"

using namespace atrium;
using namespace atrium::audio;

namespace {

constexpr double kTick = 0.02;
constexpr std::uint64_t kTalker = 42;

VoiceChatOptions loopbackOptions(HrtfMode hrtf = HrtfMode::Off) {
    VoiceChatOptions o;
    o.playback.loopback = true;
    o.playback.hrtf = hrtf;
    return o;
}

std::unique_ptr<VoiceChat> makeChat(std::unique_ptr<CaptureSource> mic, const VoiceChatOptions& options) {
    auto chat = VoiceChat::create(std::move(mic), options);
    EXPECT_TRUE(chat.ok()) << chat.error().toString();
    return chat.ok() ? std::move(*chat) : nullptr;
}

// Half a second of silence, a second of speech, 0.6 s of silence, a second of speech, 0.6 s.
std::vector<float> conversation() {
    std::vector<float> pcm = test::silence(0.5);
    test::append(pcm, test::speechLike(1.0));
    test::append(pcm, test::silence(0.6));
    test::append(pcm, test::speechLike(1.0, 0.3f, 1.0));
    test::append(pcm, test::silence(0.6));
    return pcm;
}

// One 20 ms tick of a talker and a listener connected directly (the network comes later).
struct Link {
    VoiceChat& talker;
    VoiceChat& listener;
    WavFileSink* sink = nullptr;
    std::size_t framesSent = 0;

    void tick() {
        ASSERT_TRUE(talker.update(kTick).ok());
        for (const auto& bytes : talker.takeOutgoing()) {
            ++framesSent;
            ASSERT_TRUE(listener.receive(kTalker, bytes).ok());
        }
        ASSERT_TRUE(listener.update(kTick).ok());
        std::vector<float> block(2 * kFrameSamples);
        ASSERT_TRUE(listener.render(block).ok());
        if (sink) sink->write(block);
    }
};

}  // namespace

TEST(VoiceChat, AWavSpokenByOneClientArrivesAtTheOthersFileSinkAligned) {
    const auto spoken = conversation();
    const auto inPath = test::tempPath("spoken.wav");
    const auto outPath = test::tempPath("heard.wav");
    ASSERT_TRUE(writeWav(inPath, PcmBuffer{kSampleRate, 1, spoken}).ok());
    auto mic = openWavSource(inPath);
    ASSERT_TRUE(mic.ok()) << mic.error().toString();
    auto talker = makeChat(std::move(*mic), loopbackOptions());
    auto listener = makeChat(nullptr, loopbackOptions());
    ASSERT_TRUE(talker && listener);
    listener->setListener(vec3(0.0f), {0.0f, 0.0f, -1.0f});
    listener->setSpeakerPosition(kTalker, {0.0f, 0.0f, -1.0f});  // inside the reference distance

    WavFileSink sink(outPath);
    Link link{*talker, *listener, &sink};
    bool speakingSeen = false;
    const auto ticks = std::size_t(double(spoken.size()) / kSampleRate / kTick) + 10;
    for (std::size_t i = 0; i < ticks; ++i) {
        link.tick();
        if (i == 50) {  // a second in: mid-speech
            EXPECT_TRUE(talker->local().transmitting);
            auto s = listener->speakers();
            ASSERT_EQ(s.size(), 1u);
            speakingSeen = s[0].speaking;
        }
    }
    EXPECT_TRUE(speakingSeen);
    EXPECT_FALSE(listener->speakers()[0].speaking) << "silence at the end";
    ASSERT_TRUE(sink.close().ok());

    auto heard = readWav(outPath);
    ASSERT_TRUE(heard.ok()) << heard.error().toString();
    ASSERT_EQ(heard->channels, 2);
    const auto left = test::channel(heard->samples, 0);
    const auto a = test::align(spoken, left, std::size_t(0.2 * kSampleRate));
    const double delayMs = double(a.lag) * 1000.0 / kSampleRate;
    RecordProperty("mouth_to_ear_ms", std::to_string(delayMs));
    RecordProperty("correlation", std::to_string(a.correlation));
    // A captured frame plays once the next one is in (the 40 ms depth holds two): 20 ms, plus
    // Opus' 6.5 ms look-ahead. No network here; a jittery link adds its depth on top.
    EXPECT_GT(delayMs, 20.0);
    EXPECT_LT(delayMs, 50.0);
    EXPECT_GT(a.correlation, 0.8);  // 0.85 measured: the codec alone gives as much (voice_codec_test)
    // The energy arrives too: centre-panned mono puts 1/sqrt(2) of it in each channel.
    const double ratio = rms(test::slice(left, 0.6 + delayMs / 1000, 1.4 + delayMs / 1000)) / rms(test::slice(spoken, 0.6, 1.4));
    EXPECT_GT(ratio, 0.55);
    EXPECT_LT(ratio, 0.9);
    // Silence was not sent: 1.7 s of 3.7 s is silence.
    EXPECT_LT(link.framesSent, ticks * 3 / 4);
    EXPECT_GT(link.framesSent, std::size_t(2.0 / kTick));
    std::filesystem::remove(inPath);
    std::filesystem::remove(outPath);
}

TEST(VoiceChat, TenPercentLossAndThirtyMillisecondsOfJitterStayIntelligible) {
    const auto spoken = test::speechLike(4.0);
    auto talker = makeChat(makeBufferSource(PcmBuffer{kSampleRate, 1, spoken}, "voice"), loopbackOptions());
    auto listener = makeChat(nullptr, loopbackOptions());
    ASSERT_TRUE(talker && listener);
    listener->setSpeakerPosition(kTalker, {0.0f, 0.0f, -1.0f});
    // A link that loses one frame in ten and delays each by 0 to 30 ms (so some overtake others).
    std::multimap<double, std::vector<std::uint8_t>> inFlight;
    std::uint32_t seed = 99;
    auto random = [&] {
        seed = seed * 1664525u + 1013904223u;
        return double(seed >> 8) / double(1u << 24);
    };
    std::vector<float> heard;
    std::vector<float> block(2 * kFrameSamples / 4);
    std::size_t sent = 0, lost = 0;
    // Both apps run frames of 5 ms, so arrival times are not rounded to the 20 ms voice frames.
    const double step = kTick / 4;
    for (int i = 0; i < 880; ++i) {
        ASSERT_TRUE(talker->update(step).ok());
        for (auto& bytes : talker->takeOutgoing()) {
            ++sent;
            if (random() < 0.1) {
                ++lost;
                continue;
            }
            inFlight.emplace(talker->time() + 0.030 * random(), std::move(bytes));
        }
        while (!inFlight.empty() && inFlight.begin()->first <= listener->time()) {
            ASSERT_TRUE(listener->receive(kTalker, inFlight.begin()->second).ok());
            inFlight.erase(inFlight.begin());
        }
        ASSERT_TRUE(listener->update(step).ok());
        ASSERT_TRUE(listener->render(block).ok());
        test::append(heard, block);
    }
    const auto left = test::channel(heard, 0);
    const JitterStats stats = listener->speakers()[0].jitter;
    RecordProperty("lost", std::to_string(lost) + " of " + std::to_string(sent));
    RecordProperty("recovered_by_fec", std::to_string(stats.recovered));
    RecordProperty("target_depth_frames", std::to_string(stats.targetFrames));
    EXPECT_GT(lost, sent / 20);
    EXPECT_GT(stats.recovered, lost / 2) << "most single losses are rebuilt from the next frame's FEC";
    EXPECT_EQ(stats.targetFrames, 4);  // 80 ms for 30 ms of jitter
    // After the first second the depth has settled: the rest plays at one delay.
    const auto a = test::align(test::slice(spoken, 1.0, 4.0), test::slice(left, 1.0, 4.4), std::size_t(0.2 * kSampleRate));
    const double delayMs = double(a.lag) * 1000.0 / kSampleRate;
    RecordProperty("lossy_delay_ms", std::to_string(delayMs));
    RecordProperty("lossy_correlation", std::to_string(a.correlation));
    EXPECT_LT(delayMs, 150.0);      // ITU-T G.114's bound for interactive speech, before the network
    EXPECT_GT(a.correlation, 0.7);  // 0.77 measured; 0.85 without loss
}

TEST(VoiceChat, PushToTalkSendsOnlyWhileHeld) {
    auto talker = makeChat(makeBufferSource(PcmBuffer{kSampleRate, 1, test::speechLike(2.0)}, "voice"), loopbackOptions());
    ASSERT_TRUE(talker);
    talker->setTalkMode(TalkMode::PushToTalk);
    for (int i = 0; i < 25; ++i) ASSERT_TRUE(talker->update(kTick).ok());
    EXPECT_TRUE(talker->takeOutgoing().empty()) << "speech, but the key is up";
    EXPECT_TRUE(talker->local().voiceDetected);
    EXPECT_GT(talker->local().inputLevelDb, -30.0f);
    talker->setPushToTalk(true);
    for (int i = 0; i < 25; ++i) ASSERT_TRUE(talker->update(kTick).ok());
    auto sent = talker->takeOutgoing();
    EXPECT_EQ(sent.size(), 25u);
    auto first = decodeVoiceFrame(sent.front());
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(first->talkspurtStart());
    talker->setPushToTalk(false);
    ASSERT_TRUE(talker->update(kTick).ok());
    EXPECT_TRUE(talker->takeOutgoing().empty());
    talker->setTalkMode(TalkMode::Muted);
    talker->setPushToTalk(true);
    ASSERT_TRUE(talker->update(kTick).ok());
    EXPECT_TRUE(talker->takeOutgoing().empty());
}

TEST(VoiceChat, NearSpeakersAreLouderAndStageSpeakersFullEverywhere) {
    auto talker = makeChat(makeBufferSource(PcmBuffer{kSampleRate, 1, test::speechLike(1.0)}, "voice", true), loopbackOptions());
    auto listener = makeChat(nullptr, loopbackOptions(HrtfMode::On));
    ASSERT_TRUE(talker && listener);
    listener->setListener(vec3(0.0f), {0.0f, 0.0f, -1.0f});
    auto levelAt = [&](vec3 position, SpeakerMode mode) {
        listener->setSpeakerPosition(kTalker, position);
        listener->setSpeakerMode(kTalker, mode);
        WavFileSink sink(test::tempPath("unused.wav"));
        Link link{*talker, *listener, &sink};
        for (int i = 0; i < 50; ++i) link.tick();
        return rms(test::slice(sink.pcm().samples, 0.4, 2.0));  // interleaved: the second half
    };
    const float near = levelAt({0.0f, 0.0f, -2.0f}, SpeakerMode::Spatial);
    const float far = levelAt({0.0f, 0.0f, -15.0f}, SpeakerMode::Spatial);
    const float stage = levelAt({0.0f, 0.0f, -15.0f}, SpeakerMode::Stage);
    EXPECT_GT(near, 3.0f * far);
    EXPECT_GT(stage, near);
}

TEST(VoiceChat, MutedSpeakersAreSilentAndMalformedFramesAreRefusedAndCounted) {
    auto talker = makeChat(makeBufferSource(PcmBuffer{kSampleRate, 1, test::speechLike(1.0)}, "voice", true), loopbackOptions());
    auto listener = makeChat(nullptr, loopbackOptions());
    ASSERT_TRUE(talker && listener);
    listener->setSpeakerPosition(kTalker, {0.0f, 0.0f, -1.0f});
    listener->setSpeakerMuted(kTalker, true);
    WavFileSink sink(test::tempPath("unused.wav"));
    Link link{*talker, *listener, &sink};
    for (int i = 0; i < 30; ++i) link.tick();
    EXPECT_LT(rms(sink.pcm().samples), 1e-5f);
    EXPECT_TRUE(listener->speakers()[0].muted);
    EXPECT_TRUE(listener->speakers()[0].speaking) << "muted for me, but still shown speaking";

    const std::vector<std::uint8_t> junk{1, 0, 0, 0, 0, 0, 200, 0, 1, 2};
    auto r = listener->receive(kTalker, junk);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("voice from 42: voice frame: byte 6"), std::string::npos) << r.error().message;
    EXPECT_EQ(listener->speakers()[0].refused, 1u);
    link.tick();  // still playing
    listener->removeSpeaker(kTalker);
    EXPECT_TRUE(listener->speakers().empty());
}

TEST(VoiceChat, MissingCaptureDeviceIsAClearError) {
    auto r = openCaptureDevice("no such microphone");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("no such microphone"), std::string::npos) << r.error().message;
    for (const std::string& name : listCaptureDevices()) EXPECT_FALSE(name.empty());
    auto wav = openWavSource(test::tempPath("missing.wav"));
    ASSERT_FALSE(wav.ok());
    EXPECT_NE(wav.error().toString().find("missing.wav"), std::string::npos);
}
