#pragma once
// One client's replication: its view, its snapshot encoder and history, the round trip its
// acknowledgements show, and the send credit its bandwidth cap allows.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "atrium/net/server.hpp"
#include "atrium/net/snapshot.hpp"
#include "interest_view.hpp"

namespace atrium::net {

// What a packet costs on the wire beyond its payload and its 3-byte message record: IPv4 + UDP
// (28), the transport's sealing (prefix 1, sequence up to 3 in a day's session, tag 16) and
// the reliable endpoint's acks header (8). ENet's was 12 where this is 28.
constexpr double kPacketOverheadBytes = 56.0;
// A client's view (who is near) is chosen afresh every this many snapshots (about 5 times a
// second at 30 Hz, staggered across clients); in between, the same entities are sent with
// their new states and priorities. Walking 1.6 m/s, nobody gets 0.3 m nearer unnoticed.
constexpr int kViewRefreshSnapshots = 6;

class ClientReplication {
public:
    // At join: the client's encoder on the venue's quantiser, its first snapshot due now.
    void begin(const PositionQuantizer& quantizer, std::uint32_t clientId, double now);
    bool due(double now) const { return now >= nextSnapshot_; }
    // The client acknowledged snapshot `sequence` (repeated in every input packet).
    void acknowledge(std::uint16_t sequence, double now);
    // Every packet sent to the client, snapshots or not, with its headers.
    void charge(double bytes) { sendCredit_ -= bytes; }
    // Bytes this snapshot may take (0: skip it), for the snapshot due now.
    std::size_t snapshotBudget(const ServerConfig& config);
    bool forget(NetId id) { return view_.forget(id); }

    double rttMs() const { return rttMs_; }
    double averageSnapshotBytes() const { return snapshots_ ? snapshotBytesTotal_ / double(snapshots_) : 0.0; }

private:
    friend class Replication;  // chooses the view and encodes the snapshots

    std::unique_ptr<SnapshotEncoder> encoder_;
    ClientView view_;
    std::uint16_t snapshotSequence_ = 0;
    double nextSnapshot_ = 0.0;
    double sendCredit_ = 0.0;  // bytes this client's bandwidth cap still allows
    // Round trip as the client sees it: a snapshot's send time to the first ack naming it
    // (links, simulated links and the client's input interval included, unlike ENet's).
    std::array<double, SnapshotEncoder::kHistory> snapshotSentAt_{};
    std::uint16_t lastRttAck_ = 0;
    double rttMs_ = -1.0;
    double snapshotBytesTotal_ = 0.0;
    std::uint64_t snapshots_ = 0;
};

}  // namespace atrium::net
