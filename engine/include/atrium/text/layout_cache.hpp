#pragma once
// Shaped lines kept by their text, so a name tag shown every frame is shaped once: HarfBuzz
// costs microseconds a label, the lookup tens of nanoseconds.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "atrium/text/shaped_text.hpp"

namespace atrium::text {

class LayoutCache {
public:
    explicit LayoutCache(const FontSet& fonts, std::size_t capacity = 4096) : fonts_(fonts), capacity_(capacity) {}

    // The shaped line for `text` (ill-formed UTF-8 shapes as U+FFFD).
    const ShapedText& shape(const std::string& text);

    // Starts a frame; when the cache holds more than its capacity, lines not used in the last
    // frame are dropped first. References from shape() stay valid until the next beginFrame.
    void beginFrame();

    std::size_t size() const { return entries_.size(); }
    std::uint64_t misses() const { return misses_; }

private:
    struct Entry {
        ShapedText shaped;
        std::uint64_t lastUsed = 0;
    };
    const FontSet& fonts_;
    std::size_t capacity_;
    std::unordered_map<std::string, Entry> entries_;
    std::uint64_t frame_ = 1;
    std::uint64_t misses_ = 0;
};

}  // namespace atrium::text
