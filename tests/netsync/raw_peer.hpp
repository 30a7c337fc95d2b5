#pragma once
// A raw transport peer for tests: it connects with a real join token (the handshake is the
// real one) and then sends whatever bytes a test wants, hand-made inputs or junk, each call
// leaving at once in its own datagram.
#include <span>
#include <string>
#include <vector>

#include "atrium/net/join_token.hpp"
#include "atrium/net/protocol.hpp"
#include "atrium/net/server.hpp"
#include "net_test_support.hpp"
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

// Runs the session until `peer` has its transport connection, then sends its Join and runs it
// until the server counts one client more; false if either did not happen within 2 s.
template <typename Clients>
bool joinRawPeer(RawPeer& peer, net::Server& server, const Clients& clients, double& t) {
    const std::size_t before = server.clientCount();
    if (!pump(server, clients, t, 2.0, [&] {
            peer.service();
            return peer.connected;
        }))
        return false;
    peer.send(net::encodeJoin(""), true);
    return pump(server, clients, t, 2.0, [&] {
        peer.service();
        return server.clientCount() == before + 1;
    });
}

}  // namespace atrium::test
