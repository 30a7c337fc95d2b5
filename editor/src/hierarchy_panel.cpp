#include "hierarchy_panel.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace atrium::editor {

namespace {

constexpr const char* kPayload = "ATRIUM_ENTITY";

bool containsIgnoringCase(std::string_view text, std::string_view needle) {
    auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != text.end();
}

std::string label(const World& world, Entity e) {
    const Name* n = world.get<Name>(e);
    std::string text = n && !n->value.empty() ? n->value : "(" + toHex(world.stableId(e)).substr(0, 8) + ")";
    if (world.has<KitInstance>(e)) text += "  [kit]";
    return text;
}

}  // namespace

void HierarchyPanel::setExpanded(StableId id, bool open) {
    bool changed = open ? expanded_.insert(id).second : expanded_.erase(id) != 0;
    dirty_ = dirty_ || changed;
}

void HierarchyPanel::expandAll(const World& world) {
    world.forEachEntity([&](Entity e) {
        if (world.childCount(e)) expanded_.insert(world.stableId(e));
    });
    dirty_ = true;
}

const std::vector<HierarchyPanel::Row>& HierarchyPanel::rows(const World& world, std::uint64_t revision) {
    if (dirty_ || builtStructure_ != world.structureVersion() || builtRevision_ != revision || builtFilter_ != filter) {
        rebuild(world);
        builtStructure_ = world.structureVersion();
        builtRevision_ = revision;
        builtFilter_ = filter;
        dirty_ = false;
    }
    return rows_;
}

void HierarchyPanel::addRows(const World& world, Entity e, int depth, const std::unordered_set<StableId>* keep) {
    StableId id = world.stableId(e);
    if (keep && !keep->count(id)) return;
    bool hasChildren = world.childCount(e) != 0;
    rows_.push_back(Row{e, depth, hasChildren});
    // While filtering, the path to every match is shown open.
    if (!hasChildren || (!keep && !expanded_.count(id))) return;
    for (Entity c : world.children(e)) addRows(world, c, depth + 1, keep);
}

void HierarchyPanel::rebuild(const World& world) {
    rows_.clear();
    rows_.reserve(world.entityCount());
    std::unordered_set<StableId> keep;
    if (!filter.empty()) {
        world.forEachEntity([&](Entity e) {
            const Name* n = world.get<Name>(e);
            if (!n || !containsIgnoringCase(n->value, filter)) return;
            for (Entity cur = e; cur && keep.insert(world.stableId(cur)).second; cur = world.parent(cur)) {
            }
        });
    }
    for (Entity r : world.roots()) addRows(world, r, 0, filter.empty() ? nullptr : &keep);
}

void HierarchyPanel::draw(Document& doc) {
    const World& world = doc.world();
    ImGui::SetNextItemWidth(-1.0f);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", filter.c_str());
    if (ImGui::InputTextWithHint("##filter", "Filter by name", buf, sizeof buf)) filter = buf;
    filterRect = ItemRect::lastItem();

    const std::vector<Row>& list = rows(world, doc.history().revision());
    rowRects.clear();
    drawnRows = 0;
    StableId dropped, dropTarget;
    bool dropToRoot = false;
    std::vector<std::pair<StableId, bool>> toggles;
    Selection& selection = doc.selection();

    ImGui::BeginChild("##tree", ImVec2(0, 0), false);
    ImGuiListClipper clipper;
    clipper.Begin(int(list.size()));
    const float indent = ImGui::GetStyle().IndentSpacing;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Row& row = list[std::size_t(i)];
            if (!world.alive(row.entity)) continue;
            StableId id = world.stableId(row.entity);
            ++drawnRows;
            ImGui::PushID(int(id.value & 0x7fffffff));
            ImGui::PushID(int(id.value >> 32));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent * float(row.depth));
            ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_NoTreePushOnOpen;
            if (!row.hasChildren) flags |= ImGuiTreeNodeFlags_Leaf;
            if (selection.contains(id)) flags |= ImGuiTreeNodeFlags_Selected;
            bool wasOpen = filter.empty() ? expanded_.count(id) != 0 : true;
            ImGui::SetNextItemOpen(wasOpen);
            bool open = ImGui::TreeNodeEx("##node", flags, "%s", label(world, row.entity).c_str());
            rowRects[id] = ItemRect::lastItem();
            if (filter.empty() && open != wasOpen) toggles.emplace_back(id, open);
            if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) {
                const ImGuiIO& io = ImGui::GetIO();
                if (io.KeyShift) selection.add(id);
                else if (io.KeyCtrl) selection.toggle(id);
                else selection.select(id);
            }
            if (ImGui::BeginDragDropSource()) {
                ImGui::SetDragDropPayload(kPayload, &id.value, sizeof id.value);
                ImGui::TextUnformatted(label(world, row.entity).c_str());
                ImGui::EndDragDropSource();
            }
            if (ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPayload)) {
                    std::memcpy(&dropped.value, p->Data, sizeof dropped.value);
                    dropTarget = id;
                }
                ImGui::EndDragDropTarget();
            }
            ImGui::PopID();
            ImGui::PopID();
        }
    }
    // The empty area below the rows takes drops too: dropping there makes the entity a root.
    ImVec2 rest = ImGui::GetContentRegionAvail();
    ImGui::Dummy(ImVec2(std::max(rest.x, 1.0f), std::max(rest.y, 20.0f)));
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPayload)) {
            std::memcpy(&dropped.value, p->Data, sizeof dropped.value);
            dropToRoot = true;
        }
        ImGui::EndDragDropTarget();
    }
    ImGui::EndChild();

    for (auto [id, open] : toggles) setExpanded(id, open);
    if (!dropped.valid() || (!dropToRoot && !dropTarget.valid()) || dropped == dropTarget) return;
    // Dragging one of several selected entities moves the whole selection.
    std::vector<StableId> moving = selection.contains(dropped) ? selection.topLevel(world) : std::vector<StableId>{dropped};
    CommandGroup group{"Reparent", {}};
    for (StableId id : moving) {
        if (id != dropTarget) group.commands.push_back(Reparent{id, dropToRoot ? StableId{} : dropTarget, {}});
    }
    if (group.commands.empty()) return;
    if (doc.execute(std::move(group)).ok() && dropTarget.valid()) setExpanded(dropTarget, true);
}

}  // namespace atrium::editor
