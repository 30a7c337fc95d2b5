// Emotes, looks, the participants list and reconnecting, between a server and clients over
// loopback ENet (net_test_support.hpp's simulated clock).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/kit.hpp"
#include "net_test_support.hpp"

using namespace atrium;
using namespace atrium::net;
using namespace atrium::test;

namespace {

World peopleVenue() {
    World w;
    Entity spawn = w.create("Entrance");
    w.get<Transform>(spawn)->position = vec3(0, 0, 5);
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 2});
    spawnKit(w, "seating_block", {{"rows", 1}, {"seatsPerRow", 4}});
    return w;
}

struct Session {
    World venue = peopleVenue();
    Server server;
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;

    explicit Session(double grace = 30.0) : server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .reconnectGraceSeconds = grace}) {
        EXPECT_TRUE(server.start().ok());
    }
    Client& join(std::uint64_t user, Role role = Role::Attendee) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(user, role)}));
        Client& c = *clients.back();
        EXPECT_TRUE(c.connect("127.0.0.1", server.port()).ok());
        EXPECT_TRUE(waitFor([&] { return c.joined(); }));
        return c;
    }
    template <typename Done>
    bool waitFor(Done done, double seconds = 5.0) {
        return pump(server, clients, t, seconds, done);
    }
    void run(double seconds) {
        pump(server, clients, t, seconds, [] { return false; });
    }
    const ClientMetrics* metricsOf(std::uint32_t id) {
        static ServerMetrics m;
        m = server.metrics();
        for (const auto& c : m.clients) {
            if (c.clientId == id) return &c;
        }
        return nullptr;
    }
};

std::size_t emotesFrom(const Client& c, std::uint32_t from, std::uint8_t emote) {
    std::size_t n = 0;
    for (const EmoteEvent& e : c.emotes()) n += e.clientId == from && e.emote == emote;
    return n;
}

}  // namespace

TEST(NetPeople, AnEmoteArrivesOnceAFloodIsLimitedAndAMalformedOneIsCounted) {
    Session s;
    Client& a = s.join(1);
    Client& b = s.join(2);
    a.sendEmote(3);
    ASSERT_TRUE(s.waitFor([&] { return emotesFrom(b, a.clientId(), 3) > 0; }));
    s.run(0.5);
    EXPECT_EQ(emotesFrom(b, a.clientId(), 3), 1u);
    const EmoteEvent& e = b.emotes().back();
    EXPECT_EQ(e.avatar, a.avatarId());
    EXPECT_GT(e.serverTick, 0u);

    for (int i = 0; i < 30; ++i) a.sendEmote(4);
    s.run(1.0);
    EXPECT_GE(emotesFrom(b, a.clientId(), 4), 1u);
    EXPECT_LE(emotesFrom(b, a.clientId(), 4), 6u) << "a burst of a few, then about one a second";
    EXPECT_GE(s.metricsOf(a.clientId())->rateLimited, 24u);
    EXPECT_FALSE(a.notices().empty());

    std::uint64_t before = s.metricsOf(a.clientId())->malformedPackets;
    a.sendEmote(kMaxEmote + 1);
    s.run(0.3);
    EXPECT_EQ(s.metricsOf(a.clientId())->malformedPackets, before + 1);
    EXPECT_EQ(emotesFrom(b, a.clientId(), kMaxEmote + 1), 0u);
    EXPECT_TRUE(a.joined());
}

TEST(NetPeople, ALateJoinerLearnsAnEarlierLookAndAChangeReachesOthers) {
    Session s;
    Client& a = s.join(1);
    AvatarLookMsg look{2, {230, 190, 160}, {200, 30, 30}, {20, 20, 90}, {10, 10, 10}};
    a.setLook(look);
    ASSERT_TRUE(s.waitFor([&] { return a.looks().count(a.clientId()) > 0; }));
    Client& b = s.join(2);
    ASSERT_TRUE(s.waitFor([&] { return b.looks().count(a.clientId()) > 0; }));
    EXPECT_EQ(b.looks().at(a.clientId()), look);

    look.top = {0, 160, 0};
    a.setLook(look);
    ASSERT_TRUE(s.waitFor([&] { return b.looks().at(a.clientId()) == look; }));

    std::uint64_t before = s.metricsOf(a.clientId())->malformedPackets;
    a.setLook({kBodyPresets, {}, {}, {}, {}});
    s.run(0.3);
    EXPECT_EQ(s.metricsOf(a.clientId())->malformedPackets, before + 1);
    EXPECT_EQ(b.looks().at(a.clientId()), look);
}

