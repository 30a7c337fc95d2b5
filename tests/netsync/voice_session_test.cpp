// Spatial voice through a real server and clients on loopback (net_test_support.hpp's simulated
// clock): the audio layer encodes a WAV in the test, netsync carries the frames as bytes, the
// server chooses who hears whom.
#include <gtest/gtest.h>

#include <algorithm>

#include "../audio/audio_signals.hpp"
#include "atrium/audio/voice_chat.hpp"
#include "atrium/audio/wav_file.hpp"
#include "atrium/audio/wav_file_sink.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/net/voice.hpp"
#include "net_test_support.hpp"
#include "raw_peer.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

constexpr double kFrame = 0.02;  // the audio layer's 20 ms

// A spawn point at the origin, a seat 3 m away (within the 20 m hearing range), one 60 m away,
// and one on a stage 50 m away inside a StageZone.
struct VoiceVenue {
    World w;
    StableId nearSeat, farSeat, stageSeat;
    VoiceVenue() {
        Entity spawn = w.create("Entrance");
        w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 1});
        nearSeat = seat("Near seat", {3, 0, 0});
        farSeat = seat("Far seat", {60, 0, 0});
        stageSeat = seat("Stage seat", {0, 0, -50});
        Entity stage = w.create("Stage");
        w.get<Transform>(stage)->position = vec3(0, 0, -50);
        w.add<StageZone>(stage, StageZone{.halfExtents = {6, 3, 6}});
    }
    StableId seat(const char* name, vec3 at) {
        Entity e = w.create(name);
        w.get<Transform>(e)->position = at;
        w.add<Seat>(e);
        return w.stableId(e);
    }
};

struct VoiceSession {
    VoiceVenue venue;
    Server server;
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;

    explicit VoiceSession(ServerConfig config = {}) : server(venue.w, withTestKeys(std::move(config))) { EXPECT_TRUE(server.start().ok()); }
    static ServerConfig withTestKeys(ServerConfig c) {
        c.venueId = kTestVenue;
        c.secret = kTestSecret;
        return c;
    }
    Client& join(std::uint64_t user, Role role = Role::Attendee, LinkConditions link = {}) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(user, role), .link = link, .seed = user}));
        Client& c = *clients.back();
        EXPECT_TRUE(c.connect("127.0.0.1", server.port()).ok());
        EXPECT_TRUE(waitFor([&] { return c.joined(); }));
        return c;
    }
    void sit(Client& c, StableId seat) {
        c.claimSeat(seat);
        EXPECT_TRUE(waitFor([&] { return server.seatOccupant(seat) == c.clientId(); }));
        run(0.1);
    }
    template <typename Done>
    bool waitFor(Done done, double seconds = 5.0) {
        return pump(server, clients, t, seconds, done);
    }
    void run(double seconds) {
        pump(server, clients, t, seconds, [] { return false; });
    }
};

// Bytes standing for one encoded frame: the server never looks inside.
std::vector<std::uint8_t> fakeFrame(std::uint8_t tag) { return std::vector<std::uint8_t>(60, tag); }

std::unique_ptr<audio::VoiceChat> makeChat(std::unique_ptr<audio::CaptureSource> mic) {
    audio::VoiceChatOptions o;
    o.playback.loopback = true;
    auto chat = audio::VoiceChat::create(std::move(mic), o);
    EXPECT_TRUE(chat.ok()) << chat.error().toString();
    return chat.ok() ? std::move(*chat) : nullptr;
}

// Half a second of silence, a second of speech, 0.6 s of silence, a second of speech, 0.6 s.
std::vector<float> conversation() {
    std::vector<float> pcm = audio::test::silence(0.5);
    audio::test::append(pcm, audio::test::speechLike(1.0));
    audio::test::append(pcm, audio::test::silence(0.6));
    audio::test::append(pcm, audio::test::speechLike(1.0, 0.3f, 1.0));
    audio::test::append(pcm, audio::test::silence(0.6));
    return pcm;
}

struct Heard {
    audio::test::Alignment alignment;
    double delayMs = 0.0;
    std::size_t farFrames = 0;
    bool speakingSeen = false;
};

