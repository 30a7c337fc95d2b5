#include "atrium/scene/venue_path.hpp"

namespace atrium {

std::optional<std::string> venuePathProblem(std::string_view path) {
    if (path.empty()) return "empty";
    if (path.size() > kMaxVenuePathLength)
        return "longer than " + std::to_string(kMaxVenuePathLength) + " bytes (" + std::to_string(path.size()) + ")";
    if (path.front() == '/') return "an absolute path; expected one relative to the venue file";
    if (path.size() >= 2 && path[1] == ':') return "a drive path; expected one relative to the venue file";
    for (unsigned char c : path) {
        if (c < 0x20 || c == 0x7f) return "contains a control character";
        if (c == '\\') return "contains a backslash; use '/'";
    }
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "..") return "leaves the venue's folder (\"..\")";
        if (segment.empty() || segment == ".") return "has an empty or \".\" segment";
        start = end + 1;
    }
    return std::nullopt;
}

}  // namespace atrium
