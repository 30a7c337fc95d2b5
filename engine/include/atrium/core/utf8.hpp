#pragma once
// UTF-8 checks for text that comes from outside (venue files, chat, join tokens, typed names):
// ill-formed bytes are refused with where they are, or replaced, never passed to the renderer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Byte offset of the first ill-formed sequence (overlong forms, surrogates, values past
// U+10FFFF, truncated or stray continuation bytes), or nothing when `s` is well-formed UTF-8.
std::optional<std::size_t> findInvalidUtf8(std::string_view s);

// Ok, or an error "<where>: invalid UTF-8 at byte N" (`where` names the field, e.g. a JSON path).
Status checkUtf8(std::string_view s, std::string_view where);

// `s` with every ill-formed sequence replaced by U+FFFD (one per maximal bad subpart, as the
// Unicode standard recommends).
std::string replaceInvalidUtf8(std::string_view s);

// Code points with the byte offset each starts at; ill-formed bytes decode as U+FFFD.
struct DecodedText {
    std::vector<char32_t> codepoints;
    std::vector<std::uint32_t> offsets;
};
DecodedText decodeUtf8(std::string_view s);

void appendUtf8(std::string& out, char32_t cp);

}  // namespace atrium
