// Kits are capped by a stated budget (20,000 parts per kit, 100,000 per venue) checked from the
// parameters before anything is generated: the documented maximum of a seating block, 200 rows
// of 500, is refused at once instead of stalling a server's tick for minutes.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "atrium/scene/command.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;

namespace {

struct Case {
    const char* generator;
    std::map<std::string, double> params;
};

const Case kCases[] = {
    {"seating_block", {}},
    {"seating_block", {{"rows", 7}, {"seatsPerRow", 9}, {"extraSeatsPerRow", 3}, {"risePerRow", 0.3}}},
    {"seating_block", {{"rows", 5}, {"seatsPerRow", 4}, {"risePerRow", 0}, {"tierBase", 0}}},
    {"seating_block", {{"rows", 4}, {"seatsPerRow", 6}, {"risePerRow", 0}, {"tierBase", 2}, {"arcRadius", 10}}},
    {"booth", {}},
    {"body_grid", {{"countX", 4}, {"countY", 2}, {"countZ", 3}}},
    {"stage", {}},
    {"stage", {{"stairs", 0}}},
    {"wall_run", {{"panels", 13}}},
    {"floor_run", {}},
    {"screen", {}},
    {"light_truss", {{"lights", 11}}},
};

}  // namespace

TEST(KitBudget, CountFromParametersMatchesWhatEachGeneratorBuilds) {
    std::set<std::string> covered;
    for (const Case& c : kCases) {
        World w;
        Result<Entity> kit = spawnKit(w, c.generator, c.params);
        ASSERT_TRUE(kit.ok()) << kit.error().toString();
        KitPartCount count = countKitParts(*w.get<KitInstance>(*kit));
        EXPECT_EQ(count.parts, w.childCount(*kit)) << c.generator;
        EXPECT_EQ(count.seats, w.pool<Seat>().size()) << c.generator;
        covered.insert(c.generator);
    }
    EXPECT_EQ(covered.size(), kitGenerators().size());  // a new generator needs a count and a case here
}

TEST(KitBudget, DocumentedMaximumSeatingBlockIsRefusedNamingTheBudget) {
    World w;
    Result<Entity> kit = spawnKit(w, "seating_block", {{"rows", 200}, {"seatsPerRow", 500}});
    ASSERT_FALSE(kit.ok());
    EXPECT_EQ(kit.error().message, "seating_block would generate 199500 parts (100000 seats), over the venue budget of 20000 parts per kit");
    EXPECT_EQ(w.entityCount(), 0u);
}

TEST(KitBudget, LiveChangeToTwoHundredByFiveHundredIsRefusedAndTheBlockIsUntouched) {
    World w;
    Entity kit = *spawnKit(w, "seating_block", {{"rows", 200}, {"seatsPerRow", 4}});
    std::size_t before = w.childCount(kit);
    StableId first = w.stableId(w.children(kit).front());
    Command change = SetKitParam{w.stableId(kit), "seatsPerRow", 500.0, {}};
    Status s = applyCommand(w, change);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("would generate 199500 parts (100000 seats), over the venue budget of 20000 parts per kit"),
              std::string::npos)
        << s.error().message;
    EXPECT_EQ(kitParam(*w.get<KitInstance>(kit), "seatsPerRow"), 4.0);
    EXPECT_EQ(w.childCount(kit), before);
    EXPECT_EQ(w.stableId(w.children(kit).front()), first);
}

TEST(KitBudget, BlockAtTheBudgetIsGenerated) {
    World w;
    // 100 rows of 100 with tiers under rows 1..99: 10,000 seats and 9,900 tiers.
    Result<Entity> kit = spawnKit(w, "seating_block", {{"rows", 100}, {"seatsPerRow", 100}});
    ASSERT_TRUE(kit.ok()) << kit.error().toString();
    EXPECT_EQ(w.childCount(*kit), 19900u);
}

TEST(KitBudget, KitsOfAVenueCountTogether) {
    KitBudget small{.partsPerKit = 100, .partsPerVenue = 150};
    World w;
    Entity a = w.create("A");
    w.add<KitInstance>(a, KitInstance{"wall_run", {{"panels", 80}}, {}});
    ASSERT_TRUE(regenerateKit(w, a, small).ok());
    Entity b = w.create("B");
    w.add<KitInstance>(b, KitInstance{"wall_run", {{"panels", 80}}, {}});
    Status s = regenerateKit(w, b, small);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message,
              "wall_run would generate 80 parts and the venue's other kits have 80, over the venue budget of 150 parts from kits");
    EXPECT_EQ(w.childCount(b), 0u);
    w.get<KitInstance>(b)->params["panels"] = 70;
    EXPECT_TRUE(regenerateKit(w, b, small).ok());
    EXPECT_EQ(w.childCount(b), 70u);
}

TEST(KitBudget, VenueFileWithAnOversizedKitFailsToLoadNamingTheKit) {
    std::string text = R"({"format": "atrium.venue", "version": 1, "name": "Huge", "entities": [{"id": "00000000000000aa", "name": "Stand",
        "components": {"kit": {"generator": "seating_block", "params": {"rows": 200, "seatsPerRow": 500}}}}]})";
    Result<World> w = loadVenueFromString(text, "huge.venue.json");
    ASSERT_FALSE(w.ok());
    const std::string msg = w.error().toString();
    EXPECT_NE(msg.find("huge.venue.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("kit 00000000000000aa (Stand): seating_block would generate 199500 parts"), std::string::npos) << msg;
}
