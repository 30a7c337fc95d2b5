// Text from outside reaches the renderer only as well-formed UTF-8: a venue file, a join token
// and a chat line with bad bytes are each refused with where they are; good text in any script
// goes through unchanged.
#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <memory>

#include "atrium/core/utf8.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#include "atrium/scene/venue_file.hpp"
#include "netsync/net_test_support.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

const char* const kVenueWithNames = R"({"format": "atrium.venue", "version": 1, "name": "大厅",
  "entities": [
    {"id": "00000000000000a1", "name": "舞台"},
    {"id": "00000000000000a2", "name": "NAME"}
  ]})";

std::string venueNamed(const std::string& name) {
    std::string s = kVenueWithNames;
    s.replace(s.find("NAME"), 4, name);
    return s;
}

}  // namespace

TEST(Utf8Inputs, AVenueFileWithNamesInAnyScriptLoadsAndSavesThemUnchanged) {
    auto world = loadVenueFromString(venueNamed("Sân khấu محمد สวัสดี"), "hall.venue.json");
    ASSERT_TRUE(world) << world.error().toString();
    auto again = loadVenueFromString(saveVenueToString(*world), "saved.venue.json");
    ASSERT_TRUE(again) << again.error().toString();
    std::vector<std::string> names;
    again->forEachEntity([&](Entity e) {
        if (const Name* n = again->get<Name>(e)) names.push_back(n->value);
    });
    EXPECT_EQ(again->name, "大厅");
    EXPECT_NE(std::find(names.begin(), names.end(), "舞台"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "Sân khấu محمد สวัสดี"), names.end());
}

TEST(Utf8Inputs, AVenueFileWithInvalidUtf8IsRefusedNamingTheFileAndLine) {
    auto world = loadVenueFromString(venueNamed("Bob\xC3("), "hall.venue.json");
    ASSERT_FALSE(world);
    EXPECT_EQ(world.error().file, "hall.venue.json");
    EXPECT_EQ(world.error().line, 4) << world.error().toString();
    EXPECT_NE(world.error().toString().find("UTF-8"), std::string::npos) << world.error().toString();
}

TEST(Utf8Inputs, TheVenueFontIsReadCheckedAndWrittenBack) {
    std::string serif = kVenueWithNames;
    serif.replace(serif.find("\"entities\""), 0, R"("settings": {"font": "serif"}, )");
    auto world = loadVenueFromString(serif, "hall.venue.json");
    ASSERT_TRUE(world) << world.error().toString();
    EXPECT_EQ(world->settings.font, VenueFont::Serif);
    auto again = loadVenueFromString(saveVenueToString(*world), "saved.venue.json");
    ASSERT_TRUE(again) << again.error().toString();
    EXPECT_EQ(again->settings.font, VenueFont::Serif);

    std::string comic = kVenueWithNames;
    comic.replace(comic.find("\"entities\""), 0, R"("settings": {"font": "comic"}, )");
    auto bad = loadVenueFromString(comic, "hall.venue.json");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().toString().find("settings.font"), std::string::npos) << bad.error().toString();
}

TEST(Utf8Inputs, AJoinTokenCarriesANameInAnyScript) {
    JoinClaims c{.venueId = "hall", .userId = 7, .displayName = "王小明 محمد", .expiresAtUnix = std::time(nullptr) + 60};
    auto claims = verifyJoinToken(mintJoinToken(c, "s3cret"), "s3cret", "hall", std::time(nullptr));
    ASSERT_TRUE(claims) << claims.error().toString();
    EXPECT_EQ(claims->displayName, "王小明 محمد");
}

TEST(Utf8Inputs, AJoinTokenWithAnInvalidUtf8NameIsRefusedNamingTheField) {
    // Correctly signed, so only the text check can refuse it.
    JoinClaims c{.venueId = "hall", .userId = 7, .displayName = "Bob\xFF\xFE", .expiresAtUnix = std::time(nullptr) + 60};
    auto claims = verifyJoinToken(mintJoinToken(c, "s3cret"), "s3cret", "hall", std::time(nullptr));
    ASSERT_FALSE(claims);
    EXPECT_EQ(claims.error().message, "join token: displayName: invalid UTF-8 at byte 3");
}

// A venue with only an entrance, its server on 127.0.0.1, and `people` attendees joined.
struct ChatRoom {
    World venue;
    std::unique_ptr<Server> server;
    std::vector<std::unique_ptr<Client>> clients;
    double t = 0.0;

    explicit ChatRoom(std::uint64_t people) {
        venue.add<SpawnPoint>(venue.create("Entrance"), SpawnPoint{.radius = 2});
        server = std::make_unique<Server>(venue, ServerConfig{.venueId = test::kTestVenue, .secret = test::kTestSecret});
        if (Status s = server->start(); !s.ok()) ADD_FAILURE() << s.error().toString();
        for (std::uint64_t user = 1; user <= people; ++user) {
            clients.push_back(std::make_unique<Client>(ClientConfig{.token = test::joinToken(user)}));
            EXPECT_TRUE(clients.back()->connect("127.0.0.1", server->port()).ok());
        }
    }
    bool pump(double seconds, const std::function<bool()>& until) { return test::pump(*server, clients, t, seconds, until); }
    bool allJoined() {
        return pump(5.0, [&] {
            for (const auto& c : clients) {
                if (!c->joined()) return false;
            }
            return true;
        });
    }
};

TEST(Utf8Inputs, AChatLineWithInvalidUtf8IsRefusedAndTheSenderToldWhere) {
    ChatRoom room(2);
    auto& clients = room.clients;
    ASSERT_TRUE(room.allJoined());
    clients[0]->sendChat("bad \xE4\xB8 line");
    clients[0]->sendChat("你好 مرحبا");
    ASSERT_TRUE(room.pump(5.0, [&] { return clients[1]->chat().size() >= 1 && !clients[0]->notices().empty(); }));
    room.pump(0.2, [] { return false; });
    ASSERT_EQ(clients[1]->chat().size(), 1u) << "only the good line is passed on";
    EXPECT_EQ(clients[1]->chat()[0].text, "你好 مرحبا");
    bool told = false;
    for (const std::string& n : clients[0]->notices()) told = told || n == "chat line refused: invalid UTF-8 at byte 4";
    EXPECT_TRUE(told);
}

TEST(Utf8Inputs, ALongChatLineIsCutAtACharacterBoundary) {
    ChatRoom room(1);
    auto& clients = room.clients;
    ASSERT_TRUE(room.allJoined());
    std::string longLine;
    while (longLine.size() <= kMaxChatBytes) longLine += "中";  // 280 falls inside a character
    clients[0]->sendChat(longLine);
    ASSERT_TRUE(room.pump(5.0, [&] { return !clients[0]->chat().empty(); }));
    EXPECT_EQ(clients[0]->chat()[0].text.size(), kMaxChatBytes / 3 * 3);
    EXPECT_FALSE(findInvalidUtf8(clients[0]->chat()[0].text));
}
