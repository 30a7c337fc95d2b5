#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "atrium/net/bit_stream.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/link_simulator.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/quantize.hpp"
#include "atrium/net/show_protocol.hpp"

using namespace atrium;
using namespace atrium::net;

TEST(BitStream, RoundTripsMixedFields) {
    BitWriter w;
    w.write(5, 3);
    w.writeBool(true);
    w.writeVarint(300);
    w.write(0xdeadbeef, 32);
    w.writeVarint(0);
    BitReader r(w.bytes());
    EXPECT_EQ(r.read(3), 5u);
    EXPECT_TRUE(r.readBool());
    EXPECT_EQ(r.readVarint(), 300u);
    EXPECT_EQ(r.read(32), 0xdeadbeefu);
    EXPECT_EQ(r.readVarint(), 0u);
    EXPECT_TRUE(r.ok());
}

// Thousands of fields of every width, with the bytes looked at, aligned and appended to at
// random points in between (the writer keeps up to 63 bits outside its buffer): every field
// reads back, the buffer always holds exactly byteCount() bytes, padding bits are zero.
TEST(BitStream, RandomWidthsRoundTripWhateverIsLookedAtInBetween) {
    std::mt19937 rng(11);
    struct Field {
        int kind;  // 0 bits, 1 align, 2 bytes
        std::uint32_t value;
        int bits;
        std::vector<std::uint8_t> bytes;
    };
    BitWriter w;
    std::vector<Field> fields;
    for (int i = 0; i < 5000; ++i) {
        int roll = int(rng() % 100);
        if (roll < 3) {
            w.align();
            fields.push_back({1, 0, 0, {}});
        } else if (roll < 5) {
            std::vector<std::uint8_t> b(rng() % 5);
            for (auto& x : b) x = std::uint8_t(rng());
            w.writeBytes(b);
            fields.push_back({2, 0, 0, b});
        } else {
            int bits = 1 + int(rng() % 32);
            std::uint32_t value = std::uint32_t(rng()) & (bits == 32 ? 0xffffffffu : (1u << bits) - 1u);
            w.write(value | (bits < 32 ? 0xf0000000u & ~((1u << bits) - 1u) : 0u), bits);  // stray high bits are ignored
            fields.push_back({0, value, bits, {}});
        }
        if (rng() % 7 == 0) {
            ASSERT_EQ(w.bytes().size(), w.byteCount());
            if (w.bitCount() % 8) {
                EXPECT_EQ(w.bytes().back() >> (w.bitCount() % 8), 0) << "padding bits must be zero";
            }
        }
    }
    std::vector<std::uint8_t> bytes = w.bytes();
    ASSERT_EQ(bytes.size(), w.byteCount());
    BitReader r(bytes);
    for (const Field& f : fields) {
        if (f.kind == 1) {
            r.align();
        } else if (f.kind == 2) {
            r.align();
            std::vector<std::uint8_t> got(f.bytes.size());
            ASSERT_TRUE(r.readBytes(got));
            ASSERT_EQ(got, f.bytes);
        } else {
            ASSERT_EQ(r.read(f.bits), f.value);
        }
    }
    EXPECT_TRUE(r.ok());
    EXPECT_LT(r.bitsLeft(), 8u);
    // A released writer is empty and usable again.
    std::vector<std::uint8_t> out = w.release();
    EXPECT_EQ(out, bytes);
    EXPECT_EQ(w.byteCount(), 0u);
    w.write(3, 2);
    EXPECT_EQ(w.bytes(), std::vector<std::uint8_t>{3});
}

TEST(BitStream, ReadingPastTheEndFailsInsteadOfOverrunning) {
    std::vector<std::uint8_t> two = {0xff, 0xff};
    BitReader r(two);
    EXPECT_EQ(r.read(12), 0xfffu);
    EXPECT_EQ(r.read(8), 0u);
    EXPECT_FALSE(r.ok());
    std::vector<std::uint8_t> endless(8, 0xff);  // a varint that never ends
    BitReader v(endless);
    v.readVarint();
    EXPECT_FALSE(v.ok());
}

