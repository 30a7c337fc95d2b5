// Voice through netsync (prints figures, never fails):
//   L. mouth to ear over loopback, capture frame to playback with the jitter buffer, at 0 and
//      30 ms of jitter on the talker's link: a WAV-like speech signal through audio's VoiceChat,
//      a server and a listener's VoiceChat; the delay is where the heard signal best correlates
//      with the spoken one. Also kbps up per speaker and down per listener.
//   F. the server's CPU to forward voice for 1,000 connected clients of whom 100 talk (a frame
//      every 20 ms each, 68 bytes as 24 kbps Opus makes): its CPU per simulated second without
//      voice and with it, the difference being what forwarding costs.
// Time is simulated (every client runs in this thread), as in netsync_bench; server CPU is this
// thread's CPU time inside Server::update.
//   voice_net_bench [--clients N] [--talkers K] [--seconds S]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "../audio/audio_signals.hpp"
#include "atrium/audio/voice_chat.hpp"
#include "atrium/core/log.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

const char* const kVenue = "bench";
const char* const kSecret = "bench";
constexpr double kFrame = 0.02;

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

std::string token(std::uint64_t user) {
    return mintJoinToken({kVenue, user, "user" + std::to_string(user), Role::Attendee, std::int64_t(std::time(nullptr)) + 3600}, kSecret);
}

void step(Server& server, std::vector<std::unique_ptr<Client>>& clients, double& t, double seconds) {
    for (double end = t + seconds; t < end;) {
        t += 0.001;
        server.update(t);
        for (auto& c : clients) c->update(t);
    }
}

void benchmarkLatency(double jitterSeconds) {
    World w;
    w.add<SpawnPoint>(w.create("Entrance"), SpawnPoint{.radius = 2});
    Server server(w, {.venueId = kVenue, .secret = kSecret, .physics = false});
    if (!server.start()) return void(std::printf("L. server failed to start\n"));
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = token(1), .link = {.jitterSeconds = jitterSeconds}, .seed = 1}));
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = token(2), .seed = 2}));
    double t = 0.0;
    for (auto& c : clients) (void)c->connect("127.0.0.1", server.port());
    while (t < 5.0 && !(clients[0]->joined() && clients[1]->joined())) step(server, clients, t, 0.01);
    step(server, clients, t, 0.2);

    std::vector<float> spoken = audio::test::silence(0.3);
    for (int i = 0; i < 4; ++i) {
        audio::test::append(spoken, audio::test::speechLike(1.5, 0.3f, i));
        audio::test::append(spoken, audio::test::silence(0.5));
    }
    audio::VoiceChatOptions o;
    o.playback.loopback = true;
    auto mouth = audio::VoiceChat::create(audio::makeBufferSource(audio::PcmBuffer{audio::kSampleRate, 1, spoken}, "speech"), o);
    auto ear = audio::VoiceChat::create(nullptr, o);
    if (!mouth || !ear) return void(std::printf("L. VoiceChat failed\n"));
    std::vector<float> heard;
    const double start = t;
    const auto frames = std::size_t(double(spoken.size()) / audio::kSampleRate / kFrame) + 20;
    std::uint64_t framesPlayed = 0;
    for (std::size_t i = 0; i < frames; ++i) {
        (void)(*mouth)->update(kFrame);
        for (const auto& f : (*mouth)->takeOutgoing()) clients[0]->sendVoice(f);
        step(server, clients, t, kFrame);
        for (const VoicePacket& p : clients[1]->takeVoice()) (void)(*ear)->receive(p.speaker, p.frame);
        (void)(*ear)->update(kFrame);
        std::vector<float> block(2 * audio::kFrameSamples);
        (void)(*ear)->render(block);
        ++framesPlayed;
        auto left = audio::test::channel(block, 0);
        heard.insert(heard.end(), left.begin(), left.end());
    }
    const double seconds = t - start;
    auto a = audio::test::align(spoken, heard, std::size_t(0.4 * audio::kSampleRate));
    const ClientStats& up = clients[0]->stats();
    const ClientStats& down = clients[1]->stats();
    // While talking: the frames sent (speech and the VAD's hangover; DTX leaves out the rest) at
    // 20 ms each; what a listener's link must carry while someone talks.
    const double talking = double(up.voiceFramesSent) * kFrame;
    const double hearing = double(down.voiceFramesReceived) * kFrame;
    std::printf(
        "L. jitter %2.0f ms: mouth to ear %.1f ms (correlation %.3f); up %.1f kbps per speaker while talking (%.1f averaged), "
        "down %.1f kbps per listener while one talks; %llu frames sent, %llu received\n",
        jitterSeconds * 1000, double(a.lag) * 1000.0 / audio::kSampleRate, a.correlation, double(up.voiceBytesSent) * 8 / 1000 / talking,
        double(up.voiceBytesSent) * 8 / 1000 / seconds, double(down.voiceBytesReceived) * 8 / 1000 / hearing,
        (unsigned long long)up.voiceFramesSent, (unsigned long long)down.voiceFramesReceived);
    std::printf("   (message bytes: add the transport's ~%d B per datagram and 28 B IPv4+UDP, about %d kbps at 50 datagrams a second)\n", 34,
                (34 + 28) * 8 * 50 / 1000);
}

