#include "transport_connection.hpp"

namespace atrium::net {

void TransportConnection::send(UdpSocket& socket, PacketType type, std::span<const std::uint8_t> payload, double now) {
    std::vector<std::uint8_t> datagram = sealPacket(type, sendSequence++, payload, sendKey, protocolId);
    lastSent = now;
    if (!link.conditions().active()) return socket.send(peer, datagram);
    link.send(std::move(datagram), now);
}

std::optional<OpenedPacket> TransportConnection::open(std::span<const std::uint8_t> datagram, double now) {
    std::optional<OpenedPacket> p = openPacket(datagram, receiveKey, protocolId);
    if (!p || replay.alreadyReceived(p->sequence)) {
        ++rejected;
        return std::nullopt;
    }
    replay.accept(p->sequence);
    lastReceived = now;
    return p;
}

void TransportConnection::flush(UdpSocket& socket, double now) {
    for (const std::vector<std::uint8_t>& packet : endpoint.write(now)) send(socket, PacketType::Payload, packet, now);
    // The keep-alive carries acks, so a quiet end still acknowledges what it receives.
    if (now - lastSent >= kKeepAliveSeconds) send(socket, PacketType::Payload, endpoint.keepAlive(now), now);
    if (!link.conditions().active()) return;
    for (const std::vector<std::uint8_t>& datagram : link.receive(now)) socket.send(peer, datagram);
}

void TransportConnection::sendDisconnect(UdpSocket& socket, double now) {
    // Around the simulated link: the connection ends now, and nothing flushes it later.
    for (int i = 0; i < kRedundantDisconnects; ++i) {
        socket.send(peer, sealPacket(PacketType::Disconnect, sendSequence++, {}, sendKey, protocolId));
    }
    lastSent = now;
}

}  // namespace atrium::net