TEST(Quantize, PositionsWithinHalfAMillimetreInsideBounds) {
    PositionQuantizer q(Aabb{vec3(-50, -5, -50), vec3(50, 20, 50)});
    EXPECT_EQ(q.bits(0), 17);  // 100 m in mm needs 17 bits
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> x(-50, 50), y(-5, 20);
    for (int i = 0; i < 1000; ++i) {
        vec3 p(x(rng), y(rng), x(rng));
        vec3 back = q.dequantize(q.quantize(p));
        EXPECT_LE(glm::length(back - p), 0.0005f * std::sqrt(3.0f) + 1e-4f);
    }
    // Outside the bounds clamps instead of wrapping.
    EXPECT_NEAR(q.dequantize(q.quantize(vec3(500, 0, 0))).x, 50.0f, 0.002f);
}

// Quantised positions and rotations read back exactly what was written, between other fields,
// in a hall, a venue 400 km across (over 64 bits a position) and a stream at any bit offset.
TEST(Quantize, PositionsAndRotationsReadBackExactly) {
    std::mt19937 rng(9);
    for (float half : {50.0f, 200000.0f}) {
        PositionQuantizer q(Aabb{vec3(-half), vec3(half)});
        std::uniform_real_distribution<float> x(-half, half);
        std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
        for (int offset = 0; offset < 8; ++offset) {
            BitWriter w;
            w.write(0x55u, offset);
            std::vector<std::pair<glm::uvec3, QuantizedRotation>> written;
            for (int i = 0; i < 50; ++i) {
                glm::uvec3 p = q.quantize(vec3(x(rng), x(rng), x(rng)));
                QuantizedRotation r = quantizeRotation(glm::normalize(quat(unit(rng), unit(rng), unit(rng), unit(rng) + 0.01f)));
                q.write(w, p);
                writeRotation(w, r);
                w.writeBool(i % 2 == 0);
                written.emplace_back(p, r);
            }
            BitReader r(w.bytes());
            r.read(offset);
            for (int i = 0; i < 50; ++i) {
                EXPECT_EQ(q.read(r), written[std::size_t(i)].first) << "half size " << half << ", offset " << offset << ", position " << i;
                EXPECT_EQ(readRotation(r), written[std::size_t(i)].second)
                    << "half size " << half << ", offset " << offset << ", rotation " << i;
                EXPECT_EQ(r.readBool(), i % 2 == 0);
            }
            EXPECT_TRUE(r.ok());
        }
    }
}

TEST(Quantize, SmallestThreeKeepsRotationsWithinAQuarterDegree) {
    std::mt19937 rng(5);
    std::normal_distribution<float> n(0, 1);
    float worst = 0;
    for (int i = 0; i < 2000; ++i) {
        quat q = glm::normalize(quat(n(rng), n(rng), n(rng), n(rng)));
        BitWriter w;
        writeRotation(w, quantizeRotation(q));
        EXPECT_EQ(w.bitCount(), 2u + 3u * kRotationComponentBits);
        BitReader r(w.bytes());
        quat back = dequantizeRotation(readRotation(r));
        float angle = 2.0f * std::acos(std::min(1.0f, std::abs(glm::dot(q, back))));
        worst = std::max(worst, glm::degrees(angle));
    }
    EXPECT_LT(worst, 0.25f);
}

TEST(JoinToken, ValidTokenCarriesItsClaims) {
    JoinClaims c{"hall-1", 42, "Ada Lovelace", Role::Presenter, 2000};
    std::string token = mintJoinToken(c, "secret");
    Result<JoinClaims> v = verifyJoinToken(token, "secret", "hall-1", 1000);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->userId, 42u);
    EXPECT_EQ(v->displayName, "Ada Lovelace");
    EXPECT_EQ(v->role, Role::Presenter);
}

TEST(JoinToken, ForgedExpiredAndWrongVenueAreRefusedWithAReason) {
    JoinClaims c{"hall-1", 42, "Ada", Role::Attendee, 2000};
    std::string token = mintJoinToken(c, "secret");
    Result<JoinClaims> wrongKey = verifyJoinToken(token, "other-secret", "hall-1", 1000);
    ASSERT_FALSE(wrongKey.ok());
    EXPECT_NE(wrongKey.error().message.find("forged"), std::string::npos);
    // Promote oneself to host by editing the payload: the signature no longer matches.
    JoinClaims host = c;
    host.role = Role::Host;
    std::string hostToken = mintJoinToken(host, "secret");
    std::string tampered = hostToken.substr(0, hostToken.find('.')) + token.substr(token.find('.'));
    EXPECT_NE(verifyJoinToken(tampered, "secret", "hall-1", 1000).error().message.find("forged"), std::string::npos);
    EXPECT_NE(verifyJoinToken(token, "secret", "hall-1", 3000).error().message.find("expired"), std::string::npos);
    EXPECT_NE(verifyJoinToken(token, "secret", "hall-2", 1000).error().message.find("another venue"), std::string::npos);
    EXPECT_NE(verifyJoinToken("garbage", "secret", "hall-1", 1000).error().message.find("malformed"), std::string::npos);
}

