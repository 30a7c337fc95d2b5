#include "atrium/net/join_token.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <vector>

#include "atrium/core/utf8.hpp"
#include "atrium/net/connect_token.hpp"
#include "transport_server.hpp"

namespace atrium::net {
namespace {

constexpr std::uint32_t kJoinTimeoutSeconds = 15;  // silence before either end drops the session
// The public part's length in hex: protocol, create, expire, id (8 each), timeout (4),
// address count (1, none), two keys; the sealed part is the nonce and the private token.
constexpr std::size_t kPublicBytes = 8 * 4 + 4 + 1 + 2 * kTokenKeyBytes;

std::string hex(std::span<const std::uint8_t> data) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (std::uint8_t b : data) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

bool unhex(std::string_view text, std::vector<std::uint8_t>& out) {
    if (text.size() % 2) return false;
    out.clear();
    for (std::size_t i = 0; i < text.size(); i += 2) {
        unsigned v = 0;
        auto r = std::from_chars(text.data() + i, text.data() + i + 2, v, 16);
        if (r.ec != std::errc() || r.ptr != text.data() + i + 2) return false;
        out.push_back(std::uint8_t(v));
    }
    return true;
}

// Fields joined by '\n'; the display name is last and may not contain '\n'.
std::string encodePayload(const JoinClaims& c) {
    return c.venueId + "\n" + std::to_string(c.userId) + "\n" + toString(c.role) + "\n" + std::to_string(c.expiresAtUnix) + "\n" + c.displayName;
}

// The connect token's binary layout (connect_token.cpp) split after the keys.
Result<ConnectToken> decodeParts(std::string_view token) {
    const std::size_t dot = token.find('.');
    std::vector<std::uint8_t> pub, sealed;
    if (token.size() > 8192 || dot == std::string_view::npos || !unhex(token.substr(0, dot), pub) || !unhex(token.substr(dot + 1), sealed) ||
        pub.size() != kPublicBytes || sealed.size() != 24 + kPrivateTokenBytes) {
        return Error{"join token is malformed"};
    }
    pub.insert(pub.end(), sealed.begin(), sealed.end());
    // Reuse the connect token's own decoder (base64 is its text form).
    ConnectToken t;
    auto get = [&](std::size_t at, int n) {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= std::uint64_t(pub[at + std::size_t(i)]) << (8 * i);
        return v;
    };
    t.protocolId = get(0, 8);
    t.createUnix = get(8, 8);
    t.expireUnix = get(16, 8);
    t.tokenId = get(24, 8);
    t.timeoutSeconds = std::uint32_t(get(32, 4));
    if (pub[36] != 0) return Error{"join token is malformed"};
    std::copy_n(pub.begin() + 37, kTokenKeyBytes, t.clientToServerKey.begin());
    std::copy_n(pub.begin() + 37 + kTokenKeyBytes, kTokenKeyBytes, t.serverToClientKey.begin());
    std::copy_n(pub.begin() + kPublicBytes, 24, t.nonce.begin());
    std::copy_n(pub.begin() + kPublicBytes + 24, kPrivateTokenBytes, t.sealedPrivate.begin());
    return t;
}

}  // namespace

const char* toString(Role role) {
    switch (role) {
        case Role::Attendee: return "attendee";
        case Role::Presenter: return "presenter";
        case Role::Host: return "host";
    }
    return "?";
}

bool parseRole(std::string_view text, Role& out) {
    for (Role r : {Role::Attendee, Role::Presenter, Role::Host}) {
        if (text == toString(r)) {
            out = r;
            return true;
        }
    }
    return false;
}

std::string mintJoinToken(const JoinClaims& claims, std::string_view secret) {
    JoinClaims c = claims;
    std::replace(c.displayName.begin(), c.displayName.end(), '\n', ' ');
    std::string payload = encodePayload(c);
    if (payload.size() > kTokenUserDataBytes) payload.resize(kTokenUserDataBytes);  // the name's end is cut
    const std::int64_t now = std::int64_t(std::time(nullptr));
    ConnectTokenRequest request;
    request.protocolId = kAtriumProtocolId;
    request.nowUnix = std::uint64_t(std::max<std::int64_t>(0, std::min(now, claims.expiresAtUnix)));
    request.lifetimeSeconds = std::uint64_t(std::max<std::int64_t>(0, claims.expiresAtUnix - std::int64_t(request.nowUnix)));
    request.timeoutSeconds = kJoinTimeoutSeconds;
    request.userData = payload;
    Result<ConnectToken> t = mintConnectToken(request, deriveServerKey(secret));
    if (!t) return {};
    std::vector<std::uint8_t> pub;
    auto put = [&](std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) pub.push_back(std::uint8_t(v >> (8 * i)));
    };
    put(t->protocolId, 8);
    put(t->createUnix, 8);
    put(t->expireUnix, 8);
    put(t->tokenId, 8);
    put(t->timeoutSeconds, 4);
    put(0, 1);  // no addresses
    pub.insert(pub.end(), t->clientToServerKey.begin(), t->clientToServerKey.end());
    pub.insert(pub.end(), t->serverToClientKey.begin(), t->serverToClientKey.end());
    std::vector<std::uint8_t> sealed(t->nonce.begin(), t->nonce.end());
    sealed.insert(sealed.end(), t->sealedPrivate.begin(), t->sealedPrivate.end());
    return hex(pub) + "." + hex(sealed);
}

