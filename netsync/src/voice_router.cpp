#include "voice_router.hpp"

#include <algorithm>

namespace atrium::net {

void VoiceRouter::route(std::span<const VoiceMember> members) {
    if (heardBy_.size() < members.size()) heardBy_.resize(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) heardBy_[i].clear();
    items_.clear();
    talkers_.clear();
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (!members[i].talking || members[i].heardEverywhere) continue;
        items_.push_back({NetId(talkers_.size()), members[i].position});
        talkers_.push_back(i);
    }
    if (items_.empty()) return;
    grid_.rebuild(items_);
    const float radiusSquared = radius_ * radius_;
    for (std::size_t m = 0; m < members.size(); ++m) {
        hits_.clear();
        grid_.query(members[m].position, radius_, hits_);
        // The grid's cells overlap the circle's edge, and a listener does not hear itself.
        std::erase_if(hits_, [&](const InterestGrid::Hit& h) { return h.distanceSquared > radiusSquared || talkers_[h.id] == m; });
        if (hits_.size() > maxSpeakers_) {
            auto nearer = [](const InterestGrid::Hit& a, const InterestGrid::Hit& b) {
                return a.distanceSquared != b.distanceSquared ? a.distanceSquared < b.distanceSquared : a.id < b.id;
            };
            std::nth_element(hits_.begin(), hits_.begin() + std::ptrdiff_t(maxSpeakers_), hits_.end(), nearer);
            hits_.resize(maxSpeakers_);
        }
        for (const InterestGrid::Hit& h : hits_) heardBy_[talkers_[h.id]].push_back(members[m].client);
    }
}

std::span<const std::uint32_t> VoiceRouter::listeners(std::size_t member) const {
    if (member >= heardBy_.size()) return {};
    return heardBy_[member];
}

}  // namespace atrium::net