void benchmarkForwarding(int count, int talkers, double seconds) {
    setLogLevel(LogLevel::Warn);
    World w;
    w.add<SpawnPoint>(w.create("Entrance"), SpawnPoint{.radius = 30});
    Server server(w, {.venueId = kVenue, .secret = kSecret, .physics = false});
    if (!server.start()) return void(std::printf("F. server failed to start\n"));
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = token(std::uint64_t(i + 1)), .seed = std::uint64_t(i + 1)}));
        (void)clients.back()->connect("127.0.0.1", server.port());
    }
    double t = 0.0;
    const std::vector<std::uint8_t> frame(68, 0x42);
    // Server updated when a tick is due or, while talking, every 5 ms (frames forwarded on
    // arrival), the clients every step, as netsync_bench B does.
    auto run = [&](double duration, bool voice) {
        double cpu = 0.0;
        double nextFrame = t;
        for (double end = t + duration; t < end;) {
            t += 1.0 / 200.0;
            double c0 = threadCpuMs();
            server.update(t);
            cpu += threadCpuMs() - c0;
            if (voice && t >= nextFrame) {
                for (int k = 0; k < talkers; ++k) clients[std::size_t(k * count / talkers)]->sendVoice(frame);
                nextFrame += kFrame;
            }
            for (auto& c : clients) c->update(t);
        }
        return cpu;
    };
    while (t < 30.0 && server.clientCount() < std::size_t(count)) run(0.05, false);
    std::printf("F. %zu of %d clients joined at %.1f s (simulated)\n", server.clientCount(), count, t);
    run(3.0, false);  // warm-up: histories full, as in netsync_bench B
    ServerMetrics before = server.metrics();
    double quiet = run(seconds, false);
    run(0.5, true);
    ServerMetrics talkStart = server.metrics();
    double loud = run(seconds, true);
    ServerMetrics after = server.metrics();
    (void)before;
    const double forwarded = double(after.voice.framesForwarded - talkStart.voice.framesForwarded) / seconds;
    const double routeMs = after.voice.routeMs - talkStart.voice.routeMs;
    std::printf(
        "F. %d clients, %d talking (%zu heard at the last tick): server CPU %.1f ms per second without voice, %.1f with it: "
        "forwarding costs %.1f%% of one core (choosing listeners %.2f%%); %.0f frames forwarded a second, %.1f kbps of voice down "
        "per listener on average; %llu dropped\n",
        count, talkers, after.voice.talking, quiet / seconds, loud / seconds, (loud - quiet) / seconds / 10.0, routeMs / seconds / 10.0,
        forwarded, double(after.voice.bytesForwarded - talkStart.voice.bytesForwarded) * 8 / 1000 / seconds / count,
        (unsigned long long)(after.voice.rateLimited + after.voice.malformed + after.voice.oversized));
}

}  // namespace

int main(int argc, char** argv) {
    int clients = 1000, talkers = 100;
    double seconds = 2.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--talkers")) talkers = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    }
    setLogLevel(LogLevel::Warn);
    std::printf("voice_net_bench: goals <= 150 ms mouth to ear at 30 ms jitter, <= 30 kbps up per speaker, forwarding <= 10%% of one core\n");
    benchmarkLatency(0.0);
    benchmarkLatency(0.030);
    benchmarkForwarding(clients, std::min(talkers, clients), seconds);
    return 0;
}
