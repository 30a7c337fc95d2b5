// atrium-director's HTTP service on loopback: instances register, attendees are placed and get
// a token for their instance with their identity, bad requests get errors that say what is wrong.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>

#include "atrium/cluster/director.hpp"
#include "atrium/cluster/director_client.hpp"
#include "atrium/net/join_link.hpp"

using namespace atrium;
using namespace atrium::cluster;

namespace {

constexpr const char* kSecret = "director-test-secret";

struct DirectorFixture : ::testing::Test {
    Director director{{.secret = kSecret, .venueId = "hall"}};
    void SetUp() override {
        ASSERT_TRUE(director.start());
        ASSERT_TRUE(reportInstance(director.url(), {"i-1", "127.0.0.1", 7001, 10, 0, true, true}));
        ASSERT_TRUE(reportInstance(director.url(), {"i-2", "127.0.0.1", 7002, 10, 0, true, false}));
    }
    httplib::Result post(const std::string& path, const std::string& body) {
        httplib::Client c(director.url());
        return c.Post(path, body, "application/json");
    }
};

}  // namespace

TEST_F(DirectorFixture, AnAttendeeGetsATokenForItsInstanceWithItsIdentity) {
    Result<Placement> p = askToJoin(director.url(), {.user = 42, .name = "Ada"});
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->instance, "i-2") << "attendees fill the stage instance last";
    EXPECT_EQ(p->port, 7002);
    Result<net::JoinClaims> claims = net::verifyJoinToken(p->token, kSecret, "hall", std::time(nullptr));
    ASSERT_TRUE(claims) << claims.error().message;
    EXPECT_EQ(claims->userId, 42u);
    EXPECT_EQ(claims->displayName, "Ada");
    EXPECT_EQ(claims->role, net::Role::Attendee);
    Result<net::JoinLink> link = net::parseJoinLink(p->link);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->port, 7002);
}

TEST_F(DirectorFixture, AJoinLinkKeepsItsRoleAndGoesToTheStage) {
    net::JoinClaims host{"hall", 7, "Grace", net::Role::Host, std::int64_t(std::time(nullptr)) + 600};
    const std::string link = net::formatJoinLink({"example.org", 7777, "hall", net::mintJoinToken(host, kSecret)});
    Result<Placement> p = askToJoin(director.url(), {.link = link});
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->instance, "i-1");
    Result<net::JoinClaims> claims = net::verifyJoinToken(p->token, kSecret, "hall", std::time(nullptr));
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->role, net::Role::Host);
    EXPECT_EQ(claims->expiresAtUnix, host.expiresAtUnix);
    EXPECT_EQ(claims->displayName, "Grace");
}

TEST_F(DirectorFixture, RefusesAForgedTokenAndAnAttendeeAskingToBeHost) {
    net::JoinClaims host{"hall", 7, "Mallory", net::Role::Host, std::int64_t(std::time(nullptr)) + 600};
    Result<Placement> forged = askToJoin(director.url(), {.link = net::mintJoinToken(host, "guessed")});
    ASSERT_FALSE(forged);
    EXPECT_NE(forged.error().message.find("400: /join: the join token is"), std::string::npos) << forged.error().message;
    httplib::Result res = post("/join", R"({"user": 5, "name": "Eve", "role": "host"})");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_NE(res->body.find("only attendees join without a join link"), std::string::npos) << res->body;
}

TEST_F(DirectorFixture, MalformedRequestsSayWhatIsWrongAndTheServiceGoesOn) {
    httplib::Result notJson = post("/join", "{user: 5");
    ASSERT_TRUE(notJson);
    EXPECT_EQ(notJson->status, 400);
    EXPECT_EQ(notJson->body, R"({"error":"/join: the body is not JSON"})");
    httplib::Result badReport = post("/instances", R"({"id": "i-9", "host": "h", "port": "seven"})");
    ASSERT_TRUE(badReport);
    EXPECT_EQ(badReport->status, 400);
    EXPECT_EQ(badReport->body, R"({"error":"/instances: \"port\": expected a whole number from 0 to 65535"})");
    httplib::Result unknown = post("/instances/i-9/drain", "");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_NE(unknown->body.find("no instance \\\"i-9\\\""), std::string::npos) << unknown->body;
    httplib::Result deep = post("/join", std::string(5000, '[') + std::string(5000, ']'));
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->status, 400);
    EXPECT_NE(deep->body.find("/join: "), std::string::npos) << deep->body;
    EXPECT_NE(deep->body.find("nest"), std::string::npos) << deep->body;
    httplib::Result huge = post("/join", "{\"name\": \"" + std::string(1 << 20, 'a') + "\"}");
    ASSERT_TRUE(huge);
    EXPECT_EQ(huge->status, 413) << "a body over 16 KiB is refused unread";
    EXPECT_EQ(huge->body, R"({"error":"POST /join: the body is over 16 KiB"})");
    EXPECT_TRUE(askToJoin(director.url(), {.user = 1, .name = "Still served"}));
}

TEST_F(DirectorFixture, ADrainedInstanceIsToldSoAndGetsNobody) {
    httplib::Result drained = post("/instances/i-2/drain", "");
    ASSERT_TRUE(drained);
    EXPECT_EQ(drained->status, 200);
    Result<HeartbeatAnswer> answer = reportInstance(director.url(), {"i-2", "127.0.0.1", 7002, 10, 3, true, false});
    ASSERT_TRUE(answer);
    EXPECT_TRUE(answer->drain);
    EXPECT_EQ(answer->stageId, "i-1") << "every other instance learns where the stage is";
    EXPECT_EQ(answer->stagePort, 7001);
    for (std::uint64_t u = 1; u <= 5; ++u) EXPECT_EQ(askToJoin(director.url(), {.user = u, .name = "A"})->instance, "i-1");
}

TEST_F(DirectorFixture, SaysWhenNoInstanceHasRoom) {
    ASSERT_TRUE(reportInstance(director.url(), {"i-1", "127.0.0.1", 7001, 10, 10, true, true}));
    ASSERT_TRUE(reportInstance(director.url(), {"i-2", "127.0.0.1", 7002, 10, 10, true, false}));
    Result<Placement> p = askToJoin(director.url(), {.user = 1, .name = "Late"});
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("503: /join: no instance has room (2 of 2 up and admitting)"), std::string::npos) << p.error().message;
}
