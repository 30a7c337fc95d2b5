#pragma once
// The show's World changes as the server keeps them for late joiners: the newest change per
// slot (an entity's visibility, its enabled state, each tween kind, its light, its timeline, a
// counter), replayed in the order they were made with their original ticks, so a follower that
// joins mid-show computes what everyone else sees. Bounded by the venue, not by how long the
// show has run. It also folds a tick's changes to one per slot, which is what bounds the
// messages a busy trigger can cause.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "atrium/net/show_protocol.hpp"

namespace atrium::net {

class ShowLog {
public:
    using Slot = std::tuple<int, StableId, std::string>;
    static Slot slotOf(const ShowAction& a);

    void add(const ShowChangeMsg& m);
    std::vector<ShowChangeMsg> replay() const;

private:
    std::map<Slot, std::pair<std::uint64_t, ShowChangeMsg>> latest_;
    std::uint64_t sequence_ = 0;
};

// Folds `changes` (in order) to the last per slot and tick, keeping their order.
std::vector<ShowChangeMsg> foldChanges(const std::vector<ShowChangeMsg>& changes);

}  // namespace atrium::net
