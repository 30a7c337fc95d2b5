// Editor commands on the wire: JSON split into CommandChunk messages that each fit a packet, and
// a reassembler that drops broken streams whole.
#include <gtest/gtest.h>

#include "atrium/net/command_chunks.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/scene/command_json.hpp"

using namespace atrium;
using namespace atrium::net;

namespace {

CommandAssembler::Outcome feedPacket(CommandAssembler& a, const std::vector<std::uint8_t>& packet) {
    BitReader r(packet);
    auto type = readHeader(r);
    EXPECT_EQ(type, MessageType::CommandChunk);
    return a.feed(r);
}

Command bigCommand() {
    CommandGroup group{"Create many", {}};
    for (int i = 0; i < 40; ++i) group.commands.push_back(makeCreate("A fairly long entity name number " + std::to_string(i)));
    return group;
}

std::vector<std::uint8_t> chunk(bool first, std::uint32_t total, const std::string& bytes) {
    BitWriter w;
    w.write(kProtocolMagic, 16);
    w.write(std::uint32_t(MessageType::CommandChunk), 8);
    w.write(first ? 1u : 0u, 1);
    if (first) w.writeVarint(total);
    w.writeVarint(std::uint32_t(bytes.size()));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    return w.bytes();
}

}  // namespace

TEST(CommandChunks, ACommandBiggerThanAPacketRoundTripsInPacketSizedChunks) {
    std::string json = commandToJson(bigCommand());
    ASSERT_GT(json.size(), 3 * kMaxPacketBytes);
    auto chunks = encodeCommandChunks(json);
    ASSERT_GE(chunks.size(), 4u);
    for (const auto& c : chunks) EXPECT_LE(c.size(), kMaxPacketBytes);
    // Batched with other reliable messages, as the server sends them, packets stay in bounds too.
    for (const auto& p : packBatches(chunks)) EXPECT_LE(p.size(), kMaxPacketBytes);

    CommandAssembler a;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        auto outcome = feedPacket(a, chunks[i]);
        EXPECT_EQ(outcome, i + 1 < chunks.size() ? CommandAssembler::Outcome::Partial : CommandAssembler::Outcome::Complete);
    }
    std::string received = a.take();
    EXPECT_EQ(received, json);
    Result<Command> back = commandFromJson(received);
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(commandToJson(*back), json);
    EXPECT_EQ(std::get<CommandGroup>(*back).commands.size(), 40u);
}

TEST(CommandChunks, BrokenStreamsAreMalformedAndTheNextCommandStillAssembles) {
    using O = CommandAssembler::Outcome;
    CommandAssembler a;
    EXPECT_EQ(feedPacket(a, chunk(false, 0, "abc")), O::Malformed);                                 // no start
    EXPECT_EQ(feedPacket(a, chunk(true, std::uint32_t(kMaxCommandBytes + 1), "x")), O::Malformed);  // too big
    EXPECT_EQ(feedPacket(a, chunk(true, 2, "abc")), O::Malformed);                                  // over the total
    EXPECT_EQ(feedPacket(a, chunk(true, 10, "abc")), O::Partial);
    EXPECT_EQ(feedPacket(a, chunk(true, 10, "abc")), O::Malformed);  // a new start mid-command
    EXPECT_FALSE(a.inProgress());
    std::vector<std::uint8_t> truncated = chunk(true, 10, "abc");
    truncated.resize(truncated.size() - 2);
    EXPECT_EQ(feedPacket(a, truncated), O::Malformed);
    EXPECT_TRUE(encodeCommandChunks(std::string(kMaxCommandBytes + 1, 'x')).empty());

    std::string json = commandToJson(makeCreate("after the noise"));
    for (const auto& c : encodeCommandChunks(json)) (void)feedPacket(a, c);
    EXPECT_EQ(a.take(), json);
}
