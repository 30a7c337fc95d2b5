// What voice costs one machine, per second of speech, on the thread's CPU clock:
//   codec   Opus encode (the talker) and decode (each listener, per speaker heard), 48 kHz mono
//           20 ms frames at 24 kbps VBR with FEC, of a speech-like signal; and the bit rate.
//   mix     a listener hearing N speakers at once, each streamed 20 ms at a time into its own
//           OpenAL Soft source around the listener and rendered by the loopback device (what a
//           sound card would pull), HRTF off and on; N = 8 and 32.
//   listen  the whole listener path for N speakers: voice frame bytes -> jitter buffer -> Opus
//           decode -> source -> mix (VoiceChat), HRTF on.
// usage: audio_bench [--seconds S] (default 10 seconds of audio per figure)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "../audio/audio_signals.hpp"
#include "atrium/audio/voice_chat.hpp"
#include "atrium/audio/voice_codec.hpp"
#include "atrium/audio/voice_playback.hpp"

using namespace atrium;
using namespace atrium::audio;

namespace {

double threadSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

void printCost(const char* what, double cpuSeconds, double audioSeconds) {
    const double msPerSecond = cpuSeconds * 1000.0 / audioSeconds;
    std::printf("  %-44s %8.3f ms CPU per second of audio  (%6.2f%% of a core)\n", what, msPerSecond, msPerSecond / 10.0);
}

std::vector<VoiceFrame> benchCodec(const std::vector<float>& speech, double seconds) {
    auto encoder = VoiceEncoder::create();
    auto decoder = VoiceDecoder::create();
    if (!encoder || !decoder) std::exit(1);
    std::vector<VoiceFrame> frames;
    std::size_t bytes = 0;
    double t0 = threadSeconds();
    for (std::size_t at = 0; at + kFrameSamples <= speech.size(); at += kFrameSamples) {
        auto f = encoder->encode(std::span<const float>(speech).subspan(at, kFrameSamples));
        if (f.ok() && f->has_value()) {
            bytes += (*f)->payload.size() + kVoiceFrameHeaderBytes;
            frames.push_back(std::move(**f));
        }
    }
    const double encode = threadSeconds() - t0;
    std::vector<float> pcm(kFrameSamples);
    t0 = threadSeconds();
    for (const VoiceFrame& f : frames)
        if (!decoder->decode(f, pcm).ok()) std::exit(1);
    const double decode = threadSeconds() - t0;
    std::printf("codec (%.0f s of speech, %zu frames, %.1f kbps up per speaker with the 8-byte frame header)\n", seconds, frames.size(),
                double(bytes) * 8.0 / seconds / 1000.0);
    printCost("encode, per talker", encode, seconds);
    printCost("decode, per speaker heard", decode, seconds);
    printCost("encode + decode, per speaker", encode + decode, seconds);
    return frames;
}

vec3 around(int i, int n) {
    const float a = 6.2831853f * float(i) / float(n);
    const float r = 2.0f + float(i % 5) * 3.0f;
    return {r * std::cos(a), 1.7f, r * std::sin(a)};
}

void benchMix(const std::vector<float>& speech, double seconds, int speakers, HrtfMode hrtf) {
    PlaybackOptions options;
    options.loopback = true;
    options.hrtf = hrtf;
    auto playback = VoicePlayback::open(options);
    if (!playback) std::exit(1);
    std::vector<SpeakerHandle> handles;
    for (int i = 0; i < speakers; ++i) {
        auto h = (*playback)->addSpeaker();
        if (!h) std::exit(1);
        (*playback)->setPosition(*h, around(i, speakers));
        handles.push_back(*h);
    }
    std::vector<float> block(2 * kFrameSamples);
    const double t0 = threadSeconds();
    for (std::size_t at = 0; at + kFrameSamples <= speech.size(); at += kFrameSamples) {
        for (std::size_t i = 0; i < handles.size(); ++i) {
            // Each speaker starts at a different point of the signal, as different people would.
            std::size_t from = (at + i * 48000 / 7) % (speech.size() - kFrameSamples) / kFrameSamples * kFrameSamples;
            if (!(*playback)->queue(handles[i], std::span<const float>(speech).subspan(from, kFrameSamples)).ok()) std::exit(1);
        }
        if (!(*playback)->render(block).ok()) std::exit(1);
    }
    char what[96];
    std::snprintf(what, sizeof what, "mix %2d speakers, HRTF %s", speakers, (*playback)->hrtfEnabled() ? "on " : "off");
    printCost(what, threadSeconds() - t0, seconds);
}

void benchListen(const std::vector<VoiceFrame>& frames, double seconds, int speakers) {
    VoiceChatOptions options;
    options.playback.loopback = true;
    options.playback.hrtf = HrtfMode::On;
    auto chat = VoiceChat::create(nullptr, options);
    if (!chat) std::exit(1);
    for (int i = 0; i < speakers; ++i) (*chat)->setSpeakerPosition(std::uint64_t(i), around(i, speakers));
    std::vector<std::vector<std::uint8_t>> bytes;
    for (const VoiceFrame& f : frames) bytes.push_back(encodeVoiceFrame(f));
    std::vector<float> block(2 * kFrameSamples);
    const double t0 = threadSeconds();
    for (const auto& b : bytes) {
        for (int i = 0; i < speakers; ++i)
            if (!(*chat)->receive(std::uint64_t(i), b).ok()) std::exit(1);
        if (!(*chat)->update(kFrameMs / 1000.0).ok() || !(*chat)->render(block).ok()) std::exit(1);
    }
    char what[96];
    std::snprintf(what, sizeof what, "listen to %2d speakers (bytes to mix)", speakers);
    printCost(what, threadSeconds() - t0, seconds);
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 10.0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: audio_bench [--seconds S]\n");
            return 2;
        }
    }
    if (!(seconds >= 1.0)) seconds = 1.0;
    const auto speech = test::speechLike(seconds);
    const auto frames = benchCodec(speech, seconds);
    std::printf("mix (OpenAL Soft loopback, 48 kHz stereo float, speakers 2-14 m around the listener)\n");
    for (int n : {8, 32})
        for (HrtfMode h : {HrtfMode::Off, HrtfMode::On}) benchMix(speech, seconds, n, h);
    std::printf("listen (VoiceChat: voice frame bytes -> jitter buffer -> Opus decode -> OpenAL mix, HRTF on)\n");
    for (int n : {8, 32}) benchListen(frames, seconds, n);
    return 0;
}
