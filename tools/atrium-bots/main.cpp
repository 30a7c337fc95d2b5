// atrium-bots: load and liveness tool. Bots arrive one after another, join, walk between
// waypoints, sit on seats, chat and leave, like people do.
//   atrium-bots --server HOST:PORT --count N [--seconds S] [--venue FILE] [--venue-id ID]
//               [--voice FILE.wav [--talkers K]]
//   atrium-bots --director URL --count N [--group-size G] ...   joins through atrium-director (bots
//               in groups of G ask to be together; a bot whose instance goes joins another)
// Tokens are minted with ATRIUM_SECRET, as the server checks them (or by the director). With
// --voice, K bots (a tenth by default) speak the WAV file over and over, each from its own point
// in it, as Opus frames like a real client's (encoded once; each talker numbers its own frames),
// so a load test carries voice.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <map>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/audio/capture_source.hpp"
#include "atrium/audio/voice_codec.hpp"
#include "atrium/audio/voice_frame.hpp"
#include "atrium/cluster/event_attendee.hpp"
#include "atrium/net/client.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

struct Bot {
    std::unique_ptr<Client> client;
    std::unique_ptr<cluster::EventAttendee> attendee;  // --director: the client is the attendee's
    Client* get() const { return attendee ? &attendee->client() : client.get(); }
    vec2 target{0.0f};
    double nextDecision = 0.0;
    double leaveAt = 1e9;
    bool sitting = false;
    double walkingSince = -1.0;  // when it last stood up or joined; negative until it joins
    int chats = 0;
    // Talking (--voice): where in the recording this bot is, its own frame numbers, and whether
    // the last frame was silence (the next one then starts a talkspurt).
    bool talker = false;
    std::size_t voiceAt = 0;
    std::uint32_t voiceSequence = 0;
    double voiceClock = -1.0;
    bool voiceSilent = true;
};

// The WAV file as the Opus payloads of its 20 ms frames (empty: silence that DTX leaves out).
Result<std::vector<std::vector<std::uint8_t>>> encodeRecording(const std::string& path) {
    auto source = audio::openWavSource(path);
    if (!source) return source.error();
    auto encoder = audio::VoiceEncoder::create();
    if (!encoder) return encoder.error();
    std::vector<std::vector<std::uint8_t>> frames;
    std::vector<float> frame(audio::kFrameSamples);
    for (;;) {
        (*source)->advance(0.02);
        if ((*source)->read(frame) < frame.size()) break;
        auto encoded = encoder->encode(frame);
        if (!encoded) return encoded.error();
        frames.push_back(*encoded ? std::move((*encoded)->payload) : std::vector<std::uint8_t>());
    }
    if (frames.empty()) return Error{"shorter than one 20 ms frame", path};
    return frames;
}

// Sends the frames owed since the bot last spoke (one each 20 ms of `now`).
std::size_t speak(Bot& b, const std::vector<std::vector<std::uint8_t>>& recording, double now) {
    if (b.voiceClock < 0.0) b.voiceClock = now;
    std::size_t sent = 0;
    for (; b.voiceClock + 0.02 <= now; b.voiceClock += 0.02) {
        const std::vector<std::uint8_t>& payload = recording[b.voiceAt];
        b.voiceAt = (b.voiceAt + 1) % recording.size();
        if (payload.empty()) {
            b.voiceSilent = true;
            continue;
        }
        audio::VoiceFrame f{
            .sequence = b.voiceSequence++, .flags = std::uint8_t(b.voiceSilent ? audio::kTalkspurtStart : 0), .payload = payload};
        b.voiceSilent = false;
        b.get()->sendVoice(audio::encodeVoiceFrame(f));
        ++sent;
    }
    return sent;
}

// A seat claim moves the avatar onto the seat and standing up puts it beside the seat: the
// server decides both, so the corrections they bring are not prediction errors. This long
// after standing up, or after joining, any correction is one.
constexpr double kSettleSeconds = 1.0;
constexpr double kArrivalsPerPassSeconds = 0.03;

