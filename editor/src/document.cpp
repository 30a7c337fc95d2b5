#include "document.hpp"

#include "atrium/assets/venue_export.hpp"
#include "atrium/core/log.hpp"
#include "atrium/scene/venue_file.hpp"
#include "venue_templates.hpp"

namespace atrium::editor {

namespace {
Error notWhilePlaying(std::string_view what) { return Error{std::string(what) + ": not while playing (stop play mode first)"}; }
}  // namespace

Status Document::execute(Command command, MergePolicy policy) {
    if (playing()) return notWhilePlaying("edit");
    Status s = history_.execute(world_, std::move(command), policy);
    if (!s.ok()) lastMessage = s.error().message;
    afterChange();
    return s;
}

Status Document::undo() {
    if (playing()) return notWhilePlaying("undo");
    Status s = history_.undo(world_);
    afterChange();
    return s;
}

Status Document::redo() {
    if (playing()) return notWhilePlaying("redo");
    Status s = history_.redo(world_);
    afterChange();
    return s;
}

void Document::afterChange() { selection_.prune(world_); }

Status Document::deleteSelection() {
    std::vector<StableId> roots = selection_.topLevel(world_);
    if (roots.empty()) return Error{"delete: nothing selected"};
    CommandGroup group{roots.size() == 1 ? "Delete" : "Delete " + std::to_string(roots.size()) + " entities", {}};
    for (StableId id : roots) group.commands.push_back(DestroyEntity{id, {}});
    return execute(std::move(group));
}

Status Document::duplicateSelection() {
    std::vector<StableId> roots = selection_.topLevel(world_);
    if (roots.empty()) return Error{"duplicate: nothing selected"};
    CommandGroup group{"Duplicate", {}};
    std::vector<StableId> copies;
    for (StableId id : roots) {
        Result<Command> dup = makeDuplicate(world_, id);
        if (!dup.ok()) return dup.error();
        copies.push_back(std::get<CreateEntities>(*dup).tree.entities.front().id);
        group.commands.push_back(std::move(*dup));
    }
    if (Status s = execute(std::move(group)); !s.ok()) return s;
    selection_.clear();
    for (StableId id : copies) selection_.add(id);
    return Ok{};
}

void Document::copySelection() {
    clipboard_.clear();
    for (StableId id : selection_.topLevel(world_)) {
        Entity e = world_.find(id);
        if (e && !world_.has<Generated>(e)) clipboard_.push_back(copyTree(world_, e));
    }
}

Status Document::paste() {
    if (clipboard_.empty()) return Error{"paste: the clipboard is empty"};
    Entity primary = world_.find(selection_.primary());
    StableId parent = primary ? world_.stableId(world_.parent(primary)) : StableId{};
    CommandGroup group{"Paste", {}};
    std::vector<StableId> pasted;
    for (const EntityTree& tree : clipboard_) {
        Command c = makePaste(world_, tree, parent);
        pasted.push_back(std::get<CreateEntities>(c).tree.entities.front().id);
        group.commands.push_back(std::move(c));
    }
    if (Status s = execute(std::move(group)); !s.ok()) return s;
    selection_.clear();
    for (StableId id : pasted) selection_.add(id);
    return Ok{};
}

std::string Document::title() const {
    std::string name = path_.empty() ? "untitled" : path_.filename().string();
    return dirty() ? name + "*" : name;
}

void Document::reset(World world, std::filesystem::path venue, bool isDirty) {
    if (playing()) exitPlay();
    world_ = std::move(world);
    world_.updateTransforms();
    path_ = std::move(venue);
    history_.clear();
    forcedDirty_ = isDirty;
    selection_.clear();
    clipboard_.clear();
    lastAutosave_ = -1.0;
    autosavedRevision_ = history_.revision();
}

Status Document::newFromTemplate(std::string_view templateId) {
    Result<World> w = buildVenueTemplate(templateId);
    if (!w.ok()) return w.error();
    reset(std::move(*w), {}, false);
    lastMessage = "New venue from template " + std::string(templateId);
    return Ok{};
}

Status Document::open(const std::filesystem::path& venue) {
    Result<World> w = loadVenue(venue);
    if (!w.ok()) {
        lastMessage = w.error().toString();
        return w.error();
    }
    reset(std::move(*w), venue, false);
    lastMessage = "Opened " + venue.string();
    return Ok{};
}

Status Document::save() {
    if (path_.empty()) return Error{"save: the venue has no file yet (use Save As)"};
    return saveAs(path_);
}

Status Document::saveAs(const std::filesystem::path& venue) {
    if (playing()) return notWhilePlaying("save");
    if (Status s = saveVenue(world_, venue); !s.ok()) {
        lastMessage = s.error().toString();
        return s;
    }
    std::filesystem::path oldRecovery = recoveryPath();
    path_ = venue;
    history_.markSaved();
    forcedDirty_ = false;
    std::error_code ec;
    std::filesystem::remove(oldRecovery, ec);
    std::filesystem::remove(recoveryPath(), ec);
    lastMessage = "Saved " + venue.string();
    return Ok{};
}

Status Document::exportGlb(const std::filesystem::path& glb) {
    AssetCache assets(path_.empty() ? std::filesystem::current_path() : path_.parent_path());
    VenueExportReport report;
    world_.updateTransforms();
    Status s = exportVenueGlb(playing() ? *playSnapshot_ : world_, assets, glb, &report);
    lastMessage = s.ok() ? "Exported " + glb.string() + " (" + std::to_string(report.nodes) + " nodes, " +
                               std::to_string(report.meshes) + " meshes)"
                         : "Export failed: " + s.error().toString();
    return s;
}

std::filesystem::path Document::recoveryPath() const {
    if (path_.empty()) return untitledDir_ / "untitled.venue.json.recovery";
    std::filesystem::path p = path_;
    p += ".recovery";
    return p;
}

bool Document::tickAutosave(double now) {
    if (lastAutosave_ < 0.0) lastAutosave_ = now;
    if (now - lastAutosave_ < kAutosaveIntervalSeconds) return false;
    lastAutosave_ = now;
    if (!dirty() || history_.revision() == autosavedRevision_ || playing()) return false;
    if (Status s = writeRecovery(); !s.ok()) {
        lastMessage = "Autosave failed: " + s.error().toString();
        return false;
    }
    return true;
}

Status Document::writeRecovery() {
    const World& w = playing() ? *playSnapshot_ : world_;
    std::error_code ec;
    std::filesystem::create_directories(recoveryPath().parent_path(), ec);
    if (Status s = writeFileAtomically(recoveryPath(), saveVenueToString(w)); !s.ok()) return s;
    autosavedRevision_ = history_.revision();
    lastMessage = "Autosaved to " + recoveryPath().string();
    return Ok{};
}

void Document::removeRecovery() {
    std::error_code ec;
    std::filesystem::remove(recoveryPath(), ec);
}

std::optional<std::filesystem::path> Document::findRecovery(const std::filesystem::path& venue) {
    std::filesystem::path recovery = venue;
    recovery += ".recovery";
    std::error_code ec;
    if (!std::filesystem::exists(recovery, ec)) return std::nullopt;
    if (std::filesystem::exists(venue, ec) &&
        std::filesystem::last_write_time(recovery, ec) < std::filesystem::last_write_time(venue, ec)) {
        return std::nullopt;  // saved after the crash's autosave: the file is newer
    }
    return recovery;
}

Status Document::recover(const std::filesystem::path& venue, const std::filesystem::path& recovery) {
    Result<World> w = loadVenue(recovery);
    if (!w.ok()) return w.error();
    reset(std::move(*w), venue, true);
    lastMessage = "Recovered unsaved changes from " + recovery.string();
    return Ok{};
}

Status Document::enterPlay() {
    if (playing()) return Ok{};
    history_.seal();
    playSnapshot_ = world_;
    playSelection_ = selection_;
    Entity spawn = kNullEntity;
    world_.each<SpawnPoint>([&](Entity e, SpawnPoint&) {
        if (!spawn) spawn = e;
    });
    world_.updateTransforms();
    vec3 at = spawn ? vec3(world_.worldMatrix(spawn)[3]) : vec3(0.0f);
    Entity avatar = world_.create("Player");
    world_.get<Transform>(avatar)->position = at;
    world_.add<Avatar>(avatar, Avatar{.displayName = "Player"});
    world_.add<CharacterController>(avatar, CharacterController{});
    player_ = world_.stableId(avatar);
    lastMessage = spawn ? "Playing: spawned at " + toHex(world_.stableId(spawn)) : "Playing: no spawn point, spawned at the origin";
    return Ok{};
}

void Document::exitPlay() {
    if (!playing()) return;
    world_ = std::move(*playSnapshot_);
    playSnapshot_.reset();
    selection_ = std::move(*playSelection_);
    playSelection_.reset();
    player_ = {};
    world_.updateTransforms();
    lastMessage = "Stopped playing; the edited venue is back";
}

}  // namespace atrium::editor
