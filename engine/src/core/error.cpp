#include "atrium/core/error.hpp"

namespace atrium {

std::string Error::toString() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
    }
    if (!jsonPath.empty()) out += jsonPath + ": ";
    out += message;
    return out;
}

std::string toString(const std::vector<Error>& errors) {
    std::string out;
    for (const Error& e : errors) {
        out += e.toString();
        out += '\n';
    }
    return out;
}

}  // namespace atrium
