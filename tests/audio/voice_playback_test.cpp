#include <gtest/gtest.h>

#include "atrium/audio/voice_playback.hpp"
#include "audio_signals.hpp"

using namespace atrium;
using namespace atrium::audio;

namespace {

std::unique_ptr<VoicePlayback> loopback(HrtfMode hrtf, DistanceModel distance = {}) {
    PlaybackOptions options;
    options.loopback = true;
    options.hrtf = hrtf;
    options.distance = distance;
    auto p = VoicePlayback::open(options);
    EXPECT_TRUE(p.ok()) << p.error().toString();
    return p.ok() ? std::move(*p) : nullptr;
}

struct Levels {
    float left = 0.0f, right = 0.0f;
    float both() const { return std::sqrt((left * left + right * right) / 2.0f); }
};

// Streams half a second of `signal` through `speaker` the way VoiceChat does (20 ms at a time)
// and measures each channel's RMS after the first 100 ms.
Levels play(VoicePlayback& playback, SpeakerHandle speaker, const std::vector<float>& signal) {
    std::vector<float> mix;
    std::vector<float> block(2 * kFrameSamples);
    for (std::size_t at = 0; at + kFrameSamples <= signal.size(); at += kFrameSamples) {
        EXPECT_TRUE(playback.queue(speaker, std::span<const float>(signal).subspan(at, kFrameSamples)).ok());
        EXPECT_TRUE(playback.render(block).ok());
        test::append(mix, block);
    }
    auto left = test::channel(mix, 0), right = test::channel(mix, 1);
    return {rms(test::slice(left, 0.1, 10.0)), rms(test::slice(right, 0.1, 10.0))};
}

Levels playAt(VoicePlayback& playback, vec3 position, const std::vector<float>& signal, SpeakerMode mode = SpeakerMode::Spatial) {
    auto speaker = playback.addSpeaker();
    EXPECT_TRUE(speaker.ok());
    playback.setPosition(*speaker, position);
    playback.setMode(*speaker, mode);
    Levels l = play(playback, *speaker, signal);
    playback.removeSpeaker(*speaker);
    return l;
}

const vec3 kForward{0.0f, 0.0f, -1.0f};

}  // namespace

TEST(VoicePlayback, ASpeakerToTheRightIsLouderInTheRightChannel) {
    for (HrtfMode mode : {HrtfMode::Off, HrtfMode::On}) {
        auto playback = loopback(mode);
        ASSERT_TRUE(playback);
        if (mode == HrtfMode::On) {
            ASSERT_TRUE(playback->hrtfEnabled()) << "OpenAL Soft found no HRTF data set (package libopenal-data)";
        }
        playback->setListener({0.0f, 1.7f, 0.0f}, kForward);
        auto voice = test::noise(0.5, 0.05f);
        Levels right = playAt(*playback, {3.0f, 1.7f, 0.0f}, voice);
        Levels left = playAt(*playback, {-3.0f, 1.7f, 0.0f}, voice);
        EXPECT_GT(right.right, 2.0f * right.left) << "HRTF " << playback->hrtfEnabled();
        EXPECT_GT(left.left, 2.0f * left.right) << "HRTF " << playback->hrtfEnabled();
    }
}

TEST(VoicePlayback, TheListenerTurningSwapsTheSides) {
    auto playback = loopback(HrtfMode::Off);
    ASSERT_TRUE(playback);
    playback->setListener({0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 1.0f});  // turned around
    Levels l = playAt(*playback, {3.0f, 0.0f, 0.0f}, test::noise(0.5, 0.05f));
    EXPECT_GT(l.left, 2.0f * l.right);
}

TEST(VoicePlayback, FarSpeakersAreQuieterByTheInverseClampedDistanceModel) {
    DistanceModel model{1.5f, 20.0f, 1.0f};
    auto playback = loopback(HrtfMode::Off, model);
    ASSERT_TRUE(playback);
    playback->setListener({0.0f, 0.0f, 0.0f}, kForward);
    auto voice = test::noise(0.5, 0.05f);
    auto gain = [&](float d) {
        return model.referenceDistance /
               (model.referenceDistance + model.rolloff * (std::clamp(d, model.referenceDistance, model.maxDistance) - model.referenceDistance));
    };
    const float atRef = playAt(*playback, {0.0f, 0.0f, -1.0f}, voice).both();  // inside the reference distance: full level
    for (float d : {3.0f, 6.0f, 12.0f}) {
        const float level = playAt(*playback, {0.0f, 0.0f, -d}, voice).both();
        EXPECT_NEAR(level / atRef, gain(d), 0.05f * gain(d)) << d << " m";
    }
    // Clamped: no quieter beyond the maximum distance.
    const float atMax = playAt(*playback, {0.0f, 0.0f, -20.0f}, voice).both();
    const float beyond = playAt(*playback, {0.0f, 0.0f, -60.0f}, voice).both();
    EXPECT_NEAR(beyond, atMax, 0.03f * atMax);
}

