// Two instances of one event in this process, each a Server with an EventBus, sharing a real
// redis-server: chat crosses exactly once, a host's ban holds in both, presence is listed, and
// losing Redis degrades to local chat with a notice and recovers by itself.
#include "atrium/cluster/event_bus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>

#include "atrium/net/client.hpp"
#include "atrium/net/server.hpp"
#include "redis_process.hpp"

using namespace atrium;
using namespace atrium::cluster;
using namespace atrium::net;

namespace {

constexpr const char* kSecret = "event-test-secret";

World makeVenue() {
    World w;
    Entity spawn = w.create("Entrance");
    w.get<Transform>(spawn)->position = vec3(0, 0, 5);
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 6});
    return w;
}

struct Instance {
    World world = makeVenue();
    std::unique_ptr<Server> server;
    std::unique_ptr<EventBus> bus;
    Instance(const std::string& id, std::uint16_t redisPort) {
        server = std::make_unique<Server>(world, ServerConfig{.venueId = "hall", .secret = kSecret, .eventRelay = true});
        bus = std::make_unique<EventBus>(EventBusConfig{.port = redisPort, .event = "test", .instanceId = id, .maxBackoffSeconds = 0.5});
    }
};

std::string token(std::uint64_t user, Role role = Role::Attendee) {
    return mintJoinToken({"hall", user, "user" + std::to_string(user), role, std::int64_t(std::time(nullptr)) + 600}, kSecret);
}

std::size_t linesWith(const Client& c, const std::string& text) {
    return std::size_t(std::count_if(c.chat().begin(), c.chat().end(), [&](const ChatLine& l) { return l.text == text; }));
}

bool anyLineContains(const Client& c, const std::string& text) {
    return std::any_of(c.chat().begin(), c.chat().end(), [&](const ChatLine& l) { return l.text.find(text) != std::string::npos; });
}

struct EventBusTest : ::testing::Test {
    RedisProcess redis;
    std::unique_ptr<Instance> a, b;
    std::vector<std::unique_ptr<Client>> clients;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

    double now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }

    void SetUp() override {
        ASSERT_TRUE(redis.start()) << "redis-server did not start on port " << redis.port();
        a = std::make_unique<Instance>("A", redis.port());
        b = std::make_unique<Instance>("B", redis.port());
        for (Instance* i : {a.get(), b.get()}) {
            ASSERT_TRUE(i->server->start());
            i->bus->start();
        }
        ASSERT_TRUE(runUntil(5, [&] { return a->bus->connected() && b->bus->connected(); }));
    }

    Client& join(Instance& where, std::uint64_t user, Role role = Role::Attendee) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = token(user, role)}));
        Client& c = *clients.back();
        EXPECT_TRUE(c.connect("127.0.0.1", where.server->port()));
        EXPECT_TRUE(runUntil(5, [&] { return c.joined(); })) << "user " << user << " did not join";
        return c;
    }

    // Real time: the buses are threads talking to a real Redis.
    bool runUntil(double seconds, const std::function<bool()>& done) {
        const double end = now() + seconds;
        while (now() < end) {
            for (Instance* i : {a.get(), b.get()}) {
                i->server->update(now());
                exchange(*i->server, *i->bus);
            }
            for (auto& c : clients) c->update(now());
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }
};

}  // namespace

TEST_F(EventBusTest, ChatSaidInOneInstanceArrivesExactlyOnceInTheOther) {
    Client& ada = join(*a, 1);
    Client& bob = join(*b, 2);
    ada.sendChat("hello from A");
    bob.sendChat("hello from B");
    ASSERT_TRUE(runUntil(5, [&] { return linesWith(bob, "hello from A") >= 1 && linesWith(ada, "hello from B") >= 1; }));
    runUntil(1, [] { return false; });  // a duplicate would have arrived by now
    EXPECT_EQ(linesWith(bob, "hello from A"), 1u);
    EXPECT_EQ(linesWith(ada, "hello from A"), 1u) << "nobody gets their own line back from the other instance";
    EXPECT_EQ(linesWith(ada, "hello from B"), 1u);
    EXPECT_EQ(linesWith(bob, "hello from B"), 1u);
    const ChatLine& relayed = *std::find_if(bob.chat().begin(), bob.chat().end(), [](const ChatLine& l) { return l.text == "hello from A"; });
    EXPECT_EQ(relayed.name, "user1");
}

