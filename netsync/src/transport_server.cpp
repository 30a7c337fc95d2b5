#include "transport_server.hpp"

#include <sodium.h>

#include <algorithm>
#include <ctime>

namespace atrium::net {

TransportServer::TransportServer(TransportServerConfig config) : config_(std::move(config)) {
    ensureSodium();
    randombytes_buf(cookieKey_.data(), cookieKey_.size());
    tokenOpens_ = {config_.tokenOpensPerSecond, config_.tokenOpensPerSecond, config_.tokenOpensPerSecond};
    refusals_ = {config_.refusalsPerSecond, config_.refusalsPerSecond, config_.refusalsPerSecond};
}

TransportServer::~TransportServer() { close(); }

Status TransportServer::listen(const std::string& host, std::uint16_t port) {
    if (!ensureSodium()) return Error{"libsodium failed to start"};
    return socket_.open(host, port);
}

void TransportServer::close() {
    if (!socket_.isOpen()) return;
    for (auto& [_, s] : byAddress_) s->connection.sendDisconnect(socket_, 0.0);
    byAddress_.clear();
    byId_.clear();
    graveyard_.clear();
    liveTokens_.clear();
    socket_.close();
}

std::uint64_t TransportServer::unixNow() const { return config_.unixNow ? config_.unixNow() : std::uint64_t(std::time(nullptr)); }

const TransportConnection* TransportServer::connection(std::uint32_t client) const {
    auto it = byId_.find(client);
    return it == byId_.end() ? nullptr : &it->second->connection;
}

// Handshake packets per address: a flood from one address is dropped before any decryption,
// and the table of limits is bounded, so a flood from many addresses cannot grow it.
bool TransportServer::rateLimited(const TokenAddress& from, double now) {
    const std::uint64_t k = key(from);
    auto it = perAddress_.find(k);
    if (it == perAddress_.end()) {
        if (perAddress_.size() >= config_.trackedAddresses) {
            const std::size_t forget = perAddressOrder_.size() / 2;
            for (std::size_t i = 0; i < forget; ++i) perAddress_.erase(perAddressOrder_[i]);
            perAddressOrder_.erase(perAddressOrder_.begin(), perAddressOrder_.begin() + std::ptrdiff_t(forget));
        }
        it = perAddress_.emplace(k, RateLimit{config_.handshakeBurst, config_.handshakesPerAddress, config_.handshakeBurst, now}).first;
        perAddressOrder_.push_back(k);
    }
    return !it->second.take(now);
}

void TransportServer::receive(double now, const Handler& handle) {
    graveyard_.clear();
    TokenAddress from;
    while (socket_.receive(buffer_, from)) {
        if (buffer_.empty()) continue;
        auto it = byAddress_.find(key(from));
        if (it != byAddress_.end() && (buffer_[0] >> 4) != 0) {
            handleSealed(*it->second, buffer_, now, handle);
            continue;
        }
        if (it != byAddress_.end() && buffer_[0] == std::uint8_t(PacketType::Response)) {
            // A response resent before the client saw its first keep-alive: tell it again.
            it->second->connection.send(socket_, PacketType::KeepAlive, {}, now);
            continue;
        }
        if (it != byAddress_.end()) continue;  // a request resent after connecting
        const auto type = PacketType(buffer_[0]);
        if (type != PacketType::ConnectionRequest && type != PacketType::Response) {
            ++stats_.unknownSender;
            continue;
        }
        if (rateLimited(from, now)) {
            ++stats_.requestsRateLimited;
            continue;
        }
        if (type == PacketType::ConnectionRequest) handleRequest(buffer_, from, now);
        else handleResponse(buffer_, from, now, handle);
    }
    std::vector<std::uint32_t> timedOut, overflowed, closed;
    for (auto& [id, s] : byId_) {
        if (s->closingAt >= 0.0) {
            if (now >= s->closingAt || s->connection.endpoint.reliablePending() == 0 || s->connection.timedOut(now)) closed.push_back(id);
        } else if (s->connection.timedOut(now)) timedOut.push_back(id);
        else if (s->connection.endpoint.overflowed()) overflowed.push_back(id);
    }
    for (std::uint32_t id : closed) disconnect(id, now);
    for (std::uint32_t id : timedOut) {
        remove(id);
        handle({TransportEvent::Type::Disconnected, id, {}, false, nullptr, "timed out"});
    }
    for (std::uint32_t id : overflowed) {
        disconnect(id, now);
        handle({TransportEvent::Type::Disconnected, id, {}, false, nullptr, "never acknowledged what it was sent"});
    }
    graveyard_.clear();
}

std::optional<DenyReason> TransportServer::admissible(std::uint64_t tokenId, std::uint64_t expireUnix) const {
    if (config_.revokedTokens.count(tokenId)) return DenyReason::TokenRevoked;
    if (expireUnix > unixNow() + config_.maxTokenLifetimeSeconds) return DenyReason::TokenLifetime;
    if (liveTokens_.count(tokenId)) return DenyReason::TokenInUse;
    if (byId_.size() >= config_.maxClients) return DenyReason::ServerFull;
    return std::nullopt;
}

// Refusals are sealed with the token's server-to-client key (a client can trust the reason)
// and rate-limited overall, so refused requests cannot make the server a flood source.
bool TransportServer::refuse(DenyReason reason, const PrivateToken& token, const TokenAddress& to, double now) {
    if (!refusals_.take(now)) {
        ++stats_.refusalsSuppressed;
        return false;
    }
    const std::uint8_t payload[1] = {std::uint8_t(reason)};
    socket_.send(to, sealHandshake(PacketType::Denied, payload, token.serverToClientKey, config_.protocolId));
    ++stats_.refusalsSent;
    return true;
}

void TransportServer::handleRequest(std::span<const std::uint8_t> datagram, const TokenAddress& from, double now) {
    std::optional<ConnectionRequest> request = decodeRequest(datagram);
    if (!request || request->protocolId != config_.protocolId || !tokenOpens_.take(now)) {
        ++stats_.requestsInvalid;
        return;
    }
    Result<PrivateToken> token = openPrivateToken(request->sealedPrivate, request->nonce, request->protocolId, request->expireUnix,
                                                  request->tokenId, config_.serverKey);
    if (!token) {
        ++stats_.requestsInvalid;
        return;
    }
    // A token naming servers is for those only (a token naming none is for any holding the key).
    const TokenAddress local = socket_.local();
    const bool forUs = token->addresses.empty() || std::any_of(token->addresses.begin(), token->addresses.end(), [&](const TokenAddress& a) {
                           return a.port == local.port && (local.ip == 0 || a.ip == local.ip);
                       });
    if (!forUs) {
        ++stats_.requestsInvalid;
        return;
    }
    // Expired, but genuine (the expiry is authenticated): worth telling its holder why.
    if (request->expireUnix <= unixNow()) {
        refuse(DenyReason::TokenExpired, *token, from, now);
        return;
    }
    if (std::optional<DenyReason> no = admissible(token->tokenId, request->expireUnix)) {
        refuse(*no, *token, from, now);
        return;
    }
    CookieContents cookie{token->tokenId,           request->expireUnix,      token->timeoutSeconds, now,
                          token->clientToServerKey, token->serverToClientKey, token->userData};
    socket_.send(from, sealHandshake(PacketType::Challenge, sealCookie(cookie, cookieKey_, from), token->serverToClientKey, config_.protocolId));
    ++stats_.challengesSent;
}

void TransportServer::handleResponse(std::span<const std::uint8_t> datagram, const TokenAddress& from, double now, const Handler& handle) {
    std::optional<std::span<const std::uint8_t>> sealed = responseCookie(datagram);
    std::optional<CookieContents> cookie = sealed ? openCookie(*sealed, cookieKey_, from) : std::nullopt;
    if (!cookie || now - cookie->issuedAt > config_.cookieLifetimeSeconds || now < cookie->issuedAt ||
        !responseProofHolds(datagram, cookie->clientToServerKey) || cookie->expireUnix <= unixNow()) {
        ++stats_.responsesInvalid;
        return;
    }
    if (admissible(cookie->tokenId, cookie->expireUnix)) {
        ++stats_.responsesInvalid;  // taken or full since the challenge; the next request hears why
        return;
    }
    auto s = std::make_unique<Session>();
    s->id = nextId_++;
    s->tokenId = cookie->tokenId;
    TransportConnection& c = s->connection;
    c.peer = from;
    c.sendKey = cookie->serverToClientKey;
    c.receiveKey = cookie->clientToServerKey;
    c.protocolId = config_.protocolId;
    c.endpoint = ReliableEndpoint(config_.reliable);
    c.link = LinkSimulator(config_.link, config_.seed * 7919 + s->id);
    c.lastReceived = now;
    c.timeoutSeconds = std::max(1.0, double(cookie->timeoutSeconds));
    c.send(socket_, PacketType::KeepAlive, {}, now);
    const std::uint32_t id = s->id;
    liveTokens_[s->tokenId] = id;
    byId_[id] = s.get();
    byAddress_[key(from)] = std::move(s);
    handle({TransportEvent::Type::Connected, id, {}, false, &*cookie, ""});
}

void TransportServer::handleSealed(Session& s, std::span<const std::uint8_t> datagram, double now, const Handler& handle) {
    std::optional<OpenedPacket> p = s.connection.open(datagram, now);
    if (!p) {
        ++stats_.spoofedOrReplayed;
        return;
    }
    const std::uint32_t id = s.id;
    if (p->type == PacketType::Disconnect) {
        const bool closing = s.closingAt >= 0.0;  // its owner already let it go
        remove(id);
        if (!closing) handle({TransportEvent::Type::Disconnected, id, {}, false, nullptr, "disconnected"});
        return;
    }
    if (p->type != PacketType::Payload) return;
    bool alive = s.closingAt < 0.0;  // a closing session's packets still carry acks, not messages
    const bool ok = s.connection.endpoint.read(p->payload, now, [&](std::span<const std::uint8_t> message, bool reliable) {
        if (alive) handle({TransportEvent::Type::Message, id, message, reliable, nullptr, ""});
        alive = byId_.count(id) != 0;  // the handler may have disconnected it
    });
    if (s.closingAt >= 0.0) return;
    if (alive && !ok) {
        disconnect(id, now);
        handle({TransportEvent::Type::Disconnected, id, {}, false, nullptr, "sent a malformed packet or a message over the size cap"});
    }
}

void TransportServer::send(std::uint32_t client, std::span<const std::uint8_t> bytes, bool reliable) {
    auto it = byId_.find(client);
    if (it == byId_.end()) return;
    ReliableEndpoint& e = it->second->connection.endpoint;
    if (reliable) e.sendReliable(bytes);
    else e.sendUnreliable(bytes);
}

void TransportServer::disconnect(std::uint32_t client, double now) {
    auto it = byId_.find(client);
    if (it == byId_.end()) return;
    it->second->connection.flush(socket_, now);  // what was queued for it (the reason it is cut) goes first
    it->second->connection.sendDisconnect(socket_, now);
    remove(client);
}

void TransportServer::disconnectLater(std::uint32_t client, double now, double graceSeconds) {
    auto it = byId_.find(client);
    if (it != byId_.end() && it->second->closingAt < 0.0) it->second->closingAt = now + graceSeconds;
}

void TransportServer::remove(std::uint32_t id) {
    auto it = byId_.find(id);
    if (it == byId_.end()) return;
    Session* s = it->second;
    liveTokens_.erase(s->tokenId);
    byId_.erase(it);
    auto owner = byAddress_.find(key(s->connection.peer));
    // Kept until the end of this receive or flush: a handler may cut a client from inside the
    // endpoint that is delivering its messages.
    graveyard_.push_back(std::move(owner->second));
    byAddress_.erase(owner);
}

void TransportServer::flush(double now) {
    for (auto& [id, s] : byId_) s->connection.flush(socket_, now);
    graveyard_.clear();
}

}  // namespace atrium::net
