#include "show_log.hpp"

#include <algorithm>

namespace atrium::net {

ShowLog::Slot ShowLog::slotOf(const ShowAction& a) {
    using K = ShowAction::Kind;
    switch (a.kind) {
        case K::Show:
        case K::Hide: return {0, a.target, {}};
        case K::Enable:
        case K::Disable: return {1, a.target, {}};
        case K::StartTimeline:
        case K::StopTimeline: return {2, a.target, {}};
        case K::SetCounter:
        case K::AddCounter: return {3, StableId{}, a.text};
        default: return {10 + int(a.kind), a.target, {}};  // each tween kind on its own
    }
}

void ShowLog::add(const ShowChangeMsg& m) { latest_[slotOf(m.action)] = {++sequence_, m}; }

std::vector<ShowChangeMsg> ShowLog::replay() const {
    std::vector<std::pair<std::uint64_t, const ShowChangeMsg*>> order;
    order.reserve(latest_.size());
    for (const auto& [slot, entry] : latest_) order.emplace_back(entry.first, &entry.second);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ShowChangeMsg> out;
    out.reserve(order.size());
    for (const auto& [seq, m] : order) out.push_back(*m);
    return out;
}

std::vector<ShowChangeMsg> foldChanges(const std::vector<ShowChangeMsg>& changes) {
    std::map<std::pair<ShowLog::Slot, std::uint32_t>, std::size_t> last;  // (slot, tick) -> index of its last change
    for (std::size_t i = 0; i < changes.size(); ++i) last[{ShowLog::slotOf(changes[i].action), changes[i].serverTick}] = i;
    std::vector<ShowChangeMsg> out;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        if (last[{ShowLog::slotOf(changes[i].action), changes[i].serverTick}] == i) out.push_back(changes[i]);
    }
    return out;
}

}  // namespace atrium::net
