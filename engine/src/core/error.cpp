#include "atrium/core/error.hpp"

namespace atrium {

std::string Error::toString() const {
    // Appends piecewise: GCC 12 warns falsely (-Wrestrict, PR105651) on "a" + std::string chains.
    std::string out;
    if (!file.empty()) {
        out.append(file);
        if (line > 0) out.append(":").append(std::to_string(line));
        out.append(": ");
    }
    if (!jsonPath.empty()) out.append(jsonPath).append(": ");
    out.append(message);
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
