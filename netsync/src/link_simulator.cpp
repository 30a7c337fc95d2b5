#include "atrium/net/link_simulator.hpp"

#include <algorithm>

namespace atrium::net {

double LinkSimulator::delay(bool reliable) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double d = conditions_.latencySeconds + (unit(rng_) * 2.0 - 1.0) * conditions_.jitterSeconds;
    if (!reliable && unit(rng_) < conditions_.reorderRate) d += conditions_.reorderDelaySeconds;
    return std::max(0.0, d);
}

void LinkSimulator::send(std::vector<std::uint8_t> packet, double now, bool reliable) {
    ++sent_;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (!reliable && unit(rng_) < conditions_.lossRate) {
        ++dropped_;
        return;
    }
    double departs = now;
    if (conditions_.bandwidthKbps > 0.0) {
        departs = std::max(now, linkFreeAt_);
        if (!reliable && departs - now > conditions_.queueSeconds) {
            ++overflowed_;
            return;
        }
        linkFreeAt_ = departs + double(packet.size()) * 8.0 / (conditions_.bandwidthKbps * 1000.0);
        departs = linkFreeAt_;  // it is on its way once its last bit is
    }
    double due = departs + delay(reliable);
    if (reliable) {
        due = std::max(due, lastReliableDue_);  // an ordered channel never overtakes itself
        lastReliableDue_ = due;
    } else if (unit(rng_) < conditions_.duplicateRate) {
        ++duplicated_;
        queue_.push_back({departs + delay(false), order_++, packet});
    }
    queue_.push_back({due, order_++, std::move(packet)});
}

std::vector<std::vector<std::uint8_t>> LinkSimulator::receive(double now) {
    std::vector<std::vector<std::uint8_t>> out;
    auto due = std::stable_partition(queue_.begin(), queue_.end(), [&](const InFlight& p) { return p.due > now; });
    std::vector<InFlight> ready(std::make_move_iterator(due), std::make_move_iterator(queue_.end()));
    queue_.erase(due, queue_.end());
    std::sort(ready.begin(), ready.end(),
              [](const InFlight& a, const InFlight& b) { return a.due != b.due ? a.due < b.due : a.order < b.order; });
    for (InFlight& p : ready) out.push_back(std::move(p.bytes));
    return out;
}

}  // namespace atrium::net
