#pragma once
// A path relative to a venue file that may come from someone else (a venue's "avatars" list, an
// attendee's chosen avatar on the wire): it must stay inside the venue's folder.
#include <optional>
#include <string>
#include <string_view>

namespace atrium {

inline constexpr std::size_t kMaxVenuePathLength = 200;

// Why `path` is not a safe venue-relative path, or nullopt when it is: non-empty, at most
// kMaxVenuePathLength bytes, relative, segments neither empty nor "." nor "..", no backslash,
// no control character.
std::optional<std::string> venuePathProblem(std::string_view path);

}  // namespace atrium
