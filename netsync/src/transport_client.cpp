#include "transport_client.hpp"

namespace atrium::net {

TransportClient::TransportClient(TransportClientConfig config) : config_(std::move(config)) {}

TransportClient::~TransportClient() {
    if (state_ == State::Connected) disconnect(connection_.lastSent);
}

Status TransportClient::connect(const ConnectToken& token, double now) {
    if (!ensureSodium()) return Error{"libsodium failed to start"};
    if (token.addresses.empty()) return Error{"connect token names no server address"};
    if (Status s = socket_.open("0.0.0.0", 0); !s) return s;
    token_ = token;
    request_ = encodeRequest(token);
    address_ = 0;
    startAttempt(now);
    return Ok{};
}

void TransportClient::startAttempt(double now) {
    state_ = State::SendingRequest;
    attemptStart_ = now;
    clockStarted_ = false;  // the caller's clock may not have been running when it connected
    pendingRefusal_.clear();
    lastHandshake_ = -1.0;
    connection_ = TransportConnection();
    connection_.peer = token_.addresses[address_];
    connection_.sendKey = token_.clientToServerKey;
    connection_.receiveKey = token_.serverToClientKey;
    connection_.protocolId = token_.protocolId;
    connection_.endpoint = ReliableEndpoint(config_.reliable);
    connection_.link = LinkSimulator(config_.link, config_.seed * 31 + 1);
    connection_.timeoutSeconds = std::max(1.0, double(token_.timeoutSeconds));
}

void TransportClient::fail(State state, std::string why) {
    state_ = state;
    reason_ = std::move(why);
}

void TransportClient::handleHandshake(std::span<const std::uint8_t> datagram, double now) {
    const auto type = PacketType(datagram[0]);
    if (type == PacketType::Denied) {
        std::optional<std::vector<std::uint8_t>> why = openHandshake(datagram, type, token_.serverToClientKey, token_.protocolId);
        if (!why || why->size() != 1 || (*why)[0] == 0 || (*why)[0] >= std::uint8_t(DenyReason::Count)) return;  // forged: ignored
        const auto reason = DenyReason((*why)[0]);
        // The session this token holds may be one the server has not yet timed out (a
        // reconnect after a lost connection): keep asking for the attempt's time, then say why.
        if (reason == DenyReason::TokenInUse) return void(pendingRefusal_ = describe(reason));
        fail(State::Failed, describe(reason));
        return;
    }
    if (type == PacketType::Challenge && state_ == State::SendingRequest) {
        std::optional<std::vector<std::uint8_t>> cookie = openHandshake(datagram, type, token_.serverToClientKey, token_.protocolId);
        if (!cookie || cookie->size() != kCookieBytes) return;
        response_ = encodeResponse(*cookie, token_.clientToServerKey);
        state_ = State::SendingResponse;
        lastHandshake_ = -1.0;
        attemptStart_ = now;
    }
}

void TransportClient::receive(double now, const Handler& handle) {
    TokenAddress from;
    while (socket_.receive(buffer_, from)) {
        if (buffer_.empty() || from != connection_.peer) continue;
        if ((buffer_[0] >> 4) == 0) {
            if (state_ == State::SendingRequest || state_ == State::SendingResponse) handleHandshake(buffer_, now);
            continue;
        }
        if (state_ != State::SendingResponse && state_ != State::Connected) continue;
        std::optional<OpenedPacket> p = connection_.open(buffer_, now);
        if (!p) continue;
        if (state_ == State::SendingResponse) state_ = State::Connected;
        if (p->type == PacketType::Disconnect) return fail(State::Disconnected, "the server closed the connection");
        if (p->type != PacketType::Payload) continue;
        if (!connection_.endpoint.read(p->payload, now, handle)) {
            disconnect(now);
            return fail(State::Disconnected, "the server sent a malformed packet");
        }
    }
    if (state_ == State::Connected && connection_.timedOut(now)) fail(State::Disconnected, "timed out");
}

void TransportClient::send(std::span<const std::uint8_t> bytes, bool reliable) {
    if (reliable) connection_.endpoint.sendReliable(bytes);
    else connection_.endpoint.sendUnreliable(bytes);
}

void TransportClient::flush(double now) {
    if (state_ == State::Connected) return connection_.flush(socket_, now);
    if (state_ != State::SendingRequest && state_ != State::SendingResponse) return;
    if (!clockStarted_) attemptStart_ = now;
    clockStarted_ = true;
    if (now - attemptStart_ > config_.attemptSeconds) {
        if (++address_ < token_.addresses.size()) return startAttempt(now);
        if (!pendingRefusal_.empty()) return fail(State::Failed, pendingRefusal_);
        return fail(State::Failed, "no answer from " + toString(token_.addresses.front()) + " (the server is down or unreachable)");
    }
    if (lastHandshake_ >= 0.0 && now - lastHandshake_ < config_.resendSeconds) return;
    lastHandshake_ = now;
    // Handshake packets take the simulated link too, so a lossy link delays connecting as it would.
    std::vector<std::uint8_t> packet = state_ == State::SendingRequest ? request_ : response_;
    if (!connection_.link.conditions().active()) socket_.send(connection_.peer, packet);
    else connection_.link.send(std::move(packet), now);
    for (const std::vector<std::uint8_t>& datagram : connection_.link.receive(now)) socket_.send(connection_.peer, datagram);
}

void TransportClient::disconnect(double now) {
    if (state_ == State::Connected) connection_.sendDisconnect(socket_, now);
    if (state_ != State::Failed) fail(State::Disconnected, "disconnected");
}

}  // namespace atrium::net
