#include "client_replication.hpp"

#include <algorithm>

#include "atrium/net/protocol.hpp"

namespace atrium::net {
namespace {
// The transport's own traffic to each client that transmit() does not see (resent reliable
// units, a keep-alive or a packet of acks alone when nothing else left): it sends no pings,
// and acks ride on snapshots, so 2% is reserved (ENet's pings and acks needed 5%).
constexpr double kTransportHousekeepingBytesPerSecond = 150.0;
// A snapshot needs room for its header and the client's own avatar; with less credit than
// that (after a burst of spawns) the snapshot waits for the next interval, as over a real
// capped link.
constexpr std::size_t kMinSnapshotBudget = 48;
}  // namespace

void ClientReplication::begin(const PositionQuantizer& quantizer, std::uint32_t clientId, double now) {
    encoder_ = std::make_unique<SnapshotEncoder>(quantizer);
    view_.age = int(clientId % kViewRefreshSnapshots);  // spread the clients' view refreshes over ticks
    nextSnapshot_ = now;
}

void ClientReplication::acknowledge(std::uint16_t sequence, double now) {
    encoder_->acknowledge(sequence);
    if (lastRttAck_ != 0 && !sequenceGreater(sequence, lastRttAck_)) return;  // repeated in every input packet
    if (sequenceGreater(sequence, snapshotSequence_)) return;                 // never sent: a lie
    double sentAt = snapshotSentAt_[sequence % snapshotSentAt_.size()];
    if (std::uint16_t(snapshotSequence_ - sequence) >= snapshotSentAt_.size() || sentAt <= 0.0) return;
    lastRttAck_ = sequence;
    double sample = (now - sentAt) * 1000.0;
    rttMs_ = rttMs_ < 0.0 ? sample : rttMs_ + (sample - rttMs_) * 0.125;  // smoothed like TCP's SRTT
}

// What the client's bandwidth cap has accrued since the last snapshot, less what events and
// spawns used meanwhile (transmit() charges every packet with its headers).
std::size_t ClientReplication::snapshotBudget(const ServerConfig& config) {
    std::size_t most = std::min(config.snapshotBudgetBytes, kMaxPacketBytes - 4);
    if (config.downstreamKbps <= 0.0) return most;
    double perSnapshot = (config.downstreamKbps * 1000.0 / 8.0 - kTransportHousekeepingBytesPerSecond) / config.snapshotRate;
    sendCredit_ = std::min(sendCredit_ + perSnapshot, 1.5 * perSnapshot);  // no bursts after a quiet spell
    double room = sendCredit_ - kPacketOverheadBytes - 3.0;                // 3: the message header
    if (room < double(kMinSnapshotBudget)) return 0;
    return std::min(std::size_t(room), most);
}

}  // namespace atrium::net
