// The venue and asset transfer between a real server and clients over loopback (the encrypted transport): the
// furnished concert hall downloaded and then served from the cache, a download cut off and
// resumed, and bad transfers and garbage requests refused with a message while everyone keeps
// running.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "atrium/net/asset_manifest.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/venue_file.hpp"
#include "furnished_hall.hpp"
#include "net_test_support.hpp"
#include "raw_peer.hpp"
#include "transport_server.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

bool noticed(const Client& c, const std::string& text) {
    for (const std::string& n : c.notices()) {
        if (n.find(text) != std::string::npos) return true;
    }
    return false;
}

struct HallSession {
    std::filesystem::path dir, venueFile;
    World venue;
    std::unique_ptr<Server> server;
    std::vector<std::unique_ptr<Client>> clients;
    double t = 0.0;

    explicit HallSession(const char* name, ServerConfig config = {}) : dir(std::filesystem::temp_directory_path() / name) {
        venueFile = furnishedConcertHall(dir / "venue");
        venue = loadVenue(venueFile).value();
        config.venueId = kTestVenue;
        config.secret = kTestSecret;
        config.venueFile = venueFile;
        server = std::make_unique<Server>(venue, config);
        EXPECT_TRUE(server->start().ok());
    }
    ~HallSession() {
        clients.clear();
        server.reset();
        std::filesystem::remove_all(dir);
    }
    Client& join(std::uint64_t user, ClientConfig config = {}) {
        config.token = joinToken(user);
        if (config.venueCacheDir.empty()) config.venueCacheDir = dir / "cache";
        clients.push_back(std::make_unique<Client>(config));
        EXPECT_TRUE(clients.back()->connect("127.0.0.1", server->port()).ok());
        return *clients.back();
    }
    template <typename Done>
    bool waitFor(Done done, double seconds = 20.0) {
        return pump(*server, clients, t, seconds, done);
    }
    static bool ready(const Client& c) { return c.assetTransfer().state == AssetTransfer::State::Ready; }
    static bool failed(const Client& c) { return c.assetTransfer().state == AssetTransfer::State::Failed; }
};

// A peer speaking the protocol by hand over the real transport: a rogue client (a join token's
// session to a server) or a rogue server (listening, accepting one client).
struct RawHost {
    const double& clock;
    std::optional<test::RawPeer> client;
    std::optional<TransportServer> server;
    std::uint32_t peer = 0;
    std::vector<std::vector<std::uint8_t>> received;
    RawHost(std::uint16_t connectTo, const std::string& token, const double& t) : clock(t) { client.emplace(connectTo, token, t); }
    explicit RawHost(const double& t) : clock(t) {  // listening on an ephemeral port
        TransportServerConfig config;
        config.serverKey = deriveServerKey(kTestSecret);
        server.emplace(config);
        EXPECT_TRUE(server->listen("127.0.0.1", 0).ok());
    }
    std::uint16_t port() const { return server->port(); }
    bool connected() const { return client ? client->connected : peer != 0; }
    void service() {
        if (client) {
            client->service();
            for (auto& m : client->received) received.push_back(std::move(m));
            client->received.clear();
            return;
        }
        server->receive(clock, [&](const TransportEvent& e) {
            if (e.type == TransportEvent::Type::Connected) peer = e.client;
            if (e.type == TransportEvent::Type::Message) received.emplace_back(e.bytes.begin(), e.bytes.end());
        });
        server->flush(clock);
    }
    void send(const std::vector<std::uint8_t>& bytes) {
        if (client) return client->send(bytes, true);
        server->send(peer, bytes, true);
        server->flush(clock);
    }
    // The Notice texts received, Batch messages opened.
    std::vector<std::string> notices() const {
        std::vector<std::string> out;
        auto visit = [&](auto& self, std::span<const std::uint8_t> bytes) -> void {
            BitReader r(bytes);
            auto type = readHeader(r);
            if (type == MessageType::Batch) {
                if (auto inner = readBatch(r)) {
                    for (const auto& m : *inner) self(self, m);
                }
            } else if (type == MessageType::Notice) {
                if (auto text = readText(r, kMaxPacketBytes)) out.push_back(*text);
            }
        };
        for (const auto& p : received) visit(visit, p);
        return out;
    }
};

}  // namespace