TEST(NetPeople, EveryoneSeesAllParticipantsAndSomeoneLeavingUpdatesTheList) {
    Session s;
    Client& a = s.join(1, Role::Host);
    Client& b = s.join(2);
    Client& c = s.join(3, Role::Presenter);
    auto allSeeThree = [&] { return a.participants().size() == 3 && b.participants().size() == 3 && c.participants().size() == 3; };
    ASSERT_TRUE(s.waitFor(allSeeThree));
    for (Client* viewer : {&a, &b, &c}) {
        const auto& list = viewer->participants();
        EXPECT_EQ(list.at(a.clientId()).role, Role::Host);
        EXPECT_EQ(list.at(b.clientId()).displayName, "user2");
        EXPECT_EQ(list.at(c.clientId()).role, Role::Presenter);
        EXPECT_EQ(list.at(c.clientId()).avatar, c.avatarId());
    }
    std::uint32_t gone = b.clientId();
    b.leave();
    ASSERT_TRUE(s.waitFor([&] { return a.participants().size() == 2 && c.participants().size() == 2; }));
    EXPECT_EQ(a.participants().count(gone), 0u);
    EXPECT_EQ(c.participants().count(gone), 0u);
}

namespace {
// Client 1 walks off the spawn point, client 2 sits down; both drop their connections.
struct Dropped {
    vec3 walkedTo{0.0f};
    StableId seat;
};

Dropped walkSitAndDrop(Session& s) {
    Client& walker = s.join(1);
    Client& sitter = s.join(2);
    Dropped d;
    d.seat = s.venue.stableId(s.venue.pool<Seat>().entities()[0]);
    sitter.claimSeat(d.seat);
    walker.setInput(vec2(1, 0));
    s.run(0.8);
    walker.setInput(vec2(0));
    EXPECT_TRUE(s.waitFor([&] { return s.server.seatOccupant(d.seat) == sitter.clientId(); }));
    s.run(0.5);
    d.walkedTo = *s.server.avatarPosition(walker.clientId());
    walker.disconnect();
    sitter.disconnect();
    EXPECT_TRUE(s.waitFor([&] { return s.server.clientCount() == 0; }));
    return d;
}
}  // namespace

TEST(NetPeople, AClientBackWithinTheGraceResumesItsPlaceAndSeat) {
    Session s;
    Dropped d = walkSitAndDrop(s);
    EXPECT_EQ(s.server.seatOccupant(d.seat), 0u);
    ASSERT_TRUE(s.clients[0]->reconnect().ok());
    ASSERT_TRUE(s.clients[1]->reconnect().ok());
    ASSERT_TRUE(s.waitFor([&] { return s.clients[0]->joined() && s.clients[1]->joined(); }));
    s.run(0.2);
    vec3 back = *s.server.avatarPosition(s.clients[0]->clientId());
    EXPECT_LT(glm::length(back - d.walkedTo), 0.01f);
    // The returning client's own view agrees once its first snapshots are in.
    EXPECT_TRUE(s.waitFor([&] { return glm::length(s.clients[0]->predictedPosition() - d.walkedTo) < 0.01f; }));
    EXPECT_EQ(s.server.seatOccupant(d.seat), s.clients[1]->clientId());
    ASSERT_TRUE(s.waitFor([&] { return s.clients[1]->seats().count(d.seat) > 0; }));
    EXPECT_EQ(s.clients[1]->seats().at(d.seat), s.clients[1]->clientId());
}