// `talker` speaks the conversation from a WAV file through VoiceChat and the server; `listener`
// plays what it is forwarded into a WAV file sink, which is read back and aligned with what was
// spoken. `far` (optional) only counts what reaches it.
Heard speakThrough(VoiceSession& s, Client& talker, Client& listener, Client* far) {
    const auto spoken = conversation();
    const auto inPath = audio::test::tempPath("net-spoken.wav");
    const auto outPath = audio::test::tempPath("net-heard.wav");
    EXPECT_TRUE(audio::writeWav(inPath, audio::PcmBuffer{audio::kSampleRate, 1, spoken}).ok());
    auto mic = audio::openWavSource(inPath);
    EXPECT_TRUE(mic.ok());
    auto mouth = makeChat(std::move(*mic));
    auto ear = makeChat(nullptr);
    ear->setListener(vec3(0.0f), {0.0f, 0.0f, -1.0f});
    Heard h;
    {
        audio::WavFileSink sink(outPath);
        const auto frames = std::size_t(double(spoken.size()) / audio::kSampleRate / kFrame) + 15;
        for (std::size_t i = 0; i < frames; ++i) {
            EXPECT_TRUE(mouth->update(kFrame).ok());
            for (const auto& frame : mouth->takeOutgoing()) talker.sendVoice(frame);
            s.run(kFrame);
            for (const VoicePacket& p : listener.takeVoice()) {
                ear->setSpeakerPosition(p.speaker, {0.0f, 0.0f, -1.0f});  // inside the reference distance: full level
                EXPECT_TRUE(ear->receive(p.speaker, p.frame).ok());
            }
            if (far) h.farFrames += far->takeVoice().size();
            h.speakingSeen = h.speakingSeen || listener.isSpeaking(talker.clientId());
            EXPECT_TRUE(ear->update(kFrame).ok());
            std::vector<float> block(2 * audio::kFrameSamples);
            EXPECT_TRUE(ear->render(block).ok());
            sink.write(block);
        }
        EXPECT_TRUE(sink.close().ok());
    }
    auto heard = audio::readWav(outPath);
    EXPECT_TRUE(heard.ok());
    if (heard.ok()) {
        const auto left = audio::test::channel(heard->samples, 0);
        h.alignment = audio::test::align(spoken, left, std::size_t(0.3 * audio::kSampleRate));
        h.delayMs = double(h.alignment.lag) * 1000.0 / audio::kSampleRate;
    }
    std::filesystem::remove(inPath);
    std::filesystem::remove(outPath);
    return h;
}

// Sends a frame from `talker` every 20 ms for `seconds`, counting what each listener receives.
void talk(VoiceSession& s, Client& talker, double seconds, const std::vector<std::pair<Client*, std::size_t*>>& listeners,
          bool announce = false) {
    for (double done = 0.0; done < seconds; done += kFrame) {
        talker.sendVoice(fakeFrame(7), announce);
        s.run(kFrame);
        for (auto& [c, count] : listeners) *count += c->takeVoice().size();
    }
}

}  // namespace

TEST(NetVoice, AWavSpokenByOneClientArrivesAtANearListenersFileSinkAlignedAndAFarListenerGetsNothing) {
    VoiceSession s;
    Client& talker = s.join(1);
    Client& nearby = s.join(2);
    Client& far = s.join(3);
    s.sit(nearby, s.venue.nearSeat);
    s.sit(far, s.venue.farSeat);
    (void)far.takeVoice();

    Heard h = speakThrough(s, talker, nearby, &far);
    RecordProperty("correlation", std::to_string(h.alignment.correlation));
    RecordProperty("mouth_to_ear_ms", std::to_string(h.delayMs));
    std::cout << "correlation " << h.alignment.correlation << ", delay " << h.delayMs << " ms\n";
    // The codec alone gives 0.85 (voice_chat_test); the network path must not lose any of it.
    EXPECT_GT(h.alignment.correlation, 0.8);
    // The audio layer's 20 ms of buffering and Opus' look-ahead, plus a server tick at most for
    // the first frame of a talkspurt and a millisecond of loopback.
    EXPECT_GT(h.delayMs, 20.0);
    EXPECT_LT(h.delayMs, 80.0);
    EXPECT_TRUE(h.speakingSeen);
    EXPECT_FALSE(nearby.isSpeaking(talker.clientId())) << "silence at the end";
    EXPECT_EQ(h.farFrames, 0u);
    EXPECT_EQ(far.stats().voiceFramesReceived, 0u);
    EXPECT_GT(nearby.stats().voiceFramesReceived, 90u);
}

TEST(NetVoice, TenPercentLossWithFecStaysAboveTheBound) {
    VoiceSession s;
    Client& talker = s.join(1, Role::Attendee, LinkConditions{.lossRate = 0.1});
    Client& nearby = s.join(2);
    s.sit(nearby, s.venue.nearSeat);

    Heard h = speakThrough(s, talker, nearby, nullptr);
    RecordProperty("lossy_correlation", std::to_string(h.alignment.correlation));
    std::cout << "correlation at 10% loss " << h.alignment.correlation << ", delay " << h.delayMs << " ms\n";
    EXPECT_GT(h.alignment.correlation, 0.7);  // voice_chat_test's bound for the same loss
    const double received = double(nearby.stats().voiceFramesReceived);
    const double sent = double(talker.stats().voiceFramesSent);
    EXPECT_GT(received, 0.8 * sent);
    EXPECT_LT(received, 0.97 * sent);  // the loss was real
}