TEST(LinkSimulator, DropsAboutTheLossRateAndDelaysByTheLatency) {
    LinkSimulator link({.latencySeconds = 0.05, .lossRate = 0.2}, 9);
    for (int i = 0; i < 5000; ++i) link.send({std::uint8_t(i)}, 0.0);
    EXPECT_TRUE(link.receive(0.049).empty());
    auto got = link.receive(0.051);
    EXPECT_NEAR(double(got.size()) / 5000.0, 0.8, 0.03);
    EXPECT_EQ(link.dropped() + got.size(), 5000u);
}

TEST(LinkSimulator, ReliablePacketsArriveOnceAndInOrderDespiteJitter) {
    LinkSimulator link({.latencySeconds = 0.05, .jitterSeconds = 0.02, .lossRate = 0.5, .duplicateRate = 0.5}, 4);
    for (int i = 0; i < 200; ++i) link.send({std::uint8_t(i)}, i * 0.001, true);
    auto got = link.receive(10.0);
    ASSERT_EQ(got.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(got[std::size_t(i)][0], std::uint8_t(i));
}

TEST(LinkSimulator, JitterAndReorderingShuffleUnreliablePackets) {
    LinkSimulator link({.latencySeconds = 0.05, .jitterSeconds = 0.02, .duplicateRate = 0.1, .reorderRate = 0.1}, 2);
    for (int i = 0; i < 300; ++i) link.send({std::uint8_t(i)}, i * 0.002);
    auto got = link.receive(10.0);
    EXPECT_GT(got.size(), 300u);  // duplicates
    int inversions = 0;
    for (std::size_t i = 1; i < got.size(); ++i) inversions += got[i][0] < got[i - 1][0];
    EXPECT_GT(inversions, 10);
}

TEST(Batch, PacksManyMessagesIntoFewPacketsAndUnpacksThemExactly) {
    std::vector<std::vector<std::uint8_t>> messages;
    for (int i = 0; i < 300; ++i)
        messages.push_back(
            encodeSpawn({NetId(i), EntityKind::Avatar, std::uint32_t(i), StableId{std::uint64_t(i + 1)}, "bot-" + std::to_string(i)}));
    auto packets = packBatches(messages);
    EXPECT_LT(packets.size(), 20u);
    std::size_t seen = 0;
    for (const auto& p : packets) {
        ASSERT_LE(p.size(), kMaxPacketBytes);
        BitReader r(p);
        auto type = readHeader(r);
        if (type != MessageType::Batch) {  // a lone message travels unwrapped
            EXPECT_EQ(p, messages[seen++]);
            continue;
        }
        auto inner = readBatch(r);
        ASSERT_TRUE(inner);
        for (const auto& m : *inner) EXPECT_EQ(m, messages[seen++]);
    }
    EXPECT_EQ(seen, messages.size());
}

TEST(Batch, TruncatedBatchesAreRejected) {
    std::vector<std::vector<std::uint8_t>> messages(5, encodeDespawn(3));
    auto packet = packBatches(messages).at(0);
    for (std::size_t cut = 3; cut < packet.size(); ++cut) {
        BitReader r(std::span<const std::uint8_t>(packet.data(), cut));
        auto type = readHeader(r);
        if (type) {
            EXPECT_FALSE(readBatch(r)) << "cut at " << cut;
        }
    }
}

TEST(JoinAcceptMessage, CarriesTheAvatarModelAndReadsAnOlderServersPacketAsNoPhysics) {
    JoinAccept sent{3, 7, Aabb{vec3(-1), vec3(1)}, 30.0f, Role::Presenter, true};
    auto bytes = encodeJoinAccept(sent);
    BitReader r(bytes);
    ASSERT_EQ(readHeader(r), MessageType::JoinAccept);
    auto got = readJoinAccept(r);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->clientId, 3u);
    EXPECT_EQ(got->role, Role::Presenter);
    EXPECT_TRUE(got->characterPhysics);

    // A server from before the flag wrote the same fields and stopped after the role.
    BitWriter old;
    writeMessageHeader(old, MessageType::JoinAccept);
    old.write(3, 32);
    old.write(7, 16);
    for (float f : {-1.0f, -1.0f, -1.0f, 1.0f, 1.0f, 1.0f, 30.0f}) {
        std::uint32_t u;
        std::memcpy(&u, &f, 4);
        old.write(u, 32);
    }
    old.write(std::uint8_t(Role::Presenter), 2);
    BitReader o(old.bytes());
    ASSERT_EQ(readHeader(o), MessageType::JoinAccept);
    auto legacy = readJoinAccept(o);
    ASSERT_TRUE(legacy);
    EXPECT_EQ(legacy->role, Role::Presenter);
    EXPECT_FALSE(legacy->characterPhysics);
}

