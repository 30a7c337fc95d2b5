#include <gtest/gtest.h>

#include "atrium/core/error.hpp"
#include "atrium/core/id.hpp"
#include "atrium/core/log.hpp"
#include "atrium/core/math.hpp"
#include "atrium/core/time.hpp"

#include <glm/gtc/matrix_transform.hpp>
#include <string>
#include <vector>

using namespace atrium;

TEST(Error, FormatsFilePathAndMessage) {
    Error e{"expected a number, got \"bright\"", "hall.venue.json", "entities[12].components.light.intensity"};
    EXPECT_EQ(e.toString(), "hall.venue.json: entities[12].components.light.intensity: expected a number, got \"bright\"");
    Error withLine{"unexpected end of input", "a.json", "", 7};
    EXPECT_EQ(withLine.toString(), "a.json:7: unexpected end of input");
}

TEST(Result, HoldsValueOrError) {
    Result<int> good = 5;
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 5);
    Result<int> bad = Error{"nope"};
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "nope");
}

TEST(StableId, HexRoundTripAndRejectsGarbage) {
    StableId id = generateStableId();
    StableId back;
    ASSERT_TRUE(parseStableId(toHex(id), back));
    EXPECT_EQ(id, back);
    EXPECT_FALSE(parseStableId("xyz", back));
    EXPECT_FALSE(parseStableId("0000000000000000", back));  // 0 is the invalid id
    EXPECT_FALSE(parseStableId("ABCDEF0123456789", back));  // uppercase is not canonical
}

TEST(StableId, DerivedIdsAreDeterministicAndDistinct) {
    StableId parent{42};
    EXPECT_EQ(deriveStableId(parent, "seat", 1, 2), deriveStableId(parent, "seat", 1, 2));
    EXPECT_NE(deriveStableId(parent, "seat", 1, 2), deriveStableId(parent, "seat", 2, 1));
    EXPECT_NE(deriveStableId(parent, "seat", 1, 2), deriveStableId(StableId{43}, "seat", 1, 2));
}

TEST(Log, SinkReceivesMessagesAtOrAboveLevel) {
    std::vector<std::string> got;
    LogSink old = setLogSink([&](LogLevel l, std::string_view ch, std::string_view msg) {
        got.push_back(std::string(toString(l)) + ":" + std::string(ch) + ":" + std::string(msg));
    });
    LogLevel oldLevel = logLevel();
    setLogLevel(LogLevel::Warn);
    logInfo("test", "hidden");
    logWarn("test", "shown");
    setLogLevel(oldLevel);
    setLogSink(old);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], "warn:test:shown");
}

TEST(FixedStepAccumulator, ProducesWholeStepsAndKeepsRemainder) {
    FixedStepAccumulator acc(0.01);
    EXPECT_EQ(acc.advance(0.025), 2);
    EXPECT_NEAR(acc.alpha(), 0.5, 1e-9);
    EXPECT_EQ(acc.advance(0.005), 1);
    EXPECT_NEAR(acc.alpha(), 0.0, 1e-9);
    EXPECT_EQ(acc.totalSteps(), 3u);
}

TEST(FixedStepAccumulator, ClampsStallsInsteadOfSpiralling) {
    FixedStepAccumulator acc(0.01, 4);
    EXPECT_EQ(acc.advance(1.0), 4);
    EXPECT_LT(acc.alpha(), 1.0);
}

TEST(Aabb, TransformedBoxContainsRotatedCorners) {
    Aabb box{vec3(-1, -1, -1), vec3(1, 1, 1)};
    mat4 m = glm::translate(mat4(1.0f), vec3(10, 0, 0)) * glm::rotate(mat4(1.0f), glm::radians(45.0f), vec3(0, 1, 0));
    Aabb t = box.transformed(m);
    EXPECT_NEAR(t.max.x, 10.0f + std::sqrt(2.0f), 1e-5);
    EXPECT_NEAR(t.min.z, -std::sqrt(2.0f), 1e-5);
    EXPECT_NEAR(t.max.y, 1.0f, 1e-5);
}