TEST(NetVoice, APresenterOnTheStageZoneReachesEveryListenerAndAnAttendeeThereDoesNotUntilMadePresenter) {
    VoiceSession s;
    Client& host = s.join(1, Role::Host);
    Client& onStage = s.join(2);
    Client& atDoor = s.join(3);
    Client& far = s.join(4);
    s.sit(onStage, s.venue.stageSeat);
    s.sit(far, s.venue.farSeat);

    std::size_t hostGot = 0, doorGot = 0, farGot = 0;
    talk(s, onStage, 0.5, {{&host, &hostGot}, {&atDoor, &doorGot}, {&far, &farGot}});
    EXPECT_EQ(hostGot + doorGot + farGot, 0u) << "an attendee on the stage is heard only nearby";

    host.setRole(onStage.clientId(), Role::Presenter);
    ASSERT_TRUE(s.waitFor([&] { return far.participants().at(onStage.clientId()).role == Role::Presenter; }));
    talk(s, onStage, 1.0, {{&host, &hostGot}, {&atDoor, &doorGot}, {&far, &farGot}});
    for (std::size_t got : {hostGot, doorGot, farGot}) EXPECT_GE(got, 48u);  // 50 sent; the first waits a tick
    {
        onStage.sendVoice(fakeFrame(2));
        s.run(kFrame);
        auto got = far.takeVoice();
        ASSERT_EQ(got.size(), 1u);
        EXPECT_TRUE(got[0].stage);
        EXPECT_FALSE(got[0].positional());
        EXPECT_EQ(got[0].speaker, onStage.clientId());
        EXPECT_EQ(got[0].frame, fakeFrame(2));
    }
    std::vector<VoiceSpeaker> ring = atDoor.speaking();
    ASSERT_EQ(ring.size(), 1u);
    EXPECT_TRUE(ring[0].stage);
}

TEST(NetVoice, AHostsAnnouncementIsHeardEverywhereAndAnAttendeesRequestIsNot) {
    VoiceSession s;
    Client& host = s.join(1, Role::Host);
    Client& attendee = s.join(2);
    Client& far = s.join(3);
    s.sit(far, s.venue.farSeat);
    std::size_t farGot = 0, attendeeGot = 0, hostGot = 0;
    talk(s, attendee, 0.5, {{&far, &farGot}, {&host, &hostGot}}, true);
    EXPECT_EQ(farGot, 0u);
    EXPECT_GE(hostGot, 23u) << "near, so heard positionally";
    talk(s, host, 0.5, {{&far, &farGot}, {&attendee, &attendeeGot}}, true);
    EXPECT_GE(farGot, 23u);
    EXPECT_GE(attendeeGot, 23u);
}

TEST(NetVoice, AHostsMuteStopsForwardingWithinOneFrameAndSelfMuteSendsNothing) {
    VoiceSession s;
    Client& host = s.join(1, Role::Host);
    Client& talker = s.join(2);
    Client& nearby = s.join(3);
    std::size_t got = 0, hostGot = 0;
    talk(s, talker, 0.5, {{&nearby, &got}, {&host, &hostGot}});
    EXPECT_GE(got, 23u);

    host.mute(talker.clientId());
    // Frames keep coming every 20 ms; note the first one sent once the server holds the mute.
    std::uint16_t firstAfterMute = 0;
    bool applied = false;
    std::vector<VoicePacket> after;
    for (int i = 0; i < 100; ++i) {
        if (!applied) {
            for (const ClientMetrics& m : s.server.metrics().clients) {
                if (m.clientId == talker.clientId() && m.muted) applied = true;
            }
            firstAfterMute = std::uint16_t(talker.stats().voiceFramesSent);
        }
        talker.sendVoice(fakeFrame(3));
        s.run(kFrame);
        for (VoicePacket& p : nearby.takeVoice()) after.push_back(std::move(p));
    }
    ASSERT_TRUE(applied);
    const auto late = std::count_if(after.begin(), after.end(),
                                    [&](const VoicePacket& p) { return std::int16_t(p.sequence - firstAfterMute) >= 0; });
    EXPECT_EQ(late, 0) << "frames sent after the mute reached the server were forwarded";
    EXPECT_LE(after.size(), 1u) << "at most the frame already in flight";
    EXPECT_GT(s.server.metrics().voice.muted, 90u);

    host.mute(talker.clientId());  // a toggle: unmuted
    s.run(0.1);
    got = 0;
    talk(s, talker, 0.3, {{&nearby, &got}});
    EXPECT_GE(got, 13u);

    talker.setVoiceMuted(true);
    s.run(0.1);
    (void)nearby.takeVoice();
    const auto refusedBefore = talker.stats().voiceFramesRefused;
    got = 0;
    talk(s, talker, 0.3, {{&nearby, &got}});
    EXPECT_EQ(got, 0u);
    EXPECT_GE(talker.stats().voiceFramesRefused - refusedBefore, 15u);
}