// What a client predicts with is what the server reads: asReceived is the packet's rounding.
TEST(InputPacket, AsReceivedIsExactlyWhatTheServerDecodes) {
    std::vector<AvatarInput> newestFirst;
    for (int i = 0; i < 8; ++i) {
        float a = 0.37f * float(i);
        newestFirst.push_back(
            AvatarInput{std::uint16_t(100 - i), vec2(std::cos(a), std::sin(a)) * (0.004f + 0.14f * float(i)), a * 3.0f, i % 2 == 0, i == 3});
    }
    auto bytes = encodeInputs(7, true, newestFirst);
    BitReader r(bytes);
    ASSERT_TRUE(readHeader(r));
    auto packet = readInputs(r);
    ASSERT_TRUE(packet);
    ASSERT_EQ(packet->newestFirst.size(), newestFirst.size());
    for (std::size_t i = 0; i < newestFirst.size(); ++i) {
        AvatarInput expected = asReceived(newestFirst[i]);
        const AvatarInput& got = packet->newestFirst[i];
        EXPECT_EQ(got.sequence, expected.sequence);
        EXPECT_EQ(got.move, expected.move) << i;
        EXPECT_EQ(got.yaw, expected.yaw) << i;
        EXPECT_EQ(got.run, expected.run);
        EXPECT_EQ(got.jump, expected.jump);
    }
    EXPECT_EQ(asReceived(AvatarInput{}).move, vec2(0.0f)) << "standing still must stay exactly still";
    EXPECT_EQ(asReceived(newestFirst[0]).move, vec2(0.0f)) << "a 4 mm/m nudge is inside the dead zone";
}

TEST(ShowProtocol, ChangesEffectsUsesAndCuesRoundTripAndBadOnesAreRefused) {
    ShowChangeMsg change{1234,
                         {.kind = ShowAction::Kind::SetLight,
                          .target = StableId{0x1122334455667788ull},
                          .value = vec3(1, 0.5f, 0),
                          .amount = 40.0f,
                          .seconds = 2.0f,
                          .easing = Easing::EaseOut,
                          .text = "x"}};
    auto bytes = encodeShowChange(change);
    BitReader r(bytes);
    ASSERT_EQ(readHeader(r), MessageType::ShowChange);
    auto back = readShowChange(r);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->serverTick, 1234u);
    EXPECT_EQ(back->action, change.action);
    // A kind past the last is refused, not applied as something else.
    bytes[3 + 4] = 0xff;  // after the header (3 bytes) and the tick (4)
    BitReader bad(bytes);
    readHeader(bad);
    EXPECT_FALSE(readShowChange(bad));

    auto effect = encodeShowEffect({7, ShowEffect::Kind::OpenUrl, StableId{9}, 0.0f, "https://example.org"});
    BitReader e(effect);
    ASSERT_EQ(readHeader(e), MessageType::ShowEffect);
    auto eb = readShowEffect(e);
    ASSERT_TRUE(eb);
    EXPECT_EQ(eb->text, "https://example.org");
    EXPECT_EQ(eb->kind, ShowEffect::Kind::OpenUrl);

    auto use = encodeUse(StableId{42});
    BitReader u(use);
    ASSERT_EQ(readHeader(u), MessageType::Use);
    EXPECT_EQ(readUse(u), StableId{42});
    auto cue = encodeCue("start show");
    BitReader c(cue);
    ASSERT_EQ(readHeader(c), MessageType::Cue);
    EXPECT_EQ(readCue(c), std::string("start show"));
    auto empty = encodeCue(std::string(kMaxCueBytes + 1, 'x'));  // too long goes as none, which is refused
    BitReader ce(empty);
    readHeader(ce);
    EXPECT_FALSE(readCue(ce));
}
