#pragma once
// Join tokens: connect tokens (connect_token.hpp) whose sealed private part carries the claims
// (venue id, user id, display name, role, expiry), minted by the venue operator (`atrium-server
// token ...`) with the server's secret. The transport opens the private part at the handshake
// (a forged one gets no answer at all) and keeps one live session per token; the server then
// checks venue and expiry. Text form: "<public part hex>.<sealed private part hex>", safe on a
// command line or in a URL. A join token names no server address: the client connects where
// its join link (or the app) says, and whoever holds the token holds its session keys.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "atrium/core/error.hpp"
#include "atrium/net/connect_token.hpp"

namespace atrium::net {

// The secret a development server uses when none is configured: public, so a server with it
// (or with none) listens on loopback only (ServerConfig::secret).
inline constexpr const char* kDevelopmentSecret = "atrium-development-secret";

enum class Role : std::uint8_t { Attendee, Presenter, Host };
const char* toString(Role role);
bool parseRole(std::string_view text, Role& out);

struct JoinClaims {
    std::string venueId;
    std::uint64_t userId = 0;
    std::string displayName;
    Role role = Role::Attendee;
    std::int64_t expiresAtUnix = 0;  // seconds since the epoch
};

// The claims in at most kTokenUserDataBytes (a longer display name is cut).
std::string mintJoinToken(const JoinClaims& claims, std::string_view secret);

// Checks signature, expiry (against `nowUnix`) and venue. Errors say which: "forged",
// "expired", "for another venue", "malformed".
Result<JoinClaims> verifyJoinToken(std::string_view token, std::string_view secret, std::string_view venueId, std::int64_t nowUnix);

// The connect token inside a join token's text, for the client to connect with.
Result<ConnectToken> joinConnectToken(std::string_view token);
// The claims as the private part carries them (the transport hands the server these bytes).
Result<JoinClaims> decodeJoinClaims(std::span<const std::uint8_t> userData);
// Venue and expiry, for claims already authenticated.
Status checkJoinClaims(const JoinClaims& claims, std::string_view venueId, std::int64_t nowUnix);

}  // namespace atrium::net
