#pragma once
// OpenAL's device lists come as one string of NUL-separated names ending in an empty one.
#include <AL/alc.h>

#include <string>
#include <vector>

namespace atrium::audio {

inline std::vector<std::string> splitDeviceList(const ALCchar* list) {
    std::vector<std::string> names;
    if (!list) return names;
    while (*list != '\0') {
        names.emplace_back(list);
        list += names.back().size() + 1;
    }
    return names;
}

}  // namespace atrium::audio
