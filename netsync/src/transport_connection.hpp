#pragma once
// One end of an established transport session: its keys, sequence and replay window, the
// reliable endpoint inside its sealed packets, and the simulated link its datagrams leave by.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "atrium/net/connect_token.hpp"
#include "atrium/net/link_simulator.hpp"
#include "packet_crypto.hpp"
#include "reliable_endpoint.hpp"
#include "udp_socket.hpp"

namespace atrium::net {

inline constexpr double kKeepAliveSeconds = 0.1;  // a quiet end still proves it is there
inline constexpr int kRedundantDisconnects = 10;  // one of them gets through heavy loss

struct TransportConnection {
    TokenAddress peer;
    SessionKey sendKey{}, receiveKey{};
    std::uint64_t protocolId = 0;
    std::uint64_t sendSequence = 0;
    ReplayWindow replay;
    ReliableEndpoint endpoint;
    LinkSimulator link;
    double lastReceived = 0.0, lastSent = 0.0;
    double timeoutSeconds = 10.0;
    std::uint64_t rejected = 0;  // datagrams from the peer's address that did not open or were replays

    // Seals and sends (through the simulated link when it is active).
    void send(UdpSocket& socket, PacketType type, std::span<const std::uint8_t> payload, double now);
    // Opens a datagram from the peer's address; nullopt (and counted) if forged, tampered or replayed.
    std::optional<OpenedPacket> open(std::span<const std::uint8_t> datagram, double now);
    // The endpoint's packets, a keep-alive when quiet, and what the simulated link lets out.
    void flush(UdpSocket& socket, double now);
    // Sent several times: one of them reaches the peer through heavy loss.
    void sendDisconnect(UdpSocket& socket, double now);
    bool timedOut(double now) const { return now - lastReceived > timeoutSeconds; }
};

}  // namespace atrium::net
