#pragma once
// The server end of Atrium's transport: a UDP socket, the handshake (connect tokens opened,
// challenges answered from a stateless cookie, one live session per token id, revoked ids and
// over-long lifetimes refused, refusals rate-limited and sealed with the reason), and one
// TransportConnection per client. Nothing is kept for an address before its response proves
// it holds a token's keys, beyond a bounded table of per-address rate limits.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/connect_token.hpp"
#include "atrium/net/link_simulator.hpp"
#include "handshake.hpp"
#include "transport_connection.hpp"
#include "udp_socket.hpp"

namespace atrium::net {

inline constexpr std::uint64_t kAtriumProtocolId = 0x41545249554D0001ull;  // "ATRIUM", version 1

// Events per address, per client or overall: `capacity` at once, refilled at `rate` per second
// (the transport's handshake limits and the sessions' chat, event and notice limits alike).
struct RateLimit {
    double capacity = 1, rate = 1, tokens = 1, last = 0.0;
    bool take(double now) {
        tokens = std::min(capacity, tokens + (now - last) * rate);
        last = now;
        if (tokens < 1.0) return false;
        tokens -= 1.0;
        return true;
    }
};

struct TransportServerConfig {
    std::uint64_t protocolId = kAtriumProtocolId;
    TokenKey serverKey{};
    std::size_t maxClients = 1024;
    // A token may not expire later than this from now (tokens are minted per session).
    std::uint64_t maxTokenLifetimeSeconds = 24 * 3600;
    std::unordered_set<std::uint64_t> revokedTokens;
    ReliableConfig reliable;
    LinkConditions link;  // simulated conditions on everything sent to each client
    std::uint64_t seed = 1;
    // Handshake packets one address may send a second (a client resends each every 0.1 s).
    double handshakesPerAddress = 20.0, handshakeBurst = 40.0;
    double tokenOpensPerSecond = 5000.0;  // all addresses together: the decryptions' CPU bound
    double refusalsPerSecond = 50.0;      // sealed refusals sent, all addresses together
    std::size_t trackedAddresses = 8192;  // rate-limit entries kept (oldest forgotten first)
    double cookieLifetimeSeconds = 10.0;
    std::function<std::uint64_t()> unixNow;  // empty: the system clock
};

struct TransportEvent {
    enum class Type { Connected, Message, Disconnected } type = Type::Message;
    std::uint32_t client = 0;
    std::span<const std::uint8_t> bytes;      // Message
    bool reliable = false;                    // Message
    const CookieContents* session = nullptr;  // Connected: token id, expiry, user data
    const char* reason = "";                  // Disconnected
};

struct TransportServerStats {
    std::uint64_t requestsRateLimited = 0, requestsInvalid = 0, refusalsSent = 0, refusalsSuppressed = 0;
    std::uint64_t challengesSent = 0, responsesInvalid = 0, spoofedOrReplayed = 0, unknownSender = 0;
};

class TransportServer {
public:
    explicit TransportServer(TransportServerConfig config);
    ~TransportServer();

    Status listen(const std::string& host, std::uint16_t port);
    void close();
    bool listening() const { return socket_.isOpen(); }
    std::uint16_t port() const { return socket_.local().port; }
    const UdpSocket& socket() const { return socket_; }

    using Handler = std::function<void(const TransportEvent&)>;
    // Every waiting datagram, then the sessions that timed out.
    void receive(double now, const Handler& handle);
    void send(std::uint32_t client, std::span<const std::uint8_t> bytes, bool reliable);
    // Ends a session now, telling the client (redundantly); no Disconnected event follows.
    void disconnect(std::uint32_t client, double now);
    // Ends it once what it was sent is acknowledged (a refusal's or a kick's reason), or after
    // `graceSeconds`; nothing more it sends is delivered, and no Disconnected event follows.
    void disconnectLater(std::uint32_t client, double now, double graceSeconds = 3.0);
    void flush(double now);
    void revoke(std::uint64_t tokenId) { config_.revokedTokens.insert(tokenId); }

    std::size_t connectedCount() const { return byId_.size(); }
    const TransportConnection* connection(std::uint32_t client) const;
    const TransportServerStats& stats() const { return stats_; }

private:
    struct Session {
        std::uint32_t id = 0;
        std::uint64_t tokenId = 0;
        double closingAt = -1.0;  // disconnectLater's deadline; < 0: open
        TransportConnection connection;
    };
    static std::uint64_t key(const TokenAddress& a) { return (std::uint64_t(a.ip) << 16) | a.port; }
    std::uint64_t unixNow() const;
    bool rateLimited(const TokenAddress& from, double now);
    void handleRequest(std::span<const std::uint8_t> datagram, const TokenAddress& from, double now);
    void handleResponse(std::span<const std::uint8_t> datagram, const TokenAddress& from, double now, const Handler& handle);
    void handleSealed(Session& s, std::span<const std::uint8_t> datagram, double now, const Handler& handle);
    bool refuse(DenyReason reason, const PrivateToken& token, const TokenAddress& to, double now);
    std::optional<DenyReason> admissible(std::uint64_t tokenId, std::uint64_t expireUnix) const;
    void remove(std::uint32_t id);

    TransportServerConfig config_;
    UdpSocket socket_;
    SessionKey cookieKey_{};  // random per server start: cookies die with it
    std::unordered_map<std::uint64_t, std::unique_ptr<Session>> byAddress_;
    std::unordered_map<std::uint32_t, Session*> byId_;
    std::vector<std::unique_ptr<Session>> graveyard_;
    std::unordered_map<std::uint64_t, std::uint32_t> liveTokens_;  // token id -> session id
    std::unordered_map<std::uint64_t, RateLimit> perAddress_;
    std::vector<std::uint64_t> perAddressOrder_;  // insertion order, to forget the oldest
    RateLimit tokenOpens_, refusals_;
    std::uint32_t nextId_ = 1;
    std::vector<std::uint8_t> buffer_;
    TransportServerStats stats_;
};

}  // namespace atrium::net
