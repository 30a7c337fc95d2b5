#pragma once
// Signed join tokens: HMAC-SHA256 (OpenSSL) over venue id, user id, display name, role and
// expiry, minted by the venue operator (`atrium-server token ...`) and checked by the server.
// Text form: "<payload hex>.<mac hex>", safe to pass on a command line or in a URL.
#include <cstdint>
#include <string>
#include <string_view>

#include "atrium/core/error.hpp"

namespace atrium::net {

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

std::string mintJoinToken(const JoinClaims& claims, std::string_view secret);

// Checks signature, expiry (against `nowUnix`) and venue. Errors say which: "forged",
// "expired", "for another venue", "malformed".
Result<JoinClaims> verifyJoinToken(std::string_view token, std::string_view secret, std::string_view venueId, std::int64_t nowUnix);

}  // namespace atrium::net