TEST(AssetSession, AJoinDownloadsTheConcertHallAndItsAssetsAndASecondJoinDownloadsNothing) {
    HallSession s("atrium-asset-session-hall");
    Result<VenueAssets> offered = collectVenueAssets(s.venueFile);
    ASSERT_TRUE(offered) << offered.error().toString();
    ASSERT_EQ(offered->manifest.entries.size(), 1 + std::size(kHallProps));
    const std::uint64_t total = offered->manifest.totalBytes();

    Client& first = s.join(1);
    const double start = s.t;
    ASSERT_TRUE(s.waitFor([&] { return HallSession::ready(first) || HallSession::failed(first); })) << "no transfer";
    ASSERT_TRUE(HallSession::ready(first)) << first.assetTransfer().error;
    const AssetTransfer& got = first.assetTransfer();
    EXPECT_EQ(got.downloadedBytes, total);
    EXPECT_EQ(got.bytesDone, total);
    EXPECT_EQ(got.requestedFiles, offered->manifest.entries.size());
    EXPECT_EQ(s.server->metrics().assetBytesSent, total);
    // Paced: no faster than ServerConfig::assetBytesPerTick at 60 ticks a second.
    EXPECT_GE(s.t - start, 0.9 * double(total) / (32.0 * 1024.0 * 60.0));
    for (const HallProp& p : kHallProps) {
        auto local = first.assetPath(p.to);
        ASSERT_TRUE(local) << p.to;
        EXPECT_EQ(read(*local), read(s.dir / "venue" / p.to)) << p.to;
    }
    EXPECT_FALSE(first.assetPath("models/not_offered.glb"));
    // The engine loads the venue from the cache, its relative paths next to it.
    EXPECT_EQ(got.venueFile.filename(), "concert_hall.venue.json");
    Result<World> loaded = loadVenue(got.venueFile);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_EQ(loaded->entityCount(), loadVenue(s.venueFile)->entityCount());
    EXPECT_TRUE(std::filesystem::exists(got.venueFile.parent_path() / "models/cube/AnimatedMorphCube.bin"));

    Client& second = s.join(2);
    ASSERT_TRUE(s.waitFor([&] { return second.joined() && HallSession::ready(second); }));
    EXPECT_EQ(second.assetTransfer().downloadedBytes, 0u);
    EXPECT_EQ(second.assetTransfer().requestedFiles, 0u);
    EXPECT_EQ(second.assetTransfer().bytesDone, total);
    EXPECT_EQ(second.assetTransfer().venueFile, got.venueFile);
    EXPECT_EQ(s.server->metrics().assetBytesSent, total) << "nothing sent for the cached join";
}

TEST(AssetSession, ClientsDownloadingAtOnceShareTheServersBudgetAndAllFinish) {
    ServerConfig config;
    config.assetBytesPerTick = 32 * 1024;
    config.assetBytesPerTickAllClients = 32 * 1024;  // one client's worth for the three
    HallSession s("atrium-asset-session-share", config);
    std::vector<Client*> joiners;
    for (int i = 0; i < 3; ++i) joiners.push_back(&s.join(std::uint64_t(i + 1), {.venueCacheDir = s.dir / ("cache" + std::to_string(i))}));
    const double start = s.t;
    std::vector<double> finished(3, -1.0);
    ASSERT_TRUE(s.waitFor(
        [&] {
            for (int i = 0; i < 3; ++i) {
                if (finished[std::size_t(i)] < 0 && HallSession::ready(*joiners[std::size_t(i)])) finished[std::size_t(i)] = s.t - start;
            }
            return std::all_of(finished.begin(), finished.end(), [](double f) { return f >= 0; });
        },
        30.0));
    const double total = double(joiners[0]->assetTransfer().bytesTotal);
    const double oneAlone = total / (32.0 * 1024.0 * 60.0);
    EXPECT_GE(*std::max_element(finished.begin(), finished.end()), 0.9 * 3 * oneAlone) << "the three together at one client's rate";
    // In turn, not one after another: the first to finish is well past a lone download's time.
    EXPECT_GE(*std::min_element(finished.begin(), finished.end()), 2.0 * oneAlone);
    EXPECT_EQ(s.server->metrics().assetBytesSent, std::uint64_t(3 * total));
}

