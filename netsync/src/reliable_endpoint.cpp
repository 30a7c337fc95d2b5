#include "reliable_endpoint.hpp"

#include <algorithm>

namespace atrium::net {
namespace {

enum Record : std::uint8_t { kUnreliable = 0, kReliableLast = 1, kReliableMore = 2 };

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(std::uint8_t(v));
    out.push_back(std::uint8_t(v >> 8));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put16(out, std::uint16_t(v));
    put16(out, std::uint16_t(v >> 16));
}
std::uint16_t get16(std::span<const std::uint8_t> in, std::size_t at) { return std::uint16_t(in[at] | (in[at + 1] << 8)); }
std::uint32_t get32(std::span<const std::uint8_t> in, std::size_t at) { return get16(in, at) | (std::uint32_t(get16(in, at + 2)) << 16); }

// Sequence a is newer than b, across the 16-bit wrap.
bool newer(std::uint16_t a, std::uint16_t b) { return std::int16_t(std::uint16_t(a - b)) > 0; }

}  // namespace

double ReliableEndpoint::retransmitSeconds() const {
    if (srtt_ <= 0.0) return config_.initialRetransmitSeconds;
    return std::clamp(srtt_ + 4.0 * rttVar_, config_.minRetransmitSeconds, config_.maxRetransmitSeconds);
}

void ReliableEndpoint::sendReliable(std::span<const std::uint8_t> message) {
    std::size_t at = 0;
    do {
        const std::size_t n = std::min(kFragmentBytes, message.size() - at);
        Unit u;
        u.bytes.assign(message.begin() + std::ptrdiff_t(at), message.begin() + std::ptrdiff_t(at + n));
        at += n;
        u.more = at < message.size();
        queuedBytes_ += n;
        sendQueue_.push_back(std::move(u));
    } while (at < message.size());
}

bool ReliableEndpoint::sendUnreliable(std::span<const std::uint8_t> message) {
    if (message.size() + kHeaderBytes + kUnreliableRecordBytes > config_.maxPacketBytes) return false;
    unreliable_.emplace_back(message.begin(), message.end());
    return true;
}

std::vector<std::uint8_t> ReliableEndpoint::startPacket() {
    std::vector<std::uint8_t> p;
    p.reserve(config_.maxPacketBytes);
    put16(p, nextSequence_);
    put16(p, newestReceived_);
    put32(p, receivedBits_);
    return p;
}

void ReliableEndpoint::finishPacket(std::vector<std::uint8_t>& packet, std::vector<std::uint16_t>& units, double now,
                                    std::vector<std::vector<std::uint8_t>>& out) {
    SentPacket& slot = sent_[nextSequence_ % kWindow];
    if (slot.used && !slot.acked && !slot.resolved) recordLoss(true);  // wrapped before an ack could come: lost
    slot = SentPacket{nextSequence_, true, false, false, now, std::move(units)};
    unresolved_.push_back(nextSequence_);
    ++nextSequence_;
    ++packetsSent_;
    ackPending_ = false;
    lastWrite_ = now;
    out.push_back(std::move(packet));
    units.clear();
}

std::vector<std::vector<std::uint8_t>> ReliableEndpoint::write(double now) {
    ageSent(now);
    std::vector<std::vector<std::uint8_t>> out;
    // Most calls (a server's every tick, per client) have nothing to send: no allocation then.
    const bool ackDue = ackPending_ && now - lastWrite_ >= config_.ackDelaySeconds;
    if (sendQueue_.empty() && unreliable_.empty() && !ackDue) return out;
    std::vector<std::uint8_t> packet = startPacket();
    std::vector<std::uint16_t> units;
    const double rto = retransmitSeconds();
    const std::size_t inWindow = std::min(sendQueue_.size(), kWindow);
    for (std::size_t i = 0; i < inWindow && out.size() < config_.maxPacketsPerWrite; ++i) {
        Unit& u = sendQueue_[i];
        if (u.acked || (u.lastSent >= 0.0 && now - u.lastSent < rto)) continue;
        if (packet.size() + kReliableRecordBytes + u.bytes.size() > config_.maxPacketBytes) {
            finishPacket(packet, units, now, out);
            packet = startPacket();
            if (out.size() >= config_.maxPacketsPerWrite) break;
        }
        if (u.lastSent >= 0.0) ++resends_;
        u.lastSent = now;
        const auto id = std::uint16_t(sendBase_ + i);
        packet.push_back(u.more ? kReliableMore : kReliableLast);
        put16(packet, id);
        put16(packet, std::uint16_t(u.bytes.size()));
        packet.insert(packet.end(), u.bytes.begin(), u.bytes.end());
        units.push_back(id);
    }
    while (!unreliable_.empty()) {
        const std::vector<std::uint8_t>& m = unreliable_.front();
        if (packet.size() + kUnreliableRecordBytes + m.size() > config_.maxPacketBytes) {
            finishPacket(packet, units, now, out);
            packet = startPacket();
        }
        packet.push_back(kUnreliable);
        put16(packet, std::uint16_t(m.size()));
        packet.insert(packet.end(), m.begin(), m.end());
        unreliable_.pop_front();
    }
    if (packet.size() > kHeaderBytes || (ackPending_ && now - lastWrite_ >= config_.ackDelaySeconds)) finishPacket(packet, units, now, out);
    return out;
}

std::vector<std::uint8_t> ReliableEndpoint::keepAlive(double now) {
    std::vector<std::vector<std::uint8_t>> out;
    std::vector<std::uint8_t> packet = startPacket();
    std::vector<std::uint16_t> none;
    finishPacket(packet, none, now, out);
    return std::move(out.front());
}

