#include "atrium/core/utf8.hpp"

#include <cstdint>

namespace atrium {

namespace {

// What a lead byte promises: the sequence length and the range its second byte must be in
// (Table 3-7 of the Unicode standard: no overlong forms, surrogates or values past U+10FFFF).
struct Lead {
    std::size_t length = 0;  // 0: not a lead byte
    std::uint8_t lo = 0x80, hi = 0xBF;
};

Lead leadOf(std::uint8_t b0) {
    if (b0 < 0x80) return {1};
    if (b0 >= 0xC2 && b0 <= 0xDF) return {2};
    if (b0 == 0xE0) return {3, 0xA0, 0xBF};
    if (b0 == 0xED) return {3, 0x80, 0x9F};
    if (b0 >= 0xE1 && b0 <= 0xEF) return {3};
    if (b0 == 0xF0) return {4, 0x90, 0xBF};
    if (b0 == 0xF4) return {4, 0x80, 0x8F};
    if (b0 >= 0xF1 && b0 <= 0xF3) return {4};
    return {};
}

// How many bytes from s[i] fit the sequence its lead byte starts (at least 1).
std::size_t fittingBytes(std::string_view s, std::size_t i, const Lead& lead) {
    if (lead.length <= 1) return 1;
    std::size_t n = 1;
    if (i + 1 >= s.size()) return n;
    auto b1 = std::uint8_t(s[i + 1]);
    if (b1 < lead.lo || b1 > lead.hi) return n;
    for (n = 2; n < lead.length && i + n < s.size(); ++n) {
        if ((std::uint8_t(s[i + n]) & 0xC0) != 0x80) break;
    }
    return n;
}

// Length of the well-formed sequence at s[i] (its value in `cp`), or 0 when it is ill-formed.
std::size_t decodeOne(std::string_view s, std::size_t i, char32_t& cp) {
    auto b0 = std::uint8_t(s[i]);
    Lead lead = leadOf(b0);
    if (lead.length == 0) return 0;
    if (lead.length == 1) {
        cp = b0;
        return 1;
    }
    if (fittingBytes(s, i, lead) != lead.length) return 0;
    char32_t v = b0 & (0xFFu >> (lead.length + 1));
    for (std::size_t k = 1; k < lead.length; ++k) v = (v << 6) | (std::uint8_t(s[i + k]) & 0x3Fu);
    cp = v;
    return lead.length;
}

// The maximal ill-formed subpart at s[i], replaced by one U+FFFD.
std::size_t badRun(std::string_view s, std::size_t i) { return fittingBytes(s, i, leadOf(std::uint8_t(s[i]))); }

}  // namespace

std::optional<std::size_t> findInvalidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp;
        std::size_t n = decodeOne(s, i, cp);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

Status checkUtf8(std::string_view s, std::string_view where) {
    std::optional<std::size_t> bad = findInvalidUtf8(s);
    if (!bad) return Ok{};
    Error e;
    e.message = std::string(where) + ": invalid UTF-8 at byte " + std::to_string(*bad);
    return e;
}

DecodedText decodeUtf8(std::string_view s) {
    DecodedText out;
    out.codepoints.reserve(s.size());
    out.offsets.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp;
        std::size_t n = decodeOne(s, i, cp);
        if (n == 0) {
            n = badRun(s, i);
            cp = kReplacementCharacter;
        }
        out.codepoints.push_back(cp);
        out.offsets.push_back(std::uint32_t(i));
        i += n;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementCharacter;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::string replaceInvalidUtf8(std::string_view s) {
    if (!findInvalidUtf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    DecodedText d = decodeUtf8(s);
    for (char32_t cp : d.codepoints) appendUtf8(out, cp);
    return out;
}

}  // namespace atrium
