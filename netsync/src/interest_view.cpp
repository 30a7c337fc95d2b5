#include "interest_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

namespace atrium::net {

void ViewChooser::choose(const InterestGrid& grid, const ViewQuery& query, ClientView& view, std::vector<NetId>& undescribed) {
    std::size_t keep = query.maxInterest > 0 ? query.maxInterest - 1 : 0;
    findNearby(grid, query, keep, view);
    view.reach = 0.0f;
    if (nearest_.size() > keep) keepNearest(keep);
    if (keep > 0 && nearest_.size() == keep) {
        for (const auto& [d, id] : nearest_) view.reach = std::max(view.reach, d + kInterestHysteresis);
    }
    added_.clear();
    if (query.selfAlive) added_.push_back(query.self);
    for (const auto& [d, id] : nearest_) added_.push_back(id);
    mergeIntoView(view);
    for (NetId id : view.ids) {  // `known` was grown to hold every one
        // Sent before the snapshot that first holds it, on the reliable channel; a client
        // shows an entity once it has both.
        if (!(view.known[id] & kDescribed)) undescribed.push_back(id);
        view.known[id] |= kDescribed | kInView;
    }
    view.age = 0;
}

// The entities within reach of the client into `nearest_`, with their distances (less the
// hysteresis for those already in view).
void ViewChooser::findNearby(const InterestGrid& grid, const ViewQuery& query, std::size_t keep, const ClientView& view) {
    // In a crowd the nearest few dozen are much closer than the interest radius: look
    // first just beyond where the last full view ended, and wider only if that is not full.
    float radius = query.radius + kInterestHysteresis;
    hits_.clear();
    if (view.reach > 0.0f && view.reach + 2.0f * kInterestHysteresis < radius) {
        float reach = view.reach + 2.0f * kInterestHysteresis;
        grid.query(query.me, reach, hits_);
        // Enough of them nearer than anything outside could seem (with its hysteresis)?
        float sure = (reach - kInterestHysteresis) * (reach - kInterestHysteresis);
        std::size_t inside = 0;
        for (const InterestGrid::Hit& h : hits_) inside += h.distanceSquared <= sure && h.id != query.self;
        if (inside <= keep) hits_.clear();
    }
    if (hits_.empty()) grid.query(query.me, radius, hits_);
    nearest_.clear();
    for (const InterestGrid::Hit& h : hits_) {
        if (h.id == query.self) continue;
        float d = std::sqrt(h.distanceSquared);
        bool inView = h.id < view.known.size() && (view.known[h.id] & kInView);
        if (inView) d -= kInterestHysteresis;
        else if (d > query.radius) continue;
        nearest_.emplace_back(d, h.id);
    }
}

// Leaves the `keep` nearest in `nearest_` (the same as nth_element would, ties to the lower
// id), in no order. The distances go into buckets first: nth_element's comparisons of a few
// hundred distances, of unpredictable outcome, were a third of choosing a view; only the
// bucket where the cut falls is left to it.
void ViewChooser::keepNearest(std::size_t keep) {
    constexpr std::size_t kBuckets = 64;
    float lo = nearest_.front().first, hi = lo;
    for (const auto& [d, id] : nearest_) lo = std::min(lo, d), hi = std::max(hi, d);
    const float scale = hi > lo ? float(kBuckets - 1) / (hi - lo) : 0.0f;
    auto bucketOf = [&](float d) { return std::min(std::size_t((d - lo) * scale), kBuckets - 1); };
    std::array<std::uint32_t, kBuckets> count{};
    for (const auto& [d, id] : nearest_) ++count[bucketOf(d)];
    std::size_t cut = 0, below = 0;  // the bucket the keep-th nearest is in, and how many are nearer
    while (below + count[cut] < keep) below += count[cut++];
    cutBucket_.clear();
    std::size_t kept = 0;
    for (const auto& entry : nearest_) {
        std::size_t b = bucketOf(entry.first);
        if (b < cut) nearest_[kept++] = entry;
        else if (b == cut) cutBucket_.push_back(entry);
    }
    std::size_t need = keep - below;
    std::nth_element(cutBucket_.begin(), cutBucket_.begin() + std::ptrdiff_t(need), cutBucket_.end());
    nearest_.resize(keep);
    std::copy(cutBucket_.begin(), cutBucket_.begin() + std::ptrdiff_t(need), nearest_.begin() + std::ptrdiff_t(kept));
}

// The chosen entities (`added_`) become the view. A view changes by a few entities between
// refreshes: those staying keep their place (ascending ids), and only those new to it are
// sorted and merged in. Sorting the whole view every time was the most of choosing it.
void ViewChooser::mergeIntoView(ClientView& view) {
    std::vector<std::uint8_t>& known = view.known;
    for (NetId id : added_) {
        if (id >= known.size()) known.resize(std::size_t(id) + 1, 0);
        known[id] |= kChosen;
    }
    kept_.clear();
    for (NetId id : view.ids) {
        if (id >= known.size()) continue;
        if (known[id] & kChosen) kept_.push_back(id);
        known[id] &= std::uint8_t(~(kChosen | kInView));
    }
    // What is still marked was not in the view before.
    added_.erase(std::remove_if(added_.begin(), added_.end(), [&](NetId id) { return !(known[id] & kChosen); }), added_.end());
    for (NetId id : added_) known[id] &= std::uint8_t(~kChosen);
    std::sort(added_.begin(), added_.end());
    view.ids.clear();
    std::merge(kept_.begin(), kept_.end(), added_.begin(), added_.end(), std::back_inserter(view.ids));
}

}  // namespace atrium::net
