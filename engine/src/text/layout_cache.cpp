#include "atrium/text/layout_cache.hpp"

namespace atrium::text {

const ShapedText& LayoutCache::shape(const std::string& text) {
    auto it = entries_.find(text);
    if (it == entries_.end()) {
        ++misses_;
        it = entries_.emplace(text, Entry{shapeText(fonts_, text), 0}).first;
    }
    it->second.lastUsed = frame_;
    return it->second.shaped;
}

void LayoutCache::beginFrame() {
    if (entries_.size() > capacity_) {
        std::erase_if(entries_, [&](const auto& kv) { return kv.second.lastUsed < frame_; });
    }
    ++frame_;
}

}  // namespace atrium::text
