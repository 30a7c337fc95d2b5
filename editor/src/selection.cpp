#include "selection.hpp"

#include <algorithm>

namespace atrium::editor {

void Selection::select(StableId id) {
    clear();
    add(id);
}

void Selection::add(StableId id) {
    if (!id.valid()) return;
    if (set_.insert(id).second) {
        ids_.push_back(id);
        return;
    }
    // Already selected: make it the primary.
    ids_.erase(std::find(ids_.begin(), ids_.end(), id));
    ids_.push_back(id);
}

void Selection::toggle(StableId id) {
    if (!contains(id)) return add(id);
    set_.erase(id);
    ids_.erase(std::find(ids_.begin(), ids_.end(), id));
}

void Selection::clear() {
    ids_.clear();
    set_.clear();
}

void Selection::prune(const World& world) {
    auto dead = [&](StableId id) { return !world.find(id); };
    if (std::none_of(ids_.begin(), ids_.end(), dead)) return;
    ids_.erase(std::remove_if(ids_.begin(), ids_.end(), dead), ids_.end());
    set_ = {ids_.begin(), ids_.end()};
}

std::vector<StableId> Selection::topLevel(const World& world) const {
    std::vector<StableId> out;
    for (StableId id : ids_) {
        Entity e = world.find(id);
        if (!e) continue;
        bool covered = false;
        for (Entity p = world.parent(e); p && !covered; p = world.parent(p)) covered = contains(world.stableId(p));
        if (!covered) out.push_back(id);
    }
    return out;
}

}  // namespace atrium::editor
