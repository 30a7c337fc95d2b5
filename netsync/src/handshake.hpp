#pragma once
// The transport's handshake packets (netcode.io's, with one change: the server keeps nothing
// per peer until a response proves the peer can read the challenge). A connection request
// carries the sealed private token at a fixed size larger than any answer, so the server
// never amplifies; the challenge carries a cookie sealed with a key only the server knows,
// holding what it needs to create the session; the response returns the cookie with proof
// (a tag under the client-to-server key) that its sender holds the token's keys.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "atrium/net/connect_token.hpp"
#include "packet_crypto.hpp"

namespace atrium::net {

inline constexpr std::array<std::uint8_t, 8> kTransportVersion{'A', 'T', 'R', 'M', 'N', 'E', 'T', '1'};
inline constexpr std::size_t kRequestBytes = 1 + 8 + 8 + 8 + 8 + 24 + kPrivateTokenBytes;

struct ConnectionRequest {
    std::uint64_t protocolId = 0, expireUnix = 0, tokenId = 0;
    std::array<std::uint8_t, 24> nonce{};
    std::array<std::uint8_t, kPrivateTokenBytes> sealedPrivate{};
};
std::vector<std::uint8_t> encodeRequest(const ConnectToken& token);
// Nullopt unless exactly kRequestBytes with the right type and version.
std::optional<ConnectionRequest> decodeRequest(std::span<const std::uint8_t> datagram);

// What the cookie holds: enough to create the session when the response comes back.
struct CookieContents {
    std::uint64_t tokenId = 0, expireUnix = 0;
    std::uint32_t timeoutSeconds = 0;
    double issuedAt = 0.0;  // the server's clock
    SessionKey clientToServerKey{}, serverToClientKey{};
    std::array<std::uint8_t, kTokenUserDataBytes> userData{};
};
inline constexpr std::size_t kCookiePlainBytes = 8 + 8 + 4 + 8 + 2 * kKeyBytes + kTokenUserDataBytes;
inline constexpr std::size_t kCookieBytes = 24 + kCookiePlainBytes + kMacBytes;
inline constexpr std::size_t kResponseBytes = 1 + kCookieBytes + 24 + kMacBytes;

// Sealed for the client's address: a cookie sniffed and sent from elsewhere does not open.
std::vector<std::uint8_t> sealCookie(const CookieContents& contents, const SessionKey& cookieKey, const TokenAddress& client);
std::optional<CookieContents> openCookie(std::span<const std::uint8_t> cookie, const SessionKey& cookieKey, const TokenAddress& client);

std::vector<std::uint8_t> encodeResponse(std::span<const std::uint8_t> cookie, const SessionKey& clientToServerKey);
// The cookie of a response of the right size; check the proof once the cookie is open.
std::optional<std::span<const std::uint8_t>> responseCookie(std::span<const std::uint8_t> datagram);
bool responseProofHolds(std::span<const std::uint8_t> datagram, const SessionKey& clientToServerKey);

// Why a server refused a connection request, sent back sealed so a client can trust it.
enum class DenyReason : std::uint8_t { ServerFull = 1, TokenInUse, TokenRevoked, TokenLifetime, TokenExpired, Count };
const char* describe(DenyReason reason);

}  // namespace atrium::net