TEST(AssetSession, ADownloadCutOffMidFileResumesFromItsOffset) {
    HallSession s("atrium-asset-session-resume");
    Client& c = s.join(1);
    // models/engine.glb (1.8 MB) is the first prop: the venue file is whole by then.
    auto engineDone = [&] {
        const auto& files = c.assetTransfer().files;
        return files.size() > 1 ? files[1].doneBytes : 0;
    };
    ASSERT_TRUE(s.waitFor([&] { return engineDone() > 600000; }));
    const std::uint64_t size = c.assetTransfer().files[1].entry.size;
    ASSERT_EQ(c.assetTransfer().files[1].entry.path, "models/engine.glb");
    const std::uint64_t kept = engineDone();
    ASSERT_LT(kept, size);
    c.disconnect();
    const std::uint64_t sentBefore = s.server->metrics().assetBytesSent;

    ASSERT_TRUE(c.reconnect().ok());
    ASSERT_TRUE(s.waitFor([&] { return HallSession::ready(c) || HallSession::failed(c); }));
    ASSERT_TRUE(HallSession::ready(c)) << c.assetTransfer().error;
    EXPECT_EQ(c.assetTransfer().resumedBytes, kept) << "the partial file is kept";
    std::uint64_t rest = size - kept;
    for (std::size_t i = 2; i < c.assetTransfer().files.size(); ++i) rest += c.assetTransfer().files[i].entry.size;
    EXPECT_EQ(c.assetTransfer().downloadedBytes, rest);
    EXPECT_EQ(s.server->metrics().assetBytesSent - sentBefore, rest) << "only the rest of the file is sent again";
    EXPECT_EQ(read(*c.assetPath("models/engine.glb")), read(s.dir / "venue/models/engine.glb"));
}

