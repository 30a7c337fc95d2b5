#include "atrium/net/join_token.hpp"

#include "atrium/core/utf8.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>
#include <vector>

namespace atrium::net {
namespace {

std::string hex(const unsigned char* data, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

bool unhex(std::string_view text, std::string& out) {
    if (text.size() % 2) return false;
    out.clear();
    for (std::size_t i = 0; i < text.size(); i += 2) {
        unsigned v = 0;
        auto r = std::from_chars(text.data() + i, text.data() + i + 2, v, 16);
        if (r.ec != std::errc() || r.ptr != text.data() + i + 2) return false;
        out += char(v);
    }
    return true;
}

std::array<unsigned char, 32> hmac(std::string_view secret, std::string_view payload) {
    std::array<unsigned char, 32> mac{};
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()), reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac.data(),
         &len);
    return mac;
}

// Fields joined by '\n'; the display name is last and may not contain '\n'.
std::string encodePayload(const JoinClaims& c) {
    return c.venueId + "\n" + std::to_string(c.userId) + "\n" + toString(c.role) + "\n" + std::to_string(c.expiresAtUnix) + "\n" + c.displayName;
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
    for (char& ch : c.displayName) {
        if (ch == '\n') ch = ' ';
    }
    std::string payload = encodePayload(c);
    auto mac = hmac(secret, payload);
    return hex(reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) + "." + hex(mac.data(), mac.size());
}

Result<JoinClaims> verifyJoinToken(std::string_view token, std::string_view secret, std::string_view venueId, std::int64_t nowUnix) {
    std::size_t dot = token.find('.');
    std::string payload, mac;
    if (token.size() > 4096 || dot == std::string_view::npos || !unhex(token.substr(0, dot), payload) || !unhex(token.substr(dot + 1), mac) ||
        mac.size() != 32) {
        return Error{"join token is malformed"};
    }
    auto expected = hmac(secret, payload);
    if (CRYPTO_memcmp(expected.data(), mac.data(), 32) != 0) return Error{"join token is forged (bad signature)"};
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
    if (c.expiresAtUnix <= nowUnix) return Error{"join token expired " + std::to_string(nowUnix - c.expiresAtUnix) + " s ago"};
    if (c.venueId != venueId) return Error{"join token is for another venue (\"" + c.venueId + "\")"};
    return c;
}

}  // namespace atrium::net