// True the first time this packet sequence is seen (its unreliable messages are then new).
bool ReliableEndpoint::notePacket(std::uint16_t sequence) {
    std::uint32_t& seen = seenPackets_[sequence % kWindow];
    if (seen == sequence) return false;
    if (receivedAny_ && newer(newestReceived_, sequence) && std::uint16_t(newestReceived_ - sequence) >= kWindow) return false;
    seen = sequence;
    if (!receivedAny_) {
        receivedAny_ = true;
        newestReceived_ = sequence;
        receivedBits_ = 0;
    } else if (newer(sequence, newestReceived_)) {
        const int d = std::uint16_t(sequence - newestReceived_);
        receivedBits_ = d > 32 ? 0 : ((d == 32 ? 0 : receivedBits_ << d) | (1u << (d - 1)));
        newestReceived_ = sequence;
    } else {
        const int back = std::uint16_t(newestReceived_ - sequence);
        if (back <= 32) receivedBits_ |= 1u << (back - 1);
    }
    return true;
}

bool ReliableEndpoint::read(std::span<const std::uint8_t> packet, double now, const Deliver& deliver) {
    if (packet.size() < kHeaderBytes) return false;
    const std::uint16_t sequence = get16(packet, 0);
    acknowledge(get16(packet, 2), get32(packet, 4), now);
    const bool fresh = notePacket(sequence);
    if (!fresh) ++duplicates_;
    ackPending_ = true;
    std::size_t at = kHeaderBytes;
    while (at < packet.size()) {
        const std::uint8_t kind = packet[at];
        const bool reliable = kind == kReliableLast || kind == kReliableMore;
        if (kind > kReliableMore || at + 1 + (reliable ? 4u : 2u) > packet.size()) return false;
        std::uint16_t id = 0;
        if (reliable) id = get16(packet, at + 1);
        const std::size_t len = get16(packet, at + (reliable ? 3 : 1));
        at += reliable ? kReliableRecordBytes : kUnreliableRecordBytes;
        if (at + len > packet.size() || (reliable && len > kFragmentBytes)) return false;
        const std::span<const std::uint8_t> bytes = packet.subspan(at, len);
        at += len;
        if (!reliable) {
            if (fresh) deliver(bytes, false);
        } else if (!takeUnit(id, kind == kReliableMore, bytes, deliver)) {
            return false;
        }
    }
    return true;
}

bool ReliableEndpoint::takeUnit(std::uint16_t id, bool more, std::span<const std::uint8_t> bytes, const Deliver& deliver) {
    const std::uint16_t ahead = std::uint16_t(id - receiveBase_);
    if (ahead >= kWindow) {  // delivered already (a resend whose ack was lost), or out of any window
        ++duplicates_;
        return true;
    }
    Received& slot = received_[id % kWindow];
    if (slot.present) {
        ++duplicates_;
        return true;
    }
    slot.present = true;
    slot.more = more;
    slot.bytes.assign(bytes.begin(), bytes.end());
    for (;;) {
        Received& next = received_[receiveBase_ % kWindow];
        if (!next.present) return true;
        if (assembly_.size() + next.bytes.size() > config_.maxMessageBytes) return false;
        assembly_.insert(assembly_.end(), next.bytes.begin(), next.bytes.end());
        const bool done = !next.more;
        next = Received{};
        ++receiveBase_;
        if (done) {
            deliver(assembly_, true);
            assembly_.clear();
        }
    }
}

void ReliableEndpoint::acknowledge(std::uint16_t ack, std::uint32_t bits, double now) {
    for (int i = 0; i <= 32; ++i) {
        if (i > 0 && !(bits & (1u << (i - 1)))) continue;
        const auto sequence = std::uint16_t(ack - i);
        SentPacket& p = sent_[sequence % kWindow];
        if (p.used && p.sequence == sequence && !p.acked) ackPacket(p, now);
    }
    while (!sendQueue_.empty() && sendQueue_.front().acked) {
        queuedBytes_ -= sendQueue_.front().bytes.size();
        sendQueue_.pop_front();
        ++sendBase_;
    }
}

void ReliableEndpoint::ackPacket(SentPacket& p, double now) {
    p.acked = true;
    ++packetsAcked_;
    const double sample = now - p.sentAt;
    if (srtt_ <= 0.0) {
        srtt_ = std::max(sample, 1e-4);
        rttVar_ = sample / 2.0;
    } else {  // RFC 6298's estimator
        rttVar_ = 0.75 * rttVar_ + 0.25 * std::abs(srtt_ - sample);
        srtt_ = 0.875 * srtt_ + 0.125 * sample;
    }
    for (std::uint16_t id : p.units) {
        const std::uint16_t index = std::uint16_t(id - sendBase_);
        if (index < sendQueue_.size()) sendQueue_[index].acked = true;
    }
}

// A packet whose ack is long overdue (three round trips, at least a second) was lost: its
// acks are repeated in 33 packets, so one lost ack does not count as a lost packet.
void ReliableEndpoint::ageSent(double now) {
    const double overdue = std::max(1.0, 3.0 * srtt_);
    while (!unresolved_.empty()) {
        const std::uint16_t sequence = unresolved_.front();
        SentPacket& p = sent_[sequence % kWindow];
        if (p.used && p.sequence == sequence && !p.acked && now - p.sentAt < overdue) return;
        if (p.used && p.sequence == sequence) {
            recordLoss(!p.acked);
            p.resolved = true;
        }
        unresolved_.pop_front();
    }
}

void ReliableEndpoint::recordLoss(bool lost) {
    constexpr double kWeight = 0.01;  // about the last hundred packets
    if (lost) ++packetsLost_;
    loss_ += kWeight * ((lost ? 1.0 : 0.0) - loss_);
}

}  // namespace atrium::net
