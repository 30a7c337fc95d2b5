#pragma once
// The client end of Atrium's transport: sends the connection request from its connect token to
// each of the token's servers in turn, answers the challenge, and then exchanges sealed
// packets with the per-session keys, as TransportServer does. A refusal's reason (sealed by the
// server with the token's key, so it can be trusted) ends the attempt with that reason, except
// "token in use", which is retried for the attempt's time (a reconnect racing the server's
// timeout of the token's old session gets through) and then reported.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/connect_token.hpp"
#include "handshake.hpp"
#include "transport_connection.hpp"
#include "udp_socket.hpp"

namespace atrium::net {

struct TransportClientConfig {
    ReliableConfig reliable;
    LinkConditions link;  // simulated conditions on everything this client sends
    std::uint64_t seed = 1;
    double resendSeconds = 0.1;   // handshake packets, until answered
    double attemptSeconds = 5.0;  // per server address, before the next one
};

class TransportClient {
public:
    enum class State { Idle, SendingRequest, SendingResponse, Connected, Failed, Disconnected };

    explicit TransportClient(TransportClientConfig config = {});
    ~TransportClient();

    Status connect(const ConnectToken& token, double now);
    using Handler = std::function<void(std::span<const std::uint8_t> message, bool reliable)>;
    // Every waiting datagram: handshake answers, then messages once connected.
    void receive(double now, const Handler& handle);
    void send(std::span<const std::uint8_t> bytes, bool reliable);
    void flush(double now);
    // Tells the server (redundantly) and ends the session.
    void disconnect(double now);

    State state() const { return state_; }
    bool connected() const { return state_ == State::Connected; }
    // Why the session failed or ended ("the server is full", "timed out", ...).
    const std::string& reason() const { return reason_; }
    const TransportConnection& connection() const { return connection_; }
    const UdpSocket& socket() const { return socket_; }

private:
    void startAttempt(double now);
    void handleHandshake(std::span<const std::uint8_t> datagram, double now);
    void fail(State state, std::string why);

    TransportClientConfig config_;
    UdpSocket socket_;
    ConnectToken token_;
    State state_ = State::Idle;
    std::string reason_;
    std::string pendingRefusal_;  // "token in use", said once the attempt's time is up
    std::size_t address_ = 0;
    double attemptStart_ = 0.0, lastHandshake_ = -1.0;
    bool clockStarted_ = false;
    std::vector<std::uint8_t> request_, response_;
    TransportConnection connection_;
    std::vector<std::uint8_t> buffer_;
};

}  // namespace atrium::net
