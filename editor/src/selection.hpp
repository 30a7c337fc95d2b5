#pragma once
// The editor's selection: stable ids (never handles, which undo recreates), in the order they
// were picked; the last one is the primary (the inspector shows it, the gizmo pivots on it).
// Dear ImGui 1.86 has no multi-select API, so the hierarchy and the viewport both edit this.
// Selection is editor state, not World state: changing it never touches the undo stack.
#include <unordered_set>
#include <vector>

#include "atrium/scene/world.hpp"

namespace atrium::editor {

class Selection {
public:
    void select(StableId id);  // only this one
    void add(StableId id);     // Shift-click
    void toggle(StableId id);  // Ctrl-click
    void clear();
    // Drops ids whose entities no longer exist (after delete or undo of a create).
    void prune(const World& world);

    bool contains(StableId id) const { return set_.count(id) != 0; }
    bool empty() const { return ids_.empty(); }
    std::size_t size() const { return ids_.size(); }
    StableId primary() const { return ids_.empty() ? StableId{} : ids_.back(); }
    const std::vector<StableId>& ids() const { return ids_; }
    // The selected entities that have no selected ancestor (what delete, duplicate and copy act on).
    std::vector<StableId> topLevel(const World& world) const;

private:
    std::vector<StableId> ids_;
    std::unordered_set<StableId> set_;
};

}  // namespace atrium::editor