TEST(NetPeople, AfterTheGraceOrALeaveAClientArrivesAnew) {
    Session s(0.5);
    Dropped d = walkSitAndDrop(s);
    s.run(1.0);
    ASSERT_TRUE(s.clients[0]->reconnect().ok());
    ASSERT_TRUE(s.clients[1]->reconnect().ok());
    ASSERT_TRUE(s.waitFor([&] { return s.clients[0]->joined() && s.clients[1]->joined(); }));
    s.run(0.2);
    vec3 back = *s.server.avatarPosition(s.clients[0]->clientId());
    EXPECT_LT(glm::length(vec2(back.x, back.z) - vec2(0, 5)), 2.01f) << "at the spawn point's circle";
    EXPECT_GT(glm::length(back - d.walkedTo), 0.5f);
    EXPECT_EQ(s.server.seatOccupant(d.seat), 0u);

    // A goodbye gives the place up at once, grace or not.
    Session s2;
    Client& sitter = s2.join(2);
    d.seat = s2.venue.stableId(s2.venue.pool<Seat>().entities()[0]);
    sitter.claimSeat(d.seat);
    ASSERT_TRUE(s2.waitFor([&] { return s2.server.seatOccupant(d.seat) == sitter.clientId(); }));
    sitter.leave();
    ASSERT_TRUE(s2.waitFor([&] { return s2.server.clientCount() == 0; }));
    ASSERT_TRUE(sitter.reconnect().ok());
    ASSERT_TRUE(s2.waitFor([&] { return sitter.joined(); }));
    s2.run(0.2);
    EXPECT_EQ(s2.server.seatOccupant(d.seat), 0u);
}

TEST(NetPeople, TheVenueFileIsSentOnJoinAndACachedOneIsNotSentAgain) {
    auto dir = std::filesystem::temp_directory_path() / "atrium-venue-session-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::path venueFile = dir / "hall.venue.json";
    std::string name(20000, ' ');
    for (std::size_t i = 0; i < name.size(); ++i) name[i] = char('a' + i % 26);
    const std::string text = R"({"format": "atrium.venue", "version": 1, "entities": [], "name": ")" + name + "\"}";
    std::ofstream(venueFile, std::ios::binary) << text;

    World venue = peopleVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .venueFile = venueFile});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1), .venueCacheDir = dir / "cache"}));
    Client& c = *clients[0];
    ASSERT_TRUE(c.connect("127.0.0.1", server.port()).ok());
    auto ready = [&] { return c.assetTransfer().state == AssetTransfer::State::Ready; };
    ASSERT_TRUE(pump(server, clients, t, 5.0, ready)) << c.assetTransfer().error;
    std::ifstream got(c.assetTransfer().venueFile, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(got), {}), text);
    EXPECT_EQ(c.assetTransfer().downloadedBytes, text.size());

    c.disconnect();
    ASSERT_TRUE(c.reconnect().ok());
    ASSERT_TRUE(pump(server, clients, t, 5.0, [&] { return c.joined() && ready(); }));
    EXPECT_EQ(c.assetTransfer().downloadedBytes, 0u) << "the cache had it";
    EXPECT_EQ(c.assetTransfer().bytesTotal, text.size());

    // A server whose venue file is over its cap refuses to start, naming the file.
    World other = peopleVenue();
    Server capped(other, {.venueId = kTestVenue, .secret = kTestSecret, .venueFile = venueFile, .venueMaxBytes = 1000});
    Status s = capped.start();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().toString().find("hall.venue.json"), std::string::npos) << s.error().toString();
    std::filesystem::remove_all(dir);
}

TEST(NetPeople, AUserStillPresentOnAnotherConnectionLeavesNoPlaceBehind) {
    Session s;
    Client& first = s.join(1);
    s.join(1);  // the same user again, e.g. back before the first connection timed out
    first.setInput(vec2(1, 0));
    s.run(0.8);
    first.setInput(vec2(0));
    s.run(0.3);
    vec3 walkedTo = *s.server.avatarPosition(first.clientId());
    first.disconnect();
    ASSERT_TRUE(s.waitFor([&] { return s.server.clientCount() == 1; }));
    Client& third = s.join(1);
    vec3 arrived = *s.server.avatarPosition(third.clientId());
    EXPECT_GT(glm::length(arrived - walkedTo), 0.5f) << "a second connection of a user who is here is not a return";
}

