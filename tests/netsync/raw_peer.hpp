#pragma once
// A raw transport peer for tests: it connects with a real join token (the handshake is the
// real one) and then sends whatever bytes a test wants, hand-made inputs or junk, each call
// leaving at once in its own datagram.
#include <span>
#include <string>
#include <vector>

#include "atrium/net/join_token.hpp"
#include "transport_client.hpp"

namespace atrium::test {

struct RawPeer {
    net::TransportClient client;
    const double& clock;  // the test's simulated time
    bool connected = false, cut = false;
    std::vector<std::vector<std::uint8_t>> received;

    RawPeer(std::uint16_t port, const std::string& joinToken, const double& t) : clock(t) {
        Result<net::ConnectToken> token = net::joinConnectToken(joinToken);
        if (!token) return;
        token->addresses = {net::TokenAddress{0x7F000001, port}};
        (void)client.connect(*token, clock);
    }
    void service() {
        client.receive(clock, [&](std::span<const std::uint8_t> m, bool) { received.emplace_back(m.begin(), m.end()); });
        client.flush(clock);
        connected = connected || client.connected();
        cut = connected && client.state() == net::TransportClient::State::Disconnected;
    }
    void send(const std::vector<std::uint8_t>& bytes, bool reliable) {
        client.send(bytes, reliable);
        client.flush(clock);
    }
};

}  // namespace atrium::test
