#include "atrium/core/json_nesting.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace atrium {
namespace {

// Where the scan is inside one open array or object: the key or index of the value being read.
struct Frame {
    bool object = false;
    bool expectKey = false;
    std::size_t index = 0;
    std::string key;
};

constexpr std::size_t kMaxKeyChars = 40;
constexpr std::size_t kPathSegmentsShown = 8;

std::string describePath(const std::vector<Frame>& frames) {
    std::string path;
    for (std::size_t i = 0; i < frames.size() && i < kPathSegmentsShown; ++i) {
        const Frame& f = frames[i];
        if (f.object) path += (path.empty() ? "" : ".") + f.key;
        else path += "[" + std::to_string(f.index) + "]";
    }
    if (frames.size() > kPathSegmentsShown) path += "...";
    return path;
}

}  // namespace

Status checkJsonNesting(std::string_view text, std::size_t maxDepth, std::string_view file) {
    std::vector<Frame> frames;
    frames.reserve(std::min<std::size_t>(maxDepth, 64));
    bool inString = false, escaped = false, capturingKey = false;
    std::size_t keyStart = 0;
    int line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') ++line;
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') {
                inString = false;
                if (capturingKey) frames.back().key = std::string(text.substr(keyStart, std::min(i - keyStart, kMaxKeyChars)));
                capturingKey = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                inString = true;
                if (!frames.empty() && frames.back().object && frames.back().expectKey) {
                    capturingKey = true;
                    keyStart = i + 1;
                    frames.back().expectKey = false;
                }
                break;
            case '{':
            case '[':
                if (frames.size() >= maxDepth) {
                    return Error{"arrays and objects nested deeper than " + std::to_string(maxDepth) + " levels (the limit for JSON input)",
                                 std::string(file), describePath(frames), line};
                }
                frames.push_back(Frame{c == '{', c == '{', 0, {}});
                break;
            case '}':
            case ']':
                if (!frames.empty()) frames.pop_back();
                break;
            case ',':
                if (frames.empty()) break;
                if (frames.back().object) frames.back().expectKey = true;
                else ++frames.back().index;
                break;
            default: break;
        }
    }
    return Ok{};
}

}  // namespace atrium
