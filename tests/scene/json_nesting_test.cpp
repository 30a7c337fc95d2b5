// Deeply nested JSON (a venue file's unknown component, a host's AddComponent) is refused with
// the path and the limit before anything walks it recursively: 100,000 levels used to overflow
// the stack in nlohmann's dump().
#include <gtest/gtest.h>

#include "atrium/core/json_nesting.hpp"
#include "atrium/scene/command_json.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;

namespace {

std::string nested(std::size_t depth, const std::string& inner = "1") { return std::string(depth, '[') + inner + std::string(depth, ']'); }

std::string venueWithUnknownComponent(const std::string& componentJson) {
    return R"({"format": "atrium.venue", "version": 1, "name": "Deep",
               "entities": [{"id": "0123456789abcdef", "name": "Thing", "components": {"mystery": )" +
           componentJson + "}}]}";
}

}  // namespace

TEST(JsonNesting, AllowsTheLimitAndRefusesOneLevelMore) {
    EXPECT_TRUE(checkJsonNesting(nested(64), 64).ok());
    Status s = checkJsonNesting(nested(65), 64, "f.json");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().file, "f.json");
    EXPECT_NE(s.error().message.find("nested deeper than 64 levels"), std::string::npos) << s.error().toString();
}

TEST(JsonNesting, BracketsInsideStringsDoNotCount) {
    std::string text = R"({"a": ")" + std::string(100, '[') + R"(\" {{{", "b": [1, "]]]]"]})";
    EXPECT_TRUE(checkJsonNesting(text, 2).ok());
    EXPECT_FALSE(checkJsonNesting(R"({"a": "\\", "b": [[[]]]})", 3).ok());  // an escaped backslash ends the string
}

TEST(JsonNesting, ErrorNamesThePathAndLine) {
    Status s = checkJsonNesting("{\"entities\": [{}, {}, {\"components\":\n {\"x\": [[[[1]]]]}}]}", 5);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().jsonPath, "entities[2].components.x[0]");
    EXPECT_EQ(s.error().line, 2);
}

TEST(JsonNesting, HundredThousandLevelsInAVenueFileGiveAnErrorNotACrash) {
    VenueLoadReport report;
    Result<World> w = loadVenueFromString(venueWithUnknownComponent(nested(100000)), "deep.venue.json", &report);
    ASSERT_FALSE(w.ok());
    const std::string msg = w.error().toString();
    EXPECT_NE(msg.find("deep.venue.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("entities[0].components.mystery[0][0]"), std::string::npos) << msg;
    EXPECT_NE(msg.find("deeper than 64 levels"), std::string::npos) << msg;
    ASSERT_EQ(report.errors.size(), 1u);
}

TEST(JsonNesting, UnknownComponentAtTheDeepestAllowedLevelRoundTrips) {
    // The component's root array sits 5 levels down in the file, so 60 of its own fill the 64.
    Result<World> w = loadVenueFromString(venueWithUnknownComponent(nested(60)), "ok.venue.json");
    ASSERT_TRUE(w.ok()) << w.error().toString();
    std::string saved = saveVenueToString(*w);
    EXPECT_NE(saved.find("mystery"), std::string::npos);
    Result<World> again = loadVenueFromString(saved, "saved.venue.json");
    ASSERT_TRUE(again.ok()) << again.error().toString();
    EXPECT_EQ(saveVenueToString(*again), saved);
    EXPECT_FALSE(loadVenueFromString(venueWithUnknownComponent(nested(61)), "over.venue.json").ok());
}

TEST(JsonNesting, DeepAddComponentFromAHostIsRefusedNamingTheComponent) {
    // What a host's client sends: a valid command whose unknown component carries the bomb as
    // text, so the command itself is shallow and only a save would have walked the bomb.
    UnknownComponents bomb;
    bomb.json["mystery"] = nested(100000);
    std::string json = commandToJson(AddComponent{StableId{0x0123456789abcdefull}, ComponentValue(bomb)});
    Result<Command> c = commandFromJson(json);
    ASSERT_FALSE(c.ok());
    const std::string msg = c.error().toString();
    EXPECT_NE(msg.find("value.value.mystery"), std::string::npos) << msg;
    EXPECT_NE(msg.find("deeper than 60 levels"), std::string::npos) << msg;
}

TEST(JsonNesting, DeeplyNestedCommandTextIsRefusedBeforeParsing) {
    std::string json = R"({"op": "add", "entity": "0123456789abcdef", "value": {"type": "light", "value": {"color": )" + nested(100000) + "}}}";
    Result<Command> c = commandFromJson(json);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().file, "command");
    EXPECT_NE(c.error().jsonPath.find("value.value.color[0]"), std::string::npos) << c.error().toString();
}

TEST(JsonNesting, UnknownComponentNotValidJsonIsRefusedInACommand) {
    UnknownComponents broken;
    broken.json["mystery"] = "{\"a\": ";
    Result<Command> c = commandFromJson(commandToJson(AddComponent{StableId{0x0123456789abcdefull}, ComponentValue(broken)}));
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().toString().find("not valid JSON"), std::string::npos) << c.error().toString();
}

TEST(JsonNesting, SavingAWorldGivenTooDeepTextInCodeLeavesItOutInsteadOfCrashing) {
    World w;
    Entity e = w.create("Thing");
    w.add<UnknownComponents>(e).json = {{"mystery", nested(100000)}, {"fine", "{\"a\": [1, 2]}"}};
    std::string saved = saveVenueToString(w);
    EXPECT_EQ(saved.find("mystery"), std::string::npos);
    EXPECT_NE(saved.find("fine"), std::string::npos);
    EXPECT_TRUE(loadVenueFromString(saved, "saved.venue.json").ok());
}