Result<ConnectToken> joinConnectToken(std::string_view token) { return decodeParts(token); }

Result<JoinClaims> decodeJoinClaims(std::span<const std::uint8_t> userData) {
    const auto end = std::find(userData.begin(), userData.end(), std::uint8_t(0));
    const std::string payload(userData.begin(), end);
    std::vector<std::string_view> parts;
    std::string_view rest = payload;
    for (int i = 0; i < 4; ++i) {
        std::size_t nl = rest.find('\n');
        if (nl == std::string_view::npos) return Error{"join token is malformed"};
        parts.push_back(rest.substr(0, nl));
        rest = rest.substr(nl + 1);
    }
    JoinClaims c;
    c.venueId = std::string(parts[0]);
    c.displayName = std::string(rest);
    auto r1 = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), c.userId);
    auto r2 = std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), c.expiresAtUnix);
    if (r1.ec != std::errc() || r2.ec != std::errc() || !parseRole(parts[2], c.role)) return Error{"join token is malformed"};
    // A signed token can still carry bytes that are not text; they would reach name tags.
    if (Status s = checkUtf8(c.venueId, "join token: venueId"); !s) return s.error();
    if (Status s = checkUtf8(c.displayName, "join token: displayName"); !s) return s.error();
    return c;
}

Status checkJoinClaims(const JoinClaims& c, std::string_view venueId, std::int64_t nowUnix) {
    if (c.expiresAtUnix <= nowUnix) return Error{"join token expired " + std::to_string(nowUnix - c.expiresAtUnix) + " s ago"};
    if (c.venueId != venueId) return Error{"join token is for another venue (\"" + c.venueId + "\")"};
    return Ok{};
}

Result<JoinClaims> verifyJoinToken(std::string_view token, std::string_view secret, std::string_view venueId, std::int64_t nowUnix) {
    Result<ConnectToken> t = decodeParts(token);
    if (!t) return t.error();
    Result<PrivateToken> opened = openPrivateToken(t->sealedPrivate, t->nonce, t->protocolId, t->expireUnix, t->tokenId,
                                                   deriveServerKey(secret));
    if (!opened) return Error{"join token is forged (it does not open with this server's key)"};
    Result<JoinClaims> claims = decodeJoinClaims(opened->userData);
    if (!claims) return claims;
    if (Status s = checkJoinClaims(*claims, venueId, nowUnix); !s) return s.error();
    return claims;
}

}  // namespace atrium::net
