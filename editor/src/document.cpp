#include "document.hpp"

#include "atrium/assets/venue_export.hpp"
#include "atrium/core/log.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/physics/standing_spot.hpp"
#include "atrium/scene/rules/venue_rules.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/venue_file.hpp"

#include <algorithm>
#include <glm/gtc/quaternion.hpp>
#include <span>
#include "venue_templates.hpp"

namespace atrium::editor {

namespace {
Error notWhilePlaying(std::string_view what) { return Error{std::string(what) + ": not while playing (stop play mode first)"}; }
}  // namespace

Document::Document() = default;
Document::~Document() = default;

Status Document::execute(Command command, MergePolicy policy) {
    if (playing()) return notWhilePlaying("edit");
    Status s = history_.execute(world_, std::move(command), policy);
    if (!s.ok()) lastMessage = s.error().message;
    // The newest step: a merged continuous edit is sent whole again (setting a value twice is harmless).
    else if (recording_) applied_.push_back(history_.step(history_.undoCount() - 1));
    afterChange();
    return s;
}

Status Document::undo() {
    if (playing()) return notWhilePlaying("undo");
    Status s = history_.undo(world_);
    if (s.ok() && recording_) applied_.push_back(inverseOf(history_.step(history_.undoCount())));
    afterChange();
    return s;
}

Status Document::redo() {
    if (playing()) return notWhilePlaying("redo");
    Status s = history_.redo(world_);
    if (s.ok() && recording_) applied_.push_back(history_.step(history_.undoCount() - 1));
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

Status Document::dropSelectionToFloor() {
    std::vector<StableId> roots = selection_.topLevel(world_);
    if (roots.empty()) return Error{"snap to floor: nothing selected"};
    world_.updateTransforms();
    PhysicsWorld physics(world_);
    physics.sync();
    constexpr float kProbeAbove = 2.0f;  // start a little above, so a half-buried piece comes up
    CommandGroup group{"Snap to floor", {}};
    for (StableId id : roots) {
        Entity e = world_.find(id);
        const Transform* t = world_.get<Transform>(e);
        if (!t) continue;
        vec3 origin = vec3(world_.worldMatrix(e)[3]);
        for (const RayHit& hit : physics.raycastAll(origin + vec3(0, kProbeAbove, 0), vec3(0, -1, 0), 1000.0f)) {
            if (world_.isAncestor(e, hit.entity)) continue;  // its own colliders
            Entity parent = world_.parent(e);
            mat4 parentInv = parent ? glm::inverse(world_.worldMatrix(parent)) : mat4(1.0f);
            Transform moved = *t;
            moved.position = vec3(parentInv * vec4(origin.x, hit.point.y, origin.z, 1.0f));
            group.commands.push_back(SetComponent{id, moved, {}});
            break;
        }
    }
    if (group.commands.empty()) return Error{"snap to floor: no floor below the selection"};
    return execute(std::move(group));
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
    ++resets_;
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
    lastMessage = s.ok() ? "Exported " + glb.string() + " (" + std::to_string(report.nodes) + " nodes, " + std::to_string(report.meshes) +
                               " meshes)"
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
    if (std::filesystem::exists(venue, ec) && std::filesystem::last_write_time(recovery, ec) < std::filesystem::last_write_time(venue, ec)) {
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
    Entity avatar = world_.create("Player");
    world_.add<Avatar>(avatar, Avatar{.displayName = "Player"});
    world_.add<CharacterController>(avatar, CharacterController{});
    // On the avatar layer, as everyone is in a shared session: a trigger that ignores avatars
    // live must ignore the player here too, or play mode would test another venue.
    world_.add<Collider>(avatar, Collider{.layer = kAvatarLayer, .mask = ~kAvatarLayer});
    player_ = world_.stableId(avatar);
    playAssets_.setRoot(path_.empty() ? std::filesystem::path() : path_.parent_path());
    physics_ = std::make_unique<PhysicsWorld>(world_, &playAssets_);
    physics_->sync();
    space_ = std::make_unique<PhysicsVenueSpace>(*physics_);
    rules_ = std::make_unique<VenueRules>(world_, space_.get());
    // The player arrives as the first guest of a live session would (arrival 1: client ids
    // start at 1), beside a spawn point that is inside geometry, which the message names.
    rules_->arrive(avatar, 1);
    playClock_ = 0.0;
    playSteps_ = 0;
    const StableId player = player_;
    show_ = std::make_unique<ShowRunner>(world_, [player](StableId a) { return a == player ? PersonRole::Host : PersonRole::Attendee; });
    show_->start(playShowTime());
    const ArrivalArea& arrival = rules_->arrival();
    lastMessage = arrival.spawnPoint.valid() ? "Playing: arrived at " + nameOf(arrival.spawnPoint)
                                             : "Playing: no spawn point, arrived at the origin";
    if (!arrival.warning.empty()) lastMessage += "; " + arrival.warning;
    return Ok{};
}

void Document::exitPlay() {
    if (!playing()) return;
    show_.reset();
    rules_.reset();  // they refer to the World about to be replaced
    space_.reset();
    physics_.reset();
    playEvents_.clear();
    playRuleEvents_.clear();
    world_ = std::move(*playSnapshot_);
    playSnapshot_.reset();
    selection_ = std::move(*playSelection_);
    playSelection_.reset();
    player_ = {};
    world_.updateTransforms();
    lastMessage = "Stopped playing; the edited venue is back";
}

}  // namespace atrium::editor

namespace atrium::editor {

void Document::tickPlay(double frameSeconds) {
    if (!playing() || !physics_) return;
    playEvents_.clear();
    playRuleEvents_.clear();
    // Fixed 60 Hz steps, in a live session's order: the avatar moves (physics), the rules see
    // where it went (portals), then the venue's rules step (seats, triggers).
    playClock_ += std::clamp(frameSeconds, 0.0, 0.25);
    for (int i = 0; i < 8 && playClock_ >= PhysicsWorld::kStepSeconds; ++i) {
        playClock_ -= PhysicsWorld::kStepSeconds;
        physics_->step();
        if (Entity avatar = world_.find(player_)) rules_->afterMove(avatar);
        rules_->step();
        ++playSteps_;
        const std::size_t from = playRuleEvents_.size();
        takeRuleEvents();
        // After the rules, as the server's simulation runs it, on the step clock.
        show_->update(playShowTime(), std::span<const RuleEvent>(playRuleEvents_).subspan(from));
        takeShowEffects();
    }
    world_.updateTransforms();
}

// What the show asks of the app, said in the status line (play mode has no screens or chat).
void Document::takeShowEffects() {
    for (const ShowEffect& e : show_->takeEffects()) {
        using K = ShowEffect::Kind;
        if (e.kind == K::Announce) lastMessage = "Announcement: " + e.text;
        else if (e.kind == K::MediaPlay) lastMessage = "Screen " + nameOf(e.target) + " plays";
        else if (e.kind == K::MediaPause) lastMessage = "Screen " + nameOf(e.target) + " pauses";
        else if (e.kind == K::OpenUrl) lastMessage = "Offers a link: " + e.text;
        else if (e.kind == K::Teleport) {
            Transform* t = world_.get<Transform>(world_.find(e.person));
            if (t && world_.find(e.target)) t->position = vec3(world_.worldMatrix(world_.find(e.target))[3]);
            if (physics_) physics_->sync();
        }
    }
}

Status Document::playCue(const std::string& name) {
    if (!playing()) return Error{"cue: only in play mode"};
    show_->cue(name, playShowTime());
    takeShowEffects();
    return Ok{};
}

std::string Document::nameOf(StableId id) const {
    const Name* n = world_.get<Name>(world_.find(id));
    return n && !n->value.empty() ? "\"" + n->value + "\"" : toHex(id);
}

// What the rules did, into the status line and playRuleEvents().
void Document::takeRuleEvents() {
    for (RuleEvent& e : rules_->takeEvents()) {
        describePlayEvent(e);
        playRuleEvents_.push_back(std::move(e));
    }
}

void Document::describePlayEvent(const RuleEvent& e) {
    using K = RuleEvent::Kind;
    switch (e.kind) {
        case K::TriggerEnter:
        case K::TriggerLeave:
            playEvents_.push_back(e.name + (e.kind == K::TriggerEnter ? " enter" : " exit"));
            lastMessage = "Trigger: " + playEvents_.back();
            break;
        case K::PortalToVenue: lastMessage = "Portal to venue " + e.name; break;
        case K::PortalWithoutTarget: lastMessage = "Portal " + nameOf(e.subject) + " has no target"; break;
        case K::PortalTravel: lastMessage = "Portal: arrived at " + nameOf(e.other); break;
        case K::Sat: lastMessage = "Sitting on " + nameOf(e.subject); break;
        case K::LeftSeat: lastMessage = "Stood up"; break;
        default: break;
    }
}

Status Document::toggleSeat() {
    if (!playing()) return Error{"sit: only in play mode"};
    Entity avatar = world_.find(player_);
    if (!avatar) return Error{"sit: the player avatar is gone"};
    if (world_.get<Avatar>(avatar)->seat.valid()) {
        physics_->sync();
        Status s = rules_->standUp(avatar);
        takeRuleEvents();
        return s;
    }
    world_.updateTransforms();
    // A button in reach first, as atrium-join's E (measured from chest height).
    if (const auto* buttons = world_.findPool<Interactable>()) {
        const vec3 chest = vec3(world_.worldMatrix(avatar)[3]) + vec3(0.0f, 1.0f, 0.0f);
        for (std::size_t i = 0; i < buttons->size(); ++i) {
            const Entity b = buttons->entities()[i];
            if (glm::distance(vec3(world_.worldMatrix(b)[3]), chest) > buttons->components()[i].reach) continue;
            if (show_->use(world_.stableId(b), player_, playShowTime())) {
                lastMessage = "Used " + buttons->components()[i].prompt;
                takeShowEffects();
                return Ok{};
            }
        }
    }
    Entity best = rules_->nearestFreeSeat(vec3(world_.worldMatrix(avatar)[3]), kSeatReach);
    if (!best) return Error{"sit: no free seat within " + std::to_string(int(kSeatReach)) + " m"};
    Status s = rules_->sit(avatar, world_.stableId(best));
    takeRuleEvents();
    return s;
}

}  // namespace atrium::editor
