#pragma once
// Join links: what a host sends its guests, `atrium://HOST:PORT/VENUE_ID?token=TOKEN`, minted by
// `atrium-server token ... --link HOST:PORT` and opened by the attendee app. HOST may be a name,
// an IPv4 address or a bracketed IPv6 one ("[::1]"); the venue id and the token are
// percent-encoded where they hold anything beyond letters, digits and "-._~".
#include <cstdint>
#include <string>
#include <string_view>

#include "atrium/core/error.hpp"

namespace atrium::net {

struct JoinLink {
    std::string host;
    std::uint16_t port = 0;
    std::string venueId;
    std::string token;
    friend bool operator==(const JoinLink&, const JoinLink&) = default;
};

std::string formatJoinLink(const JoinLink& link);
// Errors name the part that is wrong: "join link: the port must be a number from 1 to 65535".
Result<JoinLink> parseJoinLink(std::string_view text);

}  // namespace atrium::net