TEST(AssetSession, AFileChangedOnTheServerIsRefusedAsAHashMismatchAndTheClientKeepsRunning) {
    HallSession s("atrium-asset-session-mismatch");
    {
        std::fstream f(s.dir / "venue/models/box.glb", std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(100);
        f.put('\x5a');  // after the server hashed it
    }
    Client& c = s.join(1);
    ASSERT_TRUE(s.waitFor([&] { return HallSession::failed(c); })) << "state " << int(c.assetTransfer().state);
    EXPECT_NE(c.assetTransfer().error.find("\"models/box.glb\" hash mismatch"), std::string::npos) << c.assetTransfer().error;
    EXPECT_TRUE(noticed(c, "\"models/box.glb\" hash mismatch"));
    EXPECT_FALSE(c.assetPath("models/engine.glb")) << "no venue folder from a failed transfer";
    std::uint64_t snapshots = c.stats().snapshotsReceived;
    s.waitFor([] { return false; }, 0.5);
    EXPECT_TRUE(c.joined());
    EXPECT_GT(c.stats().snapshotsReceived, snapshots + 5);
}

TEST(AssetSession, AnOfferOverTheClientsCapIsRefusedAndNothingIsAskedFor) {
    HallSession s("atrium-asset-session-cap");
    Client& c = s.join(1, {.assetFileMaxBytes = 1000000});
    ASSERT_TRUE(s.waitFor([&] { return HallSession::failed(c); }));
    EXPECT_NE(c.assetTransfer().error.find("\"models/engine.glb\" refused: offered at"), std::string::npos) << c.assetTransfer().error;
    EXPECT_NE(c.assetTransfer().error.find("over the 1000000-byte cap"), std::string::npos) << c.assetTransfer().error;
    s.waitFor([] { return false; }, 0.3);
    EXPECT_EQ(s.server->metrics().assetBytesSent, 0u);
    EXPECT_TRUE(c.joined());
}

TEST(AssetSession, GarbageRequestsAreRefusedAndOthersAreStillServed) {
    HallSession s("atrium-asset-session-garbage");
    RawHost rogue(s.server->port(), joinToken(1), s.t);
    Client& c = s.join(2);
    bool sent = false;
    auto step = [&] {
        rogue.service();
        if (!sent && s.server->clientCount() == 2) {
            for (const auto& m : {encodeAssetRequest({"../../etc/passwd", 0}), encodeAssetRequest({"models/not_offered.glb", 0}),
                                  encodeAssetRequest({"models/box.glb", 1u << 30})}) {
                rogue.send(m);
            }
            sent = true;
        }
        return sent && rogue.notices().size() >= 3 && HallSession::ready(c);
    };
    // The rogue joins with a good token, then asks for what is not offered.
    bool joined = false;
    ASSERT_TRUE(s.waitFor([&] {
        rogue.service();
        if (!joined && rogue.connected()) {
            rogue.send(encodeJoin(""));
            joined = true;
        }
        return step();
    })) << "notices "
        << rogue.notices().size() << ", transfer " << c.assetTransfer().error;
    auto notices = rogue.notices();
    EXPECT_NE(notices[0].find("\"../../etc/passwd\" is not a file of this venue"), std::string::npos) << notices[0];
    EXPECT_NE(notices[1].find("\"models/not_offered.glb\" is not a file of this venue"), std::string::npos) << notices[1];
    EXPECT_NE(notices[2].find("offset 1073741824 is past the end of \"models/box.glb\""), std::string::npos) << notices[2];
    EXPECT_EQ(s.server->metrics().assetRequestsRefused, 3u);
    EXPECT_EQ(s.server->clientCount(), 2u) << "three bad requests are not yet a flood";
    EXPECT_EQ(c.assetTransfer().downloadedBytes, c.assetTransfer().bytesTotal);
}

TEST(AssetSession, ACorruptChunkOrAnEscapingPathFromTheServerIsRefusedAndTheClientKeepsRunning) {
    auto dir = std::filesystem::temp_directory_path() / "atrium-asset-session-rogue";
    std::filesystem::remove_all(dir);
    double t = 0.0;
    RawHost rogue(t);
    std::vector<Client*> clients;
    Client c({.token = joinToken(1), .venueCacheDir = dir / "cache"});
    ASSERT_TRUE(c.connect("127.0.0.1", rogue.port()).ok());
    auto until = [&](auto done) {
        for (int i = 0; i < 5000; ++i) {
            t += 0.001;
            rogue.service();
            c.update(t);
            if (done()) return true;
        }
        return false;
    };
    ASSERT_TRUE(until([&] { return !rogue.received.empty(); })) << "the client's Join";
    rogue.send(encodeJoinAccept({1, 1, Aabb{vec3(-10), vec3(10)}, 30.0f, Role::Attendee}));
    const std::vector<std::uint8_t> venue(3000, 'v');
    rogue.send(encodeAssetEntry({2, 0, {"hall.venue.json", 3000, sha256(venue)}}));
    rogue.send(encodeAssetEntry({2, 1, {"../../.bashrc", 10, sha256(venue)}}));
    ASSERT_TRUE(until([&] { return c.assetTransfer().state == AssetTransfer::State::Failed; }));
    EXPECT_TRUE(noticed(c, "asset \"../../.bashrc\" refused: a path escaping the venue folder")) << c.assetTransfer().error;

    // A new manifest, then a chunk out of place.
    rogue.send(encodeAssetEntry({1, 0, {"hall.venue.json", 3000, sha256(venue)}}));
    ASSERT_TRUE(until([&] { return c.assetTransfer().state == AssetTransfer::State::Downloading; }));
    rogue.send(encodeAssetChunk(0, 0, std::span(venue).first(1000)));
    rogue.send(encodeAssetChunk(0, 2000, std::span(venue).first(1000)));
    ASSERT_TRUE(until([&] { return c.assetTransfer().state == AssetTransfer::State::Failed; }));
    EXPECT_TRUE(noticed(c, "asset transfer corrupt: \"hall.venue.json\": a chunk of 1000 bytes at 2000, expected at 1000 of 3000 bytes"))
        << c.assetTransfer().error;

    // And a chunk that does not decode.
    rogue.send(encodeAssetEntry({1, 0, {"hall.venue.json", 3000, sha256(venue)}}));
    ASSERT_TRUE(until([&] { return c.assetTransfer().state == AssetTransfer::State::Downloading; }));
    auto broken = encodeAssetChunk(0, 0, std::span(venue).first(1000));
    broken.resize(500);
    rogue.send(broken);
    ASSERT_TRUE(until([&] { return c.assetTransfer().state == AssetTransfer::State::Failed; }));
    EXPECT_TRUE(noticed(c, "asset transfer corrupt: a chunk that does not decode"));
    EXPECT_TRUE(c.joined()) << "the client keeps running";
    EXPECT_FALSE(std::filesystem::exists(dir / ".bashrc"));
    EXPECT_FALSE(std::filesystem::exists(dir / "cache/venues"));
    c.disconnect();
    std::filesystem::remove_all(dir);
}
