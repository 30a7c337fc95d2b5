#pragma once
// Connect tokens on netcode.io's model. The venue operator's backend (or `atrium-server
// token`) mints one per client per session: a public part the client reads (server addresses,
// create and expiry times, the token id and the two session keys) and a private part sealed
// with the server's key (XChaCha20-Poly1305, the protocol id, token id and expiry as
// associated data), which the client forwards in its connection request without being able
// to read or change it. Whoever holds the token holds the session keys, so it travels only
// over a channel the operator trusts (the join link given to that one attendee).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium::net {

inline constexpr std::size_t kTokenKeyBytes = 32;
inline constexpr std::size_t kPrivateTokenBytes = 1024;  // sealed, fixed: requests cannot grow
inline constexpr std::size_t kTokenUserDataBytes = 256;  // the application's claims (join token)
inline constexpr std::size_t kMaxTokenAddresses = 8;
using TokenKey = std::array<std::uint8_t, kTokenKeyBytes>;

// An IPv4 address and port in host byte order.
struct TokenAddress {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    bool operator==(const TokenAddress&) const = default;
};

// What the server learns from a private token it can open.
struct PrivateToken {
    std::uint64_t tokenId = 0;
    std::uint32_t timeoutSeconds = 0;  // silence after which either side drops the session
    std::vector<TokenAddress> addresses;
    TokenKey clientToServerKey{};
    TokenKey serverToClientKey{};
    std::array<std::uint8_t, kTokenUserDataBytes> userData{};
};

struct ConnectToken {
    std::uint64_t protocolId = 0;
    std::uint64_t createUnix = 0;
    std::uint64_t expireUnix = 0;
    std::uint64_t tokenId = 0;
    std::uint32_t timeoutSeconds = 0;
    std::vector<TokenAddress> addresses;
    TokenKey clientToServerKey{};
    TokenKey serverToClientKey{};
    std::array<std::uint8_t, 24> nonce{};
    std::array<std::uint8_t, kPrivateTokenBytes> sealedPrivate{};
};

struct ConnectTokenRequest {
    std::uint64_t protocolId = 0;
    // At most kMaxTokenAddresses; none: any server holding the key (the client is told where).
    std::vector<TokenAddress> addresses;
    std::uint64_t nowUnix = 0;
    std::uint64_t lifetimeSeconds = 3600;
    std::uint32_t timeoutSeconds = 10;
    std::string userData;  // at most kTokenUserDataBytes
};

// The server key from the operator's secret (BLAKE2b of it): any length of secret, one key.
TokenKey deriveServerKey(std::string_view secret);

// Fresh random token id and session keys, the private part sealed with `serverKey`.
Result<ConnectToken> mintConnectToken(const ConnectTokenRequest& request, const TokenKey& serverKey);

// Opens a private token from a connection request's fields. Errors say why: "forged or for
// another server" (it does not open), "expired", "malformed".
Result<PrivateToken> openPrivateToken(const std::array<std::uint8_t, kPrivateTokenBytes>& sealed, const std::array<std::uint8_t, 24>& nonce,
                                      std::uint64_t protocolId, std::uint64_t expireUnix, std::uint64_t tokenId, const TokenKey& serverKey);

// Text form, safe in a URL or on a command line (URL-safe base64 of the fixed binary layout).
std::string encodeConnectToken(const ConnectToken& token);
Result<ConnectToken> decodeConnectToken(std::string_view text);

// "a.b.c.d:port" (IPv4 only: the token binds numeric addresses).
Result<TokenAddress> parseTokenAddress(std::string_view text);
std::string toString(const TokenAddress& address);

}  // namespace atrium::net
