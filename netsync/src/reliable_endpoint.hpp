#pragma once
// The transport's delivery layer (reliable.io and yojimbo's model), inside sealed datagrams:
// every packet carries its own 16-bit sequence and acknowledges the peer's newest one and the
// 32 before it, so acks ride on the traffic both ways and survive heavy loss by redundancy.
// Reliable messages are split into units of at most kFragmentBytes, numbered, resent until a
// packet carrying them is acknowledged (after the retransmission timeout measured from those
// acks: smoothed RTT plus four deviations, clamped), and delivered once each, in order, put
// back together; a message longer than maxMessageBytes is an error the caller acts on (the
// transport cuts that sender). Unreliable messages go once, in whichever packet has room.
// Loss is measured here, from the acks: a packet unacknowledged long after its ack was due.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <vector>

namespace atrium::net {

struct ReliableConfig {
    std::size_t maxPacketBytes = 1200;                   // one datagram's payload, before sealing
    std::size_t maxMessageBytes = std::size_t(1) << 20;  // a reliable message put back together
    std::size_t maxQueuedBytes = std::size_t(64) << 20;  // reliable bytes waiting for acks
    double minRetransmitSeconds = 0.05;
    double maxRetransmitSeconds = 1.5;  // even at a 2 s round trip a lost unit waits at most this
    double initialRetransmitSeconds = 0.25;
    std::size_t maxPacketsPerWrite = 16;  // a burst of resends is spread over later writes
    // Acks ride on traffic; a packet of acks alone leaves only when nothing else has for this
    // long (a server sending snapshots 30 times a second never needs one).
    double ackDelaySeconds = 0.05;
};

class ReliableEndpoint {
public:
    static constexpr std::size_t kHeaderBytes = 8;  // sequence, ack, 32 ack bits
    static constexpr std::size_t kFragmentBytes = 1024;
    static constexpr std::size_t kWindow = 1024;  // reliable units in flight
    static constexpr std::size_t kUnreliableRecordBytes = 3;
    static constexpr std::size_t kReliableRecordBytes = 5;

    explicit ReliableEndpoint(ReliableConfig config = {}) : config_(config) {}

    void sendReliable(std::span<const std::uint8_t> message);
    // False if it can never fit one packet (callers keep snapshots and inputs under the limit).
    bool sendUnreliable(std::span<const std::uint8_t> message);
    // The packets to send now (resends due, then new units, then unreliable messages; an empty
    // one only when something received has waited ackDelaySeconds for a packet to ride on).
    std::vector<std::vector<std::uint8_t>> write(double now);

    // A packet of acks alone, now: the connection's keep-alive when nothing else is leaving.
    std::vector<std::uint8_t> keepAlive(double now);

    using Deliver = std::function<void(std::span<const std::uint8_t> message, bool reliable)>;
    // One packet from the peer. False when it is malformed or reassembles past the cap: the
    // peer is broken or hostile, and the connection should end.
    bool read(std::span<const std::uint8_t> packet, double now, const Deliver& deliver);

    // True once the reliable queue outgrew maxQueuedBytes (a peer that never acknowledges).
    bool overflowed() const { return queuedBytes_ > config_.maxQueuedBytes; }
    double rttSeconds() const { return srtt_; }  // 0 before the first ack
    double retransmitSeconds() const;
    double lossFraction() const { return loss_; }
    std::size_t reliablePending() const { return sendQueue_.size(); }
    std::uint64_t packetsSent() const { return packetsSent_; }
    std::uint64_t packetsAcked() const { return packetsAcked_; }
    std::uint64_t packetsLost() const { return packetsLost_; }
    std::uint64_t resends() const { return resends_; }
    std::uint64_t duplicatesDropped() const { return duplicates_; }

private:
    struct Unit {
        std::vector<std::uint8_t> bytes;
        bool more = false;  // more fragments of the same message follow
        bool acked = false;
        double lastSent = -1.0;
    };
    struct SentPacket {
        std::uint16_t sequence = 0;
        bool used = false, acked = false, resolved = false;  // resolved: counted as delivered or lost
        double sentAt = 0.0;
        std::vector<std::uint16_t> units;
    };
    struct Received {
        bool present = false;
        bool more = false;
        std::vector<std::uint8_t> bytes;
    };

    static std::array<std::uint32_t, kWindow> unseen() {
        std::array<std::uint32_t, kWindow> a{};
        a.fill(0x10000);  // no 16-bit sequence
        return a;
    }
    bool notePacket(std::uint16_t sequence);
    void acknowledge(std::uint16_t ack, std::uint32_t bits, double now);
    void ackPacket(SentPacket& p, double now);
    void ageSent(double now);
    void recordLoss(bool lost);
    bool takeUnit(std::uint16_t id, bool more, std::span<const std::uint8_t> bytes, const Deliver& deliver);
    std::vector<std::uint8_t> startPacket();
    void finishPacket(std::vector<std::uint8_t>& packet, std::vector<std::uint16_t>& units, double now,
                      std::vector<std::vector<std::uint8_t>>& out);

    ReliableConfig config_;
    // Sending.
    std::uint16_t nextSequence_ = 0;
    std::array<SentPacket, kWindow> sent_{};
    std::deque<std::uint16_t> unresolved_;  // sent, neither acked nor counted lost, oldest first
    std::deque<Unit> sendQueue_;            // from the oldest unacknowledged unit
    std::uint16_t sendBase_ = 0;            // that unit's id
    std::size_t queuedBytes_ = 0;
    std::deque<std::vector<std::uint8_t>> unreliable_;
    // Receiving.
    bool receivedAny_ = false;
    // Before anything arrives, the ack field names a sequence no sent packet has yet.
    std::uint16_t newestReceived_ = 0xFFFF;
    std::uint32_t receivedBits_ = 0;  // bit i: newestReceived_ - 1 - i arrived
    bool ackPending_ = false;
    double lastWrite_ = -1e9;                                    // when the last packet left
    std::array<std::uint32_t, kWindow> seenPackets_ = unseen();  // packet sequences, for duplicates
    std::array<Received, kWindow> received_{};
    std::uint16_t receiveBase_ = 0;  // the next unit to deliver
    std::vector<std::uint8_t> assembly_;
    // Figures.
    double srtt_ = 0.0, rttVar_ = 0.0;
    double loss_ = 0.0;
    std::uint64_t packetsSent_ = 0, packetsAcked_ = 0, packetsLost_ = 0, resends_ = 0, duplicates_ = 0;
};

}  // namespace atrium::net