int usage() {
    std::fprintf(stderr,
                 "usage: atrium-bots (--server HOST:PORT | --director URL [--group-size G]) --count N [--seconds S] [--venue FILE]\n"
                 "                   [--venue-id ID] [--voice FILE.wav [--talkers K]]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string server, venueFile, venueId, director, voiceFile;
    int count = 0, groupSize = 0, talkers = -1;
    double seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--server") server = v;
        else if (k == "--count") count = std::atoi(v.c_str());
        else if (k == "--seconds") seconds = std::atof(v.c_str());
        else if (k == "--venue") venueFile = v;
        else if (k == "--venue-id") venueId = v;
        else if (k == "--voice") voiceFile = v;
        else if (k == "--talkers") talkers = std::atoi(v.c_str());
        else if (k == "--director") director = v;
        else if (k == "--group-size") groupSize = std::atoi(v.c_str());
        else return usage();
    }
    auto colon = server.rfind(':');
    if ((director.empty() && colon == std::string::npos) || count <= 0) return usage();
    std::string host = colon == std::string::npos ? "" : server.substr(0, colon);
    auto port = colon == std::string::npos ? std::uint16_t(0) : std::uint16_t(std::atoi(server.c_str() + colon + 1));
    std::vector<StableId> seats;
    std::optional<World> venue;          // each bot predicts its walk over its own copy
    std::shared_ptr<AssetCache> assets;  // its mesh colliders, loaded once for every bot
    if (!venueFile.empty()) {
        Result<World> w = loadVenue(venueFile);
        if (!w) {
            std::fprintf(stderr, "%s\n", w.error().toString().c_str());
            return 1;
        }
        for (Entity e : w->pool<Seat>().entities()) seats.push_back(w->stableId(e));
        venue = std::move(*w);
        assets = std::make_shared<AssetCache>(std::filesystem::path(venueFile).parent_path());
        if (venueId.empty()) {
            std::string name = std::filesystem::path(venueFile).filename().string();
            venueId = name.substr(0, name.find('.'));
        }
    }
    if (venueId.empty()) venueId = "venue";
    std::vector<std::vector<std::uint8_t>> recording;
    if (!voiceFile.empty()) {
        auto encoded = encodeRecording(voiceFile);
        if (!encoded) {
            std::fprintf(stderr, "atrium-bots: --voice %s\n", encoded.error().toString().c_str());
            return 1;
        }
        recording = std::move(*encoded);
        if (talkers < 0) talkers = std::max(1, count / 10);
    }
    talkers = std::clamp(talkers, 0, count);
    std::size_t voiceFramesSent = 0;
    std::uint64_t voiceBytesSent = 0;
    const char* s = std::getenv("ATRIUM_SECRET");
    std::string secret = s && *s ? s : "atrium-development-secret";

    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    std::vector<Bot> bots(static_cast<std::size_t>(count));
    int arrived = 0;
    double lastArrival = 0.0;
    auto start = std::chrono::steady_clock::now();
    auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    std::size_t maxSeen = 0, sat = 0, chatsSent = 0, left = 0;
    double largestCorrection = 0.0;
    while (clock() < seconds) {
        // Bots arrive a few at a time, as people do, not all before the loop: making a bot that
        // holds the venue builds its physics (tens of milliseconds for a hall), and the bots
        // already in walk on between arrivals instead of waiting for hundreds of them. A pass
        // spends at most kArrivalsPerPassSeconds on arrivals, so those in are serviced at
        // about the snapshot rate while the rest arrive as fast as the machine can build them.
        for (const double arrivalsFrom = clock(); arrived < count && (clock() - arrivalsFrom) < kArrivalsPerPassSeconds;) {
            const int i = arrived++;
            Bot& b = bots[std::size_t(i)];
            JoinClaims claims{venueId, std::uint64_t(10000 + i), "bot-" + std::to_string(i), Role::Attendee,
                              std::int64_t(std::time(nullptr)) + 3600};
            ClientConfig clientConfig{
                .token = mintJoinToken(claims, secret), .seed = std::uint64_t(i + 1), .venue = venue ? &*venue : nullptr, .assets = assets};
            Status st = Ok{};
            if (!director.empty()) {
                cluster::JoinAsk ask{.user = claims.userId, .name = claims.displayName};
                if (groupSize > 1) ask.group = "group-" + std::to_string(i / groupSize);
                b.attendee = std::make_unique<cluster::EventAttendee>(
                    cluster::EventAttendeeConfig{.directorUrl = director, .ask = ask, .client = clientConfig});
                st = b.attendee->join(clock());
            } else {
                b.client = std::make_unique<Client>(clientConfig);
                st = b.client->connect(host, port);
            }
            if (!st) {
                std::fprintf(stderr, "bot %d: %s\n", i, st.error().toString().c_str());
                return 1;
            }
            lastArrival = clock();
            if (!recording.empty() && i < talkers) {
                b.talker = true;
                b.voiceAt = std::size_t(i) * 37 % recording.size();  // each from its own point in it
            }
            // A tenth of the bots leave early, as people do (talkers stay: their figures count).
            if (i % 10 == 9 && i >= talkers) b.leaveAt = lastArrival + (seconds - lastArrival) * (0.5 + 0.4 * unit(rng));
        }
        double now = clock();
        for (std::size_t i = 0; i < bots.size(); ++i) {
            Bot& b = bots[i];
            if (!b.get()) continue;
            if (b.attendee) b.attendee->update(now);
            else b.client->update(now);
            Client* client = b.get();
            if (!client->joined()) continue;
            if (b.walkingSince < 0.0) b.walkingSince = now;
            if (!b.sitting && now >= b.walkingSince + kSettleSeconds) {
                largestCorrection = std::max(largestCorrection, client->stats().correctionMeters);
            }
            if (now >= b.leaveAt) {
                client->disconnect();
                b.client.reset();
                b.attendee.reset();
                ++left;
                continue;
            }
            if (now >= b.nextDecision) {
                b.nextDecision = now + 1.0 + 3.0 * unit(rng);
                float r = unit(rng);
                if (b.sitting) {
                    if (b.attendee) b.attendee->releaseSeat();
                    else client->releaseSeat();
                    b.sitting = false;
                    b.walkingSince = now;
                } else if (r < 0.15f && !seats.empty()) {
                    const StableId seat = seats[rng() % seats.size()];
                    if (b.attendee) b.attendee->claimSeat(seat);
                    else client->claimSeat(seat);
                    b.sitting = true;
                    ++sat;
                } else if (r < 0.25f && b.chats < 3) {
                    client->sendChat("hello from bot " + std::to_string(i));
                    ++b.chats;
                    ++chatsSent;
                } else if (r < 0.35f) {
                    // Emotes load the server's relay the way a crowd cheering does; no extra
                    // draw, so the bots' walks stay those of earlier runs.
                    client->sendEmote(std::uint8_t(i % 8));
                }
                b.target = vec2(unit(rng) * 2 - 1, unit(rng) * 2 - 1);
            }
            vec3 me = client->predictedPosition();
            vec2 to = b.target * 8.0f - vec2(me.x, me.z);
            vec2 move = b.sitting || glm::length(to) < 0.3f ? vec2(0.0f) : glm::normalize(to);
            client->setInput(move, unit(rng) < 0.01f, false, std::atan2(move.x, move.y));
            if (b.talker) voiceFramesSent += speak(b, recording, now);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::size_t joined = 0, refused = 0, chatsReceived = 0;
    std::uint64_t voiceFramesReceived = 0;
    double snapshots = 0;
    std::map<std::string, int> perInstance;
    int handoffs = 0;
    for (const Bot& b : bots) {
        const Client* client = b.get();
        if (!client) continue;
        if (!client->joined()) {
            if (!client->closeReason().empty()) {
                ++refused;
                std::fprintf(stderr, "a bot was refused: %s\n", client->closeReason().c_str());
            }
            continue;
        }
        ++joined;
        if (b.attendee) {
            ++perInstance[b.attendee->instance()];
            handoffs += b.attendee->handoffs();
        }
        std::size_t avatars = 0;
        for (const RemoteEntity& e : client->view(seconds)) avatars += e.kind == EntityKind::Avatar;
        maxSeen = std::max(maxSeen, avatars);
        chatsReceived += client->chat().size();
        voiceFramesReceived += client->stats().voiceFramesReceived;
        voiceBytesSent += client->stats().voiceBytesSent;
        snapshots += double(client->stats().snapshotsReceived);
    }
    std::size_t minSeen = joined ? SIZE_MAX : 0;
    for (const Bot& b : bots) {
        const Client* client = b.get();
        if (!client || !client->joined()) continue;
        std::size_t avatars = 0;
        for (const RemoteEntity& e : client->view(seconds)) avatars += e.kind == EntityKind::Avatar;
        minSeen = std::min(minSeen, avatars);
    }
    std::printf(
        "atrium-bots: %d bot(s) for %.0f s, %d arrived (the last at %.1f s): %zu still in, %zu left early, %zu refused; %zu seat claims, "
        "%zu chat lines sent, %zu received in total; every bot sees %zu to %zu avatars (%zu present); %.0f snapshots per bot; "
        "largest prediction correction while walking %.3f m\n",
        count, seconds, arrived, lastArrival, joined, left, refused, sat, chatsSent, chatsReceived, minSeen, maxSeen, joined,
        joined ? snapshots / double(joined) : 0.0, largestCorrection);
    if (!recording.empty()) {
        // A talker's kbps while talking: its voice messages' bytes over the 20 ms of each frame.
        const double kbps = voiceFramesSent ? double(voiceBytesSent) * 8.0 / (double(voiceFramesSent) * 0.02) / 1000.0 : 0.0;
        std::printf(
            "atrium-bots: voice: %d talker(s) sent %zu frames (%.1f kbps while talking, messages without UDP headers); "
            "%llu frames forwarded to the bots in total\n",
            talkers, voiceFramesSent, kbps, (unsigned long long)voiceFramesReceived);
    }
    if (!director.empty()) {
        std::printf("atrium-bots: through %s: %d handoff(s); per instance:", director.c_str(), handoffs);
        for (const auto& [id, n] : perInstance) std::printf(" %s %d", id.c_str(), n);
        std::printf("\n");
    }
    return refused > 0 || joined == 0 ? 1 : 0;
}