TEST(VoicePlayback, StageSpeakersAreHeardAtFullLevelEverywhere) {
    auto playback = loopback(HrtfMode::On);
    ASSERT_TRUE(playback);
    auto voice = test::noise(0.5, 0.05f);
    std::vector<Levels> heard;
    for (vec3 listener : {vec3(0.0f), vec3(40.0f, 0.0f, 0.0f), vec3(-10.0f, 5.0f, 80.0f)}) {
        playback->setListener(listener, kForward);
        heard.push_back(playAt(*playback, {40.0f, 0.0f, 0.0f}, voice, SpeakerMode::Stage));
    }
    playback->setListener(vec3(0.0f), kForward);
    const float spatialFar = playAt(*playback, {0.0f, 0.0f, -25.0f}, voice).both();
    for (const Levels& l : heard) {
        EXPECT_NEAR(l.both(), heard[0].both(), 0.02f * heard[0].both());
        EXPECT_NEAR(l.left, l.right, 0.05f * l.right) << "a PA is not to one side";
    }
    EXPECT_GT(heard[0].both(), 5.0f * spatialFar);
}

TEST(VoicePlayback, VolumeAndMuteApplyPerSpeaker) {
    auto playback = loopback(HrtfMode::Off);
    ASSERT_TRUE(playback);
    playback->setListener(vec3(0.0f), kForward);
    auto voice = test::noise(0.5, 0.05f);
    auto speaker = playback->addSpeaker();
    ASSERT_TRUE(speaker.ok());
    playback->setPosition(*speaker, {0.0f, 0.0f, -1.0f});
    const float full = play(*playback, *speaker, voice).both();
    playback->setVolume(*speaker, 0.5f);
    const float half = play(*playback, *speaker, voice).both();
    playback->setMuted(*speaker, true);
    const float muted = play(*playback, *speaker, voice).both();
    EXPECT_NEAR(half / full, 0.5f, 0.03f);
    EXPECT_LT(muted, 1e-4f);
}

TEST(VoicePlayback, AStreamThatRanDryRestartsWhenFedAgain) {
    auto playback = loopback(HrtfMode::Off);
    ASSERT_TRUE(playback);
    auto speaker = playback->addSpeaker();
    playback->setPosition(*speaker, {0.0f, 0.0f, -1.0f});
    auto voice = test::noise(0.2, 0.05f);
    ASSERT_GT(play(*playback, *speaker, voice).both(), 0.01f);
    std::vector<float> block(2 * kFrameSamples * 10);
    ASSERT_TRUE(playback->render(block).ok());  // 200 ms with nothing queued: the source stops
    EXPECT_LT(rms(block), 1e-5f);
    EXPECT_EQ(playback->pendingSamples(*speaker), 0u);
    EXPECT_GT(play(*playback, *speaker, voice).both(), 0.01f);
}

TEST(VoicePlayback, BadOptionsAndMissingDevicesAreErrors) {
    PlaybackOptions bad;
    bad.loopback = true;
    bad.distance.maxDistance = 0.5f;  // below the reference distance
    EXPECT_FALSE(VoicePlayback::open(bad).ok());

    PlaybackOptions missing;
    missing.device = "no such audio device";
    auto r = VoicePlayback::open(missing);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("no such audio device"), std::string::npos) << r.error().message;

    auto playback = loopback(HrtfMode::Off);
    ASSERT_TRUE(playback);
    std::vector<float> odd(3);
    EXPECT_FALSE(playback->render(odd).ok());
    EXPECT_FALSE(playback->queue(999, odd).ok());
    // Listing devices works with none present (an empty list on a server).
    for (const std::string& name : listPlaybackDevices()) EXPECT_FALSE(name.empty());
}
