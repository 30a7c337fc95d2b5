// The people messages' wire format: round trips, and out-of-range values refused.
#include <gtest/gtest.h>

#include "atrium/net/people.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/scene/venue_path.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {
// The body after the header, as a handler reads it.
BitReader bodyOf(const std::vector<std::uint8_t>& bytes, MessageType expected) {
    BitReader r(bytes);
    EXPECT_EQ(readHeader(r), expected);
    return r;
}
}  // namespace

TEST(PeopleProtocol, MessagesRoundTrip) {
    auto emote = encodeEmote(7);
    BitReader r1 = bodyOf(emote, MessageType::Emote);
    EXPECT_EQ(readEmote(r1), 7);

    EmoteEvent e{12, 300, 9, 123456};
    auto ev = encodeEmoteEvent(e);
    BitReader r2 = bodyOf(ev, MessageType::EmoteEvent);
    auto e2 = readEmoteEvent(r2);
    ASSERT_TRUE(e2);
    EXPECT_EQ(e2->clientId, 12u);
    EXPECT_EQ(e2->avatar, 300);
    EXPECT_EQ(e2->emote, 9);
    EXPECT_EQ(e2->serverTick, 123456u);

    AvatarLookMsg look{4, {250, 200, 180}, {10, 20, 30}, {0, 0, 255}, {1, 1, 1}};
    auto ls = encodeLookState(5, look);
    BitReader r3 = bodyOf(ls, MessageType::LookState);
    auto l2 = readLookState(r3);
    ASSERT_TRUE(l2);
    EXPECT_EQ(l2->first, 5u);
    EXPECT_EQ(l2->second, look);

    auto p = encodeParticipant({8, "Grace", Role::Host, 77});
    BitReader r4 = bodyOf(p, MessageType::ParticipantState);
    auto p2 = readParticipant(r4);
    ASSERT_TRUE(p2);
    EXPECT_EQ(p2->clientId, 8u);
    EXPECT_EQ(p2->displayName, "Grace");
    EXPECT_EQ(p2->role, Role::Host);
    EXPECT_EQ(p2->avatar, 77);
}

TEST(PeopleProtocol, OutOfRangeAndTruncatedAreRefused) {
    auto emote = encodeEmote(kMaxEmote + 1);
    BitReader r1 = bodyOf(emote, MessageType::Emote);
    EXPECT_FALSE(readEmote(r1));

    auto look = encodeLook({kBodyPresets, {}, {}, {}, {}});
    BitReader r2 = bodyOf(look, MessageType::Look);
    EXPECT_FALSE(readLook(r2));

    auto full = encodeLook({1, {}, {}, {}, {}});
    full.resize(full.size() - 2);
    BitReader r3 = bodyOf(full, MessageType::Look);
    EXPECT_FALSE(readLook(r3));

    auto p = encodeParticipant({8, "Grace", Role::Host, 77});
    p.resize(p.size() - 3);
    BitReader r4 = bodyOf(p, MessageType::ParticipantState);
    EXPECT_FALSE(readParticipant(r4));
}

TEST(PeopleProtocol, ALooksAvatarPathTravelsAndAnUnsafeOneIsRefused) {
    AvatarLookMsg look{1, {1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}, "avatars/robot.glb"};
    auto bytes = encodeLook(look);
    BitReader r = bodyOf(bytes, MessageType::Look);
    EXPECT_EQ(readLook(r), look);
    auto state = encodeLookState(3, look);
    BitReader rs = bodyOf(state, MessageType::LookState);
    auto decoded = readLookState(rs);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->second.model, "avatars/robot.glb");

    for (const char* bad : {"../outside.glb", "/etc/passwd", "avatars//x.glb", "avatars\\x.glb", "C:/x.glb"}) {
        look.model = bad;
        auto b = encodeLook(look);
        BitReader rb = bodyOf(b, MessageType::Look);
        EXPECT_FALSE(readLook(rb)) << bad;
    }
    // Longer than the cap: sent as no model (a cut path would name another file) ...
    look.model = "avatars/" + std::string(300, 'a') + ".glb";
    auto longer = encodeLook(look);
    BitReader rl = bodyOf(longer, MessageType::Look);
    auto l = readLook(rl);
    ASSERT_TRUE(l);
    EXPECT_EQ(l->model, "");
    // ... and one that claims more than the cap is refused, not read.
    BitWriter w = beginMessage(MessageType::Look);
    w.write(0, 8);
    for (int i = 0; i < 12; ++i) w.write(0, 8);
    w.writeVarint(std::uint32_t(kMaxVenuePathLength + 1));
    for (std::size_t i = 0; i <= kMaxVenuePathLength; ++i) w.write('a', 8);
    auto forged = w.bytes();
    BitReader rf = bodyOf(forged, MessageType::Look);
    EXPECT_FALSE(readLook(rf));
}
