#pragma once
// The entity tree: expand and collapse, click to select (Shift adds, Ctrl toggles), drag an
// entity onto another to reparent it (onto the empty area below: make it a root), a filter by
// name. Only the visible rows are submitted (ImGuiListClipper), so 10,000+ entities stay cheap;
// the flattened row list is rebuilt only when the World's structure, a name, the filter or the
// expanded set changes.
#include <imgui.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "document.hpp"
#include "item_rect.hpp"

namespace atrium::editor {

class HierarchyPanel {
public:
    struct Row {
        Entity entity;
        int depth = 0;
        bool hasChildren = false;
    };

    // Draws into the current window.
    void draw(Document& doc);

    std::string filter;
    ItemRect filterRect;  // test hook: where the filter field was drawn
    void setExpanded(StableId id, bool open);
    bool isExpanded(StableId id) const { return expanded_.count(id) != 0; }
    void expandAll(const World& world);
    const std::vector<Row>& rows(const World& world, std::uint64_t revision);

    // Test hooks: where each row was drawn in the last frame, and how many rows were submitted.
    std::unordered_map<StableId, ItemRect> rowRects;
    std::size_t drawnRows = 0;

private:
    void rebuild(const World& world);
    void addRows(const World& world, Entity e, int depth, const std::unordered_set<StableId>* keep);

    std::unordered_set<StableId> expanded_;
    std::vector<Row> rows_;
    bool dirty_ = true;
    std::uint64_t builtStructure_ = ~0ull;
    std::uint64_t builtRevision_ = ~0ull;
    std::string builtFilter_;
};

}  // namespace atrium::editor
