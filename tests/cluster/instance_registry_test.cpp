// Choosing an instance for a joining attendee: room, groups, friends, the stage, drain, health.
#include "atrium/cluster/instance_registry.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace atrium;
using namespace atrium::cluster;

namespace {

InstanceReport inst(const std::string& id, std::uint32_t capacity, std::uint32_t load = 0, bool stage = false) {
    return {id, "127.0.0.1", std::uint16_t(7000 + id.back()), capacity, load, true, stage};
}

JoinRequest attendee(std::uint64_t user, std::string group = {}) { return {user, net::Role::Attendee, std::move(group), {}, {}}; }

}  // namespace

TEST(InstanceRegistry, SpreadsAttendeesInProportionToCapacity) {
    InstanceRegistry r;
    ASSERT_TRUE(r.report(inst("a", 100), 0.0));
    ASSERT_TRUE(r.report(inst("b", 300), 0.0));
    std::map<std::string, int> count;
    for (std::uint64_t u = 1; u <= 200; ++u) {
        Result<std::string> p = r.place(attendee(u), 0.1);
        ASSERT_TRUE(p) << p.error().message;
        ++count[*p];
    }
    EXPECT_EQ(count["a"], 50);
    EXPECT_EQ(count["b"], 150);
}

TEST(InstanceRegistry, RefusesWhenEveryInstanceIsFullAndSaysHowManyAreUp) {
    InstanceRegistry r;
    ASSERT_TRUE(r.report(inst("a", 2, 2), 0.0));
    Result<std::string> p = r.place(attendee(1), 0.1);
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().message.find("no instance has room (1 of 1 up"), std::string::npos) << p.error().message;
}

TEST(InstanceRegistry, KeepsAGroupTogether) {
    InstanceRegistry r;
    ASSERT_TRUE(r.report(inst("a", 100), 0.0));
    ASSERT_TRUE(r.report(inst("b", 100), 0.0));
    const std::string first = *r.place(attendee(1, "friends"), 0.1);
    for (std::uint64_t u = 2; u <= 6; ++u) {
        ASSERT_TRUE(r.place(attendee(100 + u), 0.1));  // strangers between them spread over both
        EXPECT_EQ(*r.place(attendee(u, "friends"), 0.1), first);
    }
}

TEST(InstanceRegistry, SendsAFriendToTheFriendsInstance) {
    InstanceRegistry r;
    ASSERT_TRUE(r.report(inst("a", 100), 0.0));
    ASSERT_TRUE(r.report(inst("b", 100), 0.0));
    const std::string where = *r.place(attendee(7), 0.1);
    JoinRequest joinSeven = attendee(8);
    joinSeven.friendUserId = "7";
    for (int i = 0; i < 3; ++i) EXPECT_EQ(*r.place(joinSeven, 0.1), where);
}

TEST(InstanceRegistry, PresentersGoToTheStageAndAttendeesFillItLast) {
    InstanceRegistry r;
    ASSERT_TRUE(r.report(inst("stage", 100, 0, true), 0.0));
    ASSERT_TRUE(r.report(inst("b", 100, 40), 0.0));
    EXPECT_EQ(*r.place({1, net::Role::Presenter, {}, {}, {}}, 0.1), "stage");
    EXPECT_EQ(*r.place(attendee(2), 0.1), "b");
}

TEST(InstanceRegistry, NeverChoosesADrainingStaleUnhealthyOrAvoidedInstance) {
    InstanceRegistry r(3.0);
    ASSERT_TRUE(r.report(inst("drained", 100), 0.0));
    ASSERT_TRUE(r.report(inst("stale", 100), 0.0));
    InstanceReport sick = inst("sick", 100);
    sick.healthy = false;
    ASSERT_TRUE(r.report(sick, 5.0));
    ASSERT_TRUE(r.report(inst("good", 100, 90), 5.0));
    ASSERT_TRUE(r.report(inst("avoided", 100), 5.0));
    ASSERT_TRUE(r.report(inst("drained", 100), 5.0));
    ASSERT_TRUE(r.drain("drained"));
    JoinRequest req = attendee(1);
    req.avoid = "avoided";
    EXPECT_EQ(*r.place(req, 5.1), "good");
    EXPECT_FALSE(r.drain("nope"));
}

TEST(InstanceRegistry, ReportsNameTheFieldThatIsWrong) {
    InstanceRegistry r;
    InstanceReport bad = inst("a", 10);
    bad.port = 0;
    Status s = r.report(bad, 0.0);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "instance report a: \"port\" must be from 1 to 65535");
}

TEST(InstanceRegistry, AHeartbeatCountsTheAdmittedOnceNotTwice) {
    InstanceRegistry r;
    InstanceReport a = inst("a", 10);
    ASSERT_TRUE(r.report(a, 0.0));
    for (std::uint64_t u = 1; u <= 6; ++u) ASSERT_TRUE(r.place(attendee(u), 0.1));
    // Four of the six have joined within the same second: the load says 4, the rest are pending.
    a.load = 4;
    a.admitted = 4;
    ASSERT_TRUE(r.report(a, 0.2));
    EXPECT_EQ(r.instance("a")->effectiveLoad(), 6u);
    for (std::uint64_t u = 7; u <= 10; ++u) EXPECT_TRUE(r.place(attendee(u), 0.3)) << "room for " << u;
    EXPECT_FALSE(r.place(attendee(11), 0.3)) << "ten sent to ten places";
}
