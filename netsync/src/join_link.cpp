#include "atrium/net/join_link.hpp"

#include <cctype>
#include <charconv>

namespace atrium::net {

namespace {

constexpr std::string_view kScheme = "atrium://";

bool unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

std::string encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (unreserved(c)) out += char(c);
        else out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

Result<std::string> decode(std::string_view s, std::string_view what) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        unsigned value = 0;  // unsigned: from_chars would take "%-1" for a signed one
        if (i + 2 >= s.size() || std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16).ptr != s.data() + i + 3) {
            return Error{"join link: the " + std::string(what) + " has a broken %-escape"};
        }
        out += char(value);
        i += 2;
    }
    return out;
}

Error bad(const std::string& why) { return Error{"join link: " + why}; }

}  // namespace

std::string formatJoinLink(const JoinLink& link) {
    const bool v6 = link.host.find(':') != std::string::npos;
    return std::string(kScheme) + (v6 ? "[" + link.host + "]" : link.host) + ":" + std::to_string(link.port) + "/" + encode(link.venueId) +
           "?token=" + encode(link.token);
}

Result<JoinLink> parseJoinLink(std::string_view text) {
    if (text.substr(0, kScheme.size()) != kScheme) return bad("it must start with atrium://");
    std::string_view rest = text.substr(kScheme.size());
    JoinLink link;
    std::size_t hostEnd;
    if (!rest.empty() && rest[0] == '[') {
        hostEnd = rest.find(']');
        if (hostEnd == std::string_view::npos) return bad("an IPv6 address needs its closing ]");
        link.host = std::string(rest.substr(1, hostEnd - 1));
        ++hostEnd;
    } else {
        hostEnd = rest.find(':');
        if (hostEnd == std::string_view::npos) return bad("it needs HOST:PORT after atrium://");
        link.host = std::string(rest.substr(0, hostEnd));
    }
    if (link.host.empty()) return bad("the host is missing");
    if (hostEnd >= rest.size() || rest[hostEnd] != ':') return bad("the port is missing after the host");
    rest.remove_prefix(hostEnd + 1);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return bad("the venue id is missing after the port (HOST:PORT/VENUE_ID)");
    unsigned port = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + slash, port);
    if (ec != std::errc() || end != rest.data() + slash || port == 0 || port > 65535) return bad("the port must be a number from 1 to 65535");
    link.port = std::uint16_t(port);
    rest.remove_prefix(slash + 1);
    std::size_t query = rest.find('?');
    Result<std::string> venue = decode(rest.substr(0, query), "venue id");
    if (!venue) return venue.error();
    if (venue->empty()) return bad("the venue id is empty");
    link.venueId = std::move(*venue);
    if (query == std::string_view::npos) return bad("the token is missing (?token=...)");
    for (std::string_view params = rest.substr(query + 1); !params.empty();) {
        std::size_t amp = params.find('&');
        std::string_view param = params.substr(0, amp);
        if (param.substr(0, 6) == "token=") {
            Result<std::string> token = decode(param.substr(6), "token");
            if (!token) return token.error();
            link.token = std::move(*token);
        }
        params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
    }
    if (link.token.empty()) return bad("the token is missing (?token=...)");
    return link;
}

}  // namespace atrium::net