TEST(NetVoice, MalformedAndOversizedVoicePacketsAreDroppedAndCountedAndTheServerKeepsServing) {
    VoiceSession s;
    Client& nearby = s.join(2);
    RawPeer rogue(s.server.port(), joinToken(9), s.t);
    auto service = [&] {
        rogue.service();
        return false;
    };
    s.waitFor([&] { return service() || rogue.connected; });
    ASSERT_TRUE(rogue.connected);
    rogue.send(encodeJoin(""), true);
    s.waitFor([&] { return service() || s.server.clientCount() == 2; });
    ASSERT_EQ(s.server.clientCount(), 2u);

    BitWriter truncated = beginMessage(MessageType::VoiceSend);
    truncated.write(5, 16);
    rogue.send(truncated.release(), false);
    std::vector<std::uint8_t> big(kMaxVoiceFrameBytes + 100, 0x55);
    rogue.send(encodeVoiceSend(6, false, big), false);
    rogue.send(encodeVoiceSend(7, false, {}), false);  // an empty frame is no frame
    // A flood far over the rate: the burst passes, the rest is dropped.
    for (int i = 0; i < 40; ++i) rogue.send(encodeVoiceSend(std::uint16_t(8 + i), false, fakeFrame(4)), false);
    s.waitFor([&] { return service(); }, 0.2);

    ServerMetrics m = s.server.metrics();
    EXPECT_EQ(m.voice.oversized, 1u);
    EXPECT_EQ(m.voice.malformed, 2u);
    EXPECT_GE(m.droppedPackets, 3u);
    for (const ClientMetrics& c : m.clients) {
        if (c.name == "user9") {
            EXPECT_EQ(c.voiceDropped, 3u + 37u);
        }
    }
    // What passed the checks was forwarded, unchanged; the server goes on serving.
    std::size_t got = 0;
    for (const VoicePacket& p : nearby.takeVoice()) {
        EXPECT_EQ(p.frame, fakeFrame(4));
        ++got;
    }
    // A new talker's first tick holds three frames (60 ms): the rest of the burst is dropped too.
    EXPECT_EQ(got, 3u);
    EXPECT_EQ(m.voice.rateLimited, 40u - 3u);
    Client& late = s.join(3);
    EXPECT_TRUE(late.joined());
    std::size_t lateGot = 0;
    talk(s, nearby, 0.3, {{&late, &lateGot}});
    EXPECT_GE(lateGot, 13u);
}

// The server keeps a talker's listeners between routings: one who leaves mid-sentence (or whose
// connection drops) is taken out at once, and the others go on hearing every frame. Someone who
// starts talking between two routings is heard from their first frames.
TEST(NetVoice, AListenerLeavingMidSentenceIsDroppedFromTheRoutingAndTheOthersKeepHearing) {
    VoiceSession s;
    Client& talker = s.join(1);
    Client& stays = s.join(2);
    Client& leaves = s.join(3);
    Client& drops = s.join(4);
    std::size_t staysGot = 0, leavesGot = 0, dropsGot = 0;
    talk(s, talker, 0.4, {{&stays, &staysGot}, {&leaves, &leavesGot}, {&drops, &dropsGot}});
    EXPECT_GE(leavesGot, 18u);
    EXPECT_GE(dropsGot, 18u);
    leaves.leave();
    drops.disconnect();
    staysGot = 0;
    talk(s, talker, 1.0, {{&stays, &staysGot}});
    EXPECT_GE(staysGot, 48u);  // 50 sent
    EXPECT_EQ(s.server.clientCount(), 2u);
    // A second talker starting now, between routings (ten a second), is heard from the start.
    std::size_t fromSecond = 0;
    for (int i = 0; i < 5; ++i) {
        stays.sendVoice(fakeFrame(9));
        s.run(kFrame);
        fromSecond += talker.takeVoice().size();
    }
    EXPECT_GE(fromSecond, 4u);
}