TEST(NetPeople, SnapshotsKeepComingWhileALargeVenueFileDownloads) {
    auto dir = std::filesystem::temp_directory_path() / "atrium-venue-large-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::path venueFile = dir / "big.venue.json";
    const std::string text = R"({"format": "atrium.venue", "version": 1, "entities": [], "name": ")" + std::string(400000, 'x') + "\"}";
    std::ofstream(venueFile, std::ios::binary) << text;

    World venue = peopleVenue();
    Server server(venue, {.venueId = kTestVenue, .secret = kTestSecret, .venueFile = venueFile});
    ASSERT_TRUE(server.start().ok());
    double t = 0.0;
    std::vector<std::unique_ptr<Client>> clients;
    clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1), .venueCacheDir = dir / "cache"}));
    Client& c = *clients[0];
    ASSERT_TRUE(c.connect("127.0.0.1", server.port()).ok());
    ASSERT_TRUE(pump(server, clients, t, 10.0, [&] { return c.assetTransfer().state == AssetTransfer::State::Ready; }))
        << c.assetTransfer().error;
    EXPECT_EQ(c.assetTransfer().downloadedBytes, text.size());
    std::uint64_t before = c.stats().snapshotsReceived;
    pump(server, clients, t, 1.0, [] { return false; });
    // 30 a second under the 64 kbps cap: the 400 kB download must not have used it up.
    EXPECT_GE(c.stats().snapshotsReceived - before, 20u);
    std::filesystem::remove_all(dir);
}

TEST(NetPeople, AnAppOfAnotherProtocolVersionIsRefusedWithBothVersions) {
    Session s;
    s.clients.push_back(std::make_unique<Client>(ClientConfig{.token = joinToken(1), .protocolVersion = kProtocolVersion + 1}));
    Client& old = *s.clients.back();
    ASSERT_TRUE(old.connect("127.0.0.1", s.server.port()).ok());
    ASSERT_TRUE(s.waitFor([&] { return !old.closeReason().empty(); }));
    EXPECT_FALSE(old.joined());
    EXPECT_NE(old.closeReason().find("protocol version " + std::to_string(kProtocolVersion + 1)), std::string::npos) << old.closeReason();
    EXPECT_NE(old.closeReason().find("server version " + std::to_string(kProtocolVersion)), std::string::npos) << old.closeReason();
    EXPECT_EQ(s.server.metrics().rejectedJoins, 1u);
}

TEST(NetPeople, ARenameReachesEveryoneNewcomersAndAReturnAndABadNameIsRefused) {
    Session s;
    Client& a = s.join(1);
    Client& b = s.join(2);
    const std::uint32_t id = a.clientId();
    a.setDisplayName("Ada Lovelace");
    ASSERT_TRUE(s.waitFor([&] { return b.participants().count(id) && b.participants().at(id).displayName == "Ada Lovelace"; }));
    EXPECT_EQ(a.participants().at(id).displayName, "Ada Lovelace");
    // A newcomer sees the new name in the list and on the avatar.
    Client& c = s.join(3);
    ASSERT_TRUE(s.waitFor([&] {
        for (const RemoteEntity& e : c.view(s.t)) {
            if (e.id == a.avatarId()) return e.name == "Ada Lovelace";
        }
        return false;
    }));
    EXPECT_EQ(c.participants().at(id).displayName, "Ada Lovelace");
    // Control characters are refused with a notice and change nothing.
    s.run(3.0);  // past the rename rate limit
    a.setDisplayName(std::string("bad\nname"));
    ASSERT_TRUE(s.waitFor([&] { return !a.notices().empty() && a.notices().back().find("control characters") != std::string::npos; }));
    EXPECT_EQ(b.participants().at(id).displayName, "Ada Lovelace");
    // The chosen name survives a dropped connection.
    a.disconnect();
    ASSERT_TRUE(s.waitFor([&] { return s.server.clientCount() == 2; }));
    ASSERT_TRUE(a.reconnect().ok());
    ASSERT_TRUE(s.waitFor(
        [&] { return a.joined() && b.participants().count(a.clientId()) && b.participants().at(a.clientId()).displayName == "Ada Lovelace"; }));
}

TEST(NetPeople, DisplayNameRules) {
    EXPECT_EQ(displayNameProblem("Ada"), "");
    EXPECT_EQ(displayNameProblem("李雷"), "");  // UTF-8 is fine
    EXPECT_NE(displayNameProblem(""), "");
    EXPECT_NE(displayNameProblem("   "), "");
    EXPECT_NE(displayNameProblem("a\tb"), "");
    EXPECT_NE(displayNameProblem(std::string(kMaxDisplayNameBytes + 1, 'x')), "");
}