TEST_F(EventBusTest, PresenceListsEveryoneWithTheirInstance) {
    join(*a, 1);
    join(*b, 2);
    join(*b, 3);
    std::vector<PresenceEntry> people;
    ASSERT_TRUE(runUntil(5, [&] {
        Result<std::vector<PresenceEntry>> p = readPresence("127.0.0.1", redis.port(), "test");
        if (p) people = *p;
        return people.size() == 3;
    }));
    std::sort(people.begin(), people.end(), [](const auto& x, const auto& y) { return x.userId < y.userId; });
    EXPECT_EQ(people[0].instance, "A");
    EXPECT_EQ(people[1].instance, "B");
    EXPECT_EQ(people[2].name, "user3");
}

TEST_F(EventBusTest, AHostsBanHoldsInEveryInstance) {
    Client& host = join(*a, 1, Role::Host);
    Client& eveInA = join(*a, 9);
    Client& eveInB = join(*b, 9);  // a second device
    host.kick(eveInA.clientId());
    ASSERT_TRUE(runUntil(5, [&] { return !eveInB.connected() && !eveInA.connected(); }));
    EXPECT_EQ(eveInB.closeReason(), "removed from this event by a host");
    // And she cannot come back into either.
    for (Instance* where : {a.get(), b.get()}) {
        clients.push_back(std::make_unique<Client>(ClientConfig{.token = token(9)}));
        Client& again = *clients.back();
        ASSERT_TRUE(again.connect("127.0.0.1", where->server->port()));
        ASSERT_TRUE(runUntil(5, [&] { return !again.closeReason().empty(); }));
        EXPECT_EQ(again.closeReason(), "you were removed from this event by a host");
        EXPECT_FALSE(again.joined());
    }
}

TEST_F(EventBusTest, AHostsMuteHoldsInEveryInstance) {
    Client& host = join(*a, 1, Role::Host);
    Client& inA = join(*a, 8);
    Client& inB = join(*b, 8);
    Client& listener = join(*b, 2);
    host.mute(inA.clientId());
    ASSERT_TRUE(runUntil(5, [&] { return std::count(inB.notices().begin(), inB.notices().end(), std::string("a host muted you")) == 1; }));
    inB.sendChat("can you hear me");
    runUntil(1, [] { return false; });
    EXPECT_EQ(linesWith(listener, "can you hear me"), 0u);
}

TEST_F(EventBusTest, LosingRedisKeepsChatLocalWithANoticeAndRecoversByItself) {
    Client& ada = join(*a, 1);
    Client& bob = join(*b, 2);
    redis.kill9();
    ASSERT_TRUE(runUntil(5, [&] { return anyLineContains(ada, "event chat lost") && anyLineContains(bob, "event chat lost"); }));
    EXPECT_FALSE(a->bus->connected());
    ada.sendChat("only here");
    ASSERT_TRUE(runUntil(3, [&] { return linesWith(ada, "only here") == 1; })) << "chat goes on inside the instance";
    RedisProcess again(redis.port());
    ASSERT_TRUE(again.start());
    ASSERT_TRUE(runUntil(10, [&] { return anyLineContains(ada, "event chat is back") && anyLineContains(bob, "event chat is back"); }));
    EXPECT_EQ(linesWith(bob, "only here"), 0u);
    std::vector<PresenceEntry> people;
    ASSERT_TRUE(runUntil(5, [&] {
        Result<std::vector<PresenceEntry>> p = readPresence("127.0.0.1", again.port(), "test");
        if (p) people = *p;
        return people.size() == 2;
    })) << "presence is written again after the restart";
    ada.sendChat("back again");
    ASSERT_TRUE(runUntil(5, [&] { return linesWith(bob, "back again") == 1; }));
    runUntil(0.5, [] { return false; });
    EXPECT_EQ(linesWith(bob, "back again"), 1u);
}
