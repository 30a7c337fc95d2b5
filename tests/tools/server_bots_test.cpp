// The real atrium-server and atrium-bots binaries on the plaza sample, on 127.0.0.1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>

#include <ctime>

#include "atrium/net/join_token.hpp"
#include "run_command.hpp"

TEST(ServerAndBots, EveryBotSeesEveryOtherBotOnThePlaza) {
    std::string bin = ATRIUM_BIN_DIR;
    std::string plaza = std::string(ATRIUM_SOURCE_DIR) + "/samples/plaza/plaza.venue.json";
    int port = 21000 + int(::getpid() % 20000);
    std::string cmd = "ATRIUM_SECRET=test-secret " + bin + "/atrium-server " + plaza + " --port " + std::to_string(port) +
                      " --seconds 9 > /dev/null 2>&1 & sleep 1; ATRIUM_SECRET=test-secret " + bin +
                      "/atrium-bots --server 127.0.0.1:" + std::to_string(port) + " --count 12 --seconds 6 --venue " + plaza +
                      "; status=$?; wait; exit $status";
    CommandResult r = runCommand(cmd);
    ASSERT_EQ(r.status, 0) << r.output;
    std::smatch m;
    std::regex re("(\\d+) still in, (\\d+) left early, 0 refused.*every bot sees (\\d+) to (\\d+) avatars \\((\\d+) present\\)");
    ASSERT_TRUE(std::regex_search(r.output, m, re)) << r.output;
    int present = std::stoi(m[5]);
    EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]), 12);
    EXPECT_EQ(std::stoi(m[3]), present) << "some bot does not see every other bot";
    EXPECT_EQ(std::stoi(m[4]), present);
}

TEST(ServerAndBots, ServerRefusesABrokenVenueWithItsErrors) {
    CommandResult r = runCommand(std::string(ATRIUM_BIN_DIR) + "/atrium-server /nonexistent/hall.venue.json");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("/nonexistent/hall.venue.json: cannot open venue file"), std::string::npos) << r.output;
}

// --media SCREEN=URL names a screen by id or name; one the venue has not is refused, by name.
TEST(ServerAndBots, MediaFlagStartsANamedScreenAndRefusesAnUnknownOne) {
    const std::string server = std::string(ATRIUM_BIN_DIR) + "/atrium-server " + ATRIUM_SOURCE_DIR +
                               "/samples/concert_hall/concert_hall.venue.json";
    CommandResult ok = runCommand(server + " --port 0 --seconds 0.5 --media Screen=http://127.0.0.1:9/live.ts");
    EXPECT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("screen Screen plays http://127.0.0.1:9/live.ts"), std::string::npos) << ok.output;
    CommandResult unknown = runCommand(server + " --port 0 --seconds 0.5 --media Lobby=http://127.0.0.1:9/live.ts");
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.output.find("--media Lobby=http://127.0.0.1:9/live.ts: no media screen of that id or name"), std::string::npos)
        << unknown.output;
    EXPECT_EQ(runCommand(server + " --media Screen").status, 2);
}

// The host's link for a guest: it names the server and the venue, and its token is one the
// server accepts (checked here with the same secret).
TEST(ServerAndBots, TokenLinkPrintsAJoinLinkWithAValidToken) {
    std::string bin = ATRIUM_BIN_DIR;
    CommandResult r = runCommand("ATRIUM_SECRET=test-secret " + bin +
                                 "/atrium-server token --user 7 --name Ada --role host --venue-id plaza --link 127.0.0.1:7777");
    ASSERT_EQ(r.status, 0) << r.output;
    std::smatch m;
    std::regex re("atrium://127\\.0\\.0\\.1:7777/plaza\\?token=([0-9a-f]+\\.[0-9a-f]+)\n");
    ASSERT_TRUE(std::regex_search(r.output, m, re)) << r.output;
    auto claims = atrium::net::verifyJoinToken(m[1].str(), "test-secret", "plaza", std::int64_t(std::time(nullptr)));
    ASSERT_TRUE(claims) << claims.error().message;
    EXPECT_EQ(claims->displayName, "Ada");
    EXPECT_EQ(claims->role, atrium::net::Role::Host);
    CommandResult plain = runCommand("ATRIUM_SECRET=test-secret " + bin + "/atrium-server token --user 7 --name Ada --venue-id plaza");
    EXPECT_EQ(plain.output.find("atrium://"), std::string::npos) << "without --link, just the token";
    CommandResult bad = runCommand(bin + "/atrium-server token --user 7 --name Ada --venue-id plaza --link 127.0.0.1");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("--link 127.0.0.1: join link: it needs HOST:PORT"), std::string::npos) << bad.output;
}
