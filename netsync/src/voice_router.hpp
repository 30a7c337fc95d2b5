#pragma once
// Whom each speaker is forwarded to, chosen once per tick: for every listener the nearest
// `maxSpeakers` talking avatars within `hearingRadius` (through an InterestGrid of the talkers
// alone, so a crowd of 1,000 with 100 talking costs 1,000 small grid queries), and everyone for
// those heard venue-wide (a presenter on a stage zone, a host's announcement). The result is
// kept per speaker, inverted, so a frame that arrives is sent to its listeners without a search.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "atrium/core/math.hpp"
#include "atrium/net/interest_grid.hpp"

namespace atrium::net {

struct VoiceMember {
    std::uint32_t client = 0;
    vec3 position{0.0f};
    bool talking = false;          // sent a frame lately and may be heard (not muted)
    bool heardEverywhere = false;  // talking from a stage zone, or a host's announcement
};

class VoiceRouter {
public:
    VoiceRouter(float hearingRadius, std::size_t maxSpeakers) : radius_(hearingRadius), maxSpeakers_(maxSpeakers) {}

    // Chooses anew for `members` (every joined client, listeners and talkers alike).
    void route(std::span<const VoiceMember> members);
    // The listeners chosen for members[i] (empty unless it talks positionally); those heard
    // everywhere go to every member but themselves, which the caller knows from the member.
    std::span<const std::uint32_t> listeners(std::size_t member) const;

private:
    float radius_;
    std::size_t maxSpeakers_;
    InterestGrid grid_{10.0f};
    std::vector<InterestGrid::Item> items_;            // positional talkers; id: index into talkers_
    std::vector<std::size_t> talkers_;                 // member index of each positional talker
    std::vector<std::vector<std::uint32_t>> heardBy_;  // by member index
    std::vector<InterestGrid::Hit> hits_;
};

}  // namespace atrium::net
