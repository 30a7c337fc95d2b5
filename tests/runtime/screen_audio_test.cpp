// A screen's sound (MediaScreens::playAudio): a clip made with the ffmpeg CLI whose sound is a
// 440 Hz tone plays on a screen and is rendered by OpenAL's loopback with the listener in front
// of it; the tone is measured in the mix (Goertzel), its level follows the screen's and the
// server's volume, and a paused screen is silent. No GPU, display or audio device.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <sstream>
#include <thread>

#include "atrium/audio/voice_playback.hpp"
#include "atrium/runtime/media_screens.hpp"

namespace fs = std::filesystem;
using namespace atrium;

namespace {

constexpr double kStep = 0.02;  // one frame of the app: 960 samples
constexpr std::size_t kStepFrames = std::size_t(kStep * audio::kSampleRate);

fs::path toneClip() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("atrium_screen_audio_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    const fs::path out = dir / "tone.mp4";
    if (fs::exists(out)) return out;
    std::ostringstream cmd;
    cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=gray:s=160x90:r=30:d=3\" -f lavfi -i \"sine=frequency=440:duration=3\""
           " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30 -c:a aac -shortest "
        << out;
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    return out;
}

// The amplitude of `frequency` in the samples (Goertzel), as a sine's peak.
double toneAmplitude(const std::vector<float>& x, double frequency) {
    const double w = 2.0 * std::numbers::pi * frequency / audio::kSampleRate, c = 2.0 * std::cos(w);
    double s1 = 0.0, s2 = 0.0;
    for (float v : x) {
        const double s0 = v + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - c * s1 * s2;
    return 2.0 * std::sqrt(std::max(0.0, power)) / double(x.size());
}

struct Venue {
    World world;
    Entity screen;
    StableId id;
    MediaScreens screens{toneClip().parent_path()};
    std::unique_ptr<audio::VoicePlayback> playback;

    explicit Venue(float volume) {
        screen = world.create("screen");
        world.add<MediaScreen>(screen, MediaScreen{.source = "tone.mp4", .autoplay = true, .loop = true, .volume = volume});
        world.updateTransforms();
        id = world.stableId(screen);
        audio::PlaybackOptions o;
        o.loopback = true;
        o.hrtf = audio::HrtfMode::Off;
        auto made = audio::VoicePlayback::open(o);
        EXPECT_TRUE(made) << made.error().message;
        if (made) playback = std::move(*made);
        // A metre in front of the screen: inside the reference distance, so at full level.
        playback->setListener(vec3(0.0f, 0.0f, 1.0f), vec3(0.0f, 0.0f, -1.0f));
    }

    // One frame: the screens move on, their sound is queued, the mix of that frame is rendered
    // (left channel returned). Paced at the frame's length, as an app's frames are, so that the
    // decoder works ahead of the clock as it does in a venue.
    std::vector<float> step() {
        screens.update(world, kStep);
        screens.playAudio(world, *playback);
        std::vector<float> stereo(kStepFrames * 2), left(kStepFrames);
        EXPECT_TRUE(playback->render(stereo));
        for (std::size_t i = 0; i < kStepFrames; ++i) left[i] = stereo[2 * i];
        std::this_thread::sleep_for(std::chrono::duration<double>(kStep));
        return left;
    }

    // Plays until the screen is heard (at most 20 s of waiting for the source to open), then
    // for `seconds` more; returns that mix.
    std::vector<float> listen(double seconds) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < end) {
            step();
            const MediaScreens::Screen* s = screens.screen(id);
            if (s && s->audible && s->heardUntil > 0.0) break;
        }
        std::vector<float> out;
        for (int i = 0; i < int(seconds / kStep); ++i) {
            std::vector<float> more = step();
            out.insert(out.end(), more.begin(), more.end());
        }
        return out;
    }
};

double rmsOf(const std::vector<float>& x) { return audio::rms(x); }

}  // namespace

TEST(ScreenAudio, TheScreensToneIsHeardInTheMix) {
    Venue v(1.0f);
    ASSERT_TRUE(v.playback);
    const std::vector<float> heard = v.listen(1.2);
    const MediaScreens::Screen* s = v.screens.screen(v.id);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->audible) << media::toString(s->status) << " " << s->message;
    // The last second: the tone at 440 Hz, well above its neighbours (the aac codec's noise).
    const std::vector<float> second(heard.end() - audio::kSampleRate, heard.end());
    const double tone = toneAmplitude(second, 440.0);
    EXPECT_GT(tone, 0.03);  // ffmpeg's sine is 1/8 of full scale; OpenAL pans a centred mono source
    for (double other : {220.0, 330.0, 550.0, 880.0, 1000.0}) EXPECT_LT(toneAmplitude(second, other), tone / 20.0) << other << " Hz";
    // Heard throughout: nearly every 20 ms of that second carries the tone.
    int quiet = 0;
    for (std::size_t i = 0; i + kStepFrames <= second.size(); i += kStepFrames)
        quiet += audio::rms(std::span<const float>(second).subspan(i, kStepFrames)) < 0.3 * rmsOf(second);
    EXPECT_LE(quiet, 5);
}

TEST(ScreenAudio, LevelFollowsTheScreensAndTheServersVolume) {
    Venue full(1.0f), half(0.5f), quarter(1.0f);
    ASSERT_TRUE(full.playback && half.playback && quarter.playback);
    quarter.screens.setVolume(quarter.id, 0.5f);  // the server's volume, times the component's 1
    quarter.world.get<MediaScreen>(quarter.screen)->volume = 0.5f;
    const double a = rmsOf(full.listen(0.6)), b = rmsOf(half.listen(0.6)), c = rmsOf(quarter.listen(0.6));
    ASSERT_GT(a, 0.01);
    EXPECT_NEAR(b / a, 0.5, 0.08);
    EXPECT_NEAR(c / a, 0.25, 0.06);
}

TEST(ScreenAudio, APausedScreenIsSilentAndPlayingAgainIsHeard) {
    Venue v(1.0f);
    ASSERT_TRUE(v.playback);
    ASSERT_GT(rmsOf(v.listen(0.4)), 0.01);
    media::MediaPlayer* p = v.screens.player(v.id);
    ASSERT_NE(p, nullptr);
    p->pause();
    std::vector<float> paused;
    for (int i = 0; i < 15; ++i) {
        std::vector<float> more = v.step();
        paused.insert(paused.end(), more.begin(), more.end());
    }
    EXPECT_FALSE(v.screens.screen(v.id)->audible);
    // Silent from the first frame after the pause, not once the queued lead has played.
    EXPECT_LT(audio::rmsDbfs(paused), -90.0f);
    p->play();
    EXPECT_GT(rmsOf(v.listen(0.4)), 0.01);
}

TEST(ScreenAudio, AScreenGoneGivesItsSourceBack) {
    Venue v(1.0f);
    ASSERT_TRUE(v.playback);
    ASSERT_GT(rmsOf(v.listen(0.3)), 0.01);
    v.world.destroy(v.screen);
    std::vector<float> after;
    for (int i = 0; i < 5; ++i) {
        std::vector<float> more = v.step();
        after.insert(after.end(), more.begin(), more.end());
    }
    EXPECT_EQ(v.screens.screen(v.id), nullptr);
    EXPECT_LT(audio::rmsDbfs(after), -90.0f);
}
