#pragma once
// The open venue and everything the editor does to it without drawing anything: the World, its
// undo history, the selection, the file it lives in, autosave and recovery, the clipboard, play
// mode. Panels and shortcuts call these; tests and benchmarks drive them without a GPU.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atrium/scene/command.hpp"
#include "atrium/scene/rules/rule_event.hpp"
#include "atrium/scene/undo_stack.hpp"
#include "mesh_bounds.hpp"
#include "selection.hpp"

namespace atrium {
class PhysicsWorld;
class PhysicsVenueSpace;
class VenueRules;
class ShowRunner;
struct RuleEvent;
}  // namespace atrium

namespace atrium::editor {

class Document {
public:
    Document();
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    static constexpr double kAutosaveIntervalSeconds = 60.0;

    const World& world() const { return world_; }
    // Direct access for play mode and per-frame systems (transforms); edits go through execute().
    World& mutableWorld() { return world_; }
    const UndoStack& history() const { return history_; }
    Selection& selection() { return selection_; }
    const Selection& selection() const { return selection_; }

    // ---- editing (every change to the World goes through here)
    Status execute(Command command, MergePolicy policy = MergePolicy::NewStep);
    void endContinuousEdit() { history_.seal(); }
    Status undo();
    Status redo();
    // Replication (host mode): while recording, every change execute/undo/redo makes is kept as
    // the command that made it (an undo as the inverse of the undone step), for takeApplied().
    void recordApplied(bool on) {
        recording_ = on;
        applied_.clear();
    }
    std::vector<Command> takeApplied() { return std::exchange(applied_, {}); }
    Status deleteSelection();
    Status duplicateSelection();  // selects the copies
    // Snap to floor: moves each selected entity down (or up, if it is buried) onto the first
    // collider below its origin (a physics raycast), as one undo step.
    Status dropSelectionToFloor();
    void copySelection();
    Status paste();  // under the primary selection's parent; selects the pasted
    bool hasClipboard() const { return !clipboard_.empty(); }

    // ---- files
    const std::filesystem::path& path() const { return path_; }  // empty: untitled
    // Mesh bounds for picking and framing, resolved against the venue's folder.
    const MeshBounds& meshBounds() const {
        meshBounds_.setRoot(path_.empty() ? std::filesystem::path() : path_.parent_path());
        return meshBounds_;
    }
    std::string title() const;  // "hall.venue.json*" (star: unsaved changes)
    bool dirty() const { return forcedDirty_ || history_.dirty(); }
    // Changes whenever the World may have changed (an edit, undo, redo, another venue), so
    // views derived from it (the budget) know when to measure again.
    std::uint64_t changeStamp() const { return (resets_ << 40) ^ history_.revision(); }
    Status newFromTemplate(std::string_view templateId);
    Status open(const std::filesystem::path& venue);
    Status save();  // fails for an untitled venue: use saveAs
    Status saveAs(const std::filesystem::path& venue);
    // One self-contained .glb of the venue (assets resolve against the venue's folder).
    Status exportGlb(const std::filesystem::path& glb);
    // Replaces the World (a recovered file, a loaded venue) and starts a fresh history. `dirty`
    // marks it unsaved (a recovery must be saved to replace the real file).
    void reset(World world, std::filesystem::path venue, bool dirty);

    // ---- autosave and recovery
    // Where unsaved changes go: beside the venue ("hall.venue.json.recovery"), or in
    // `untitledDir` for an untitled venue.
    std::filesystem::path recoveryPath() const;
    void setUntitledRecoveryDir(std::filesystem::path dir) { untitledDir_ = std::move(dir); }
    // Call every frame; writes the recovery file when the venue has had unsaved changes for
    // kAutosaveIntervalSeconds since the last autosave. Returns true if it wrote one.
    bool tickAutosave(double nowSeconds);
    Status writeRecovery();
    void removeRecovery();
    // A recovery file newer than the venue (or any, for untitled), if one exists.
    static std::optional<std::filesystem::path> findRecovery(const std::filesystem::path& venue);
    // Opens the recovery file in place of `venue`: the venue's path, marked unsaved.
    Status recover(const std::filesystem::path& venue, const std::filesystem::path& recovery);

    // ---- play mode: the World is snapshot on enter and restored exactly on exit.
    bool playing() const { return playSnapshot_.has_value(); }
    // Snapshots the World, starts physics and the venue rules, and has the player avatar arrive
    // as a live session's first guest would.
    Status enterPlay();
    void exitPlay();
    StableId playerAvatar() const { return player_; }
    // Advances the simulation (fixed 60 Hz steps inside); the avatar follows its
    // CharacterController::moveInput, which the viewport sets from WASD.
    void tickPlay(double frameSeconds);
    // Trigger events of the last tickPlay ("door enter"), for the status bar and tests.
    const std::vector<std::string>& playEvents() const { return playEvents_; }
    // Everything the venue rules did in the last tickPlay or toggleSeat, as a server reports it.
    const std::vector<RuleEvent>& playRuleEvents() const { return playRuleEvents_; }
    // The rules play mode runs (the same as a live session's); null when not playing.
    VenueRules* playRules() { return rules_.get(); }
    // The venue's show (interactions, timelines) as a server runs it: the same ShowRunner, on
    // play mode's 60 Hz step clock, fed the rules' trigger events; the player is a host, so its
    // cues work. Null when not playing.
    ShowRunner* playShow() { return show_.get(); }
    double playShowTime() const { return double(playSteps_) / 60.0; }
    // A host's cue, as atrium-join's "Show cues" panel sends it.
    Status playCue(const std::string& name);
    // E: uses the nearest button (Interactable) within its reach, else sits on the nearest free
    // seat within reach, or stands up if seated.
    Status toggleSeat();
    static constexpr float kSeatReach = 2.0f;  // metres

    std::string lastMessage;  // shown in the status bar

private:
    bool recording_ = false;
    std::vector<Command> applied_;
    mutable MeshBounds meshBounds_;
    void afterChange();
    std::string nameOf(StableId id) const;
    void describePlayEvent(const RuleEvent& e);
    void takeRuleEvents();
    void takeShowEffects();

    World world_;
    UndoStack history_;
    Selection selection_;
    std::filesystem::path path_;
    std::filesystem::path untitledDir_ = std::filesystem::temp_directory_path();
    std::vector<EntityTree> clipboard_;
    double lastAutosave_ = -1.0;
    std::uint64_t autosavedRevision_ = 0;
    std::optional<World> playSnapshot_;
    std::optional<Selection> playSelection_;
    StableId player_;
    AssetCache playAssets_;  // play mode's mesh colliders (stairs); outlives physics_
    std::unique_ptr<PhysicsWorld> physics_;
    std::unique_ptr<PhysicsVenueSpace> space_;
    std::unique_ptr<VenueRules> rules_;
    std::unique_ptr<ShowRunner> show_;
    std::uint64_t playSteps_ = 0;
    double playClock_ = 0.0;  // time not yet stepped
    std::vector<std::string> playEvents_;
    std::vector<RuleEvent> playRuleEvents_;
    bool forcedDirty_ = false;  // a recovered venue is unsaved before any edit
    std::uint64_t resets_ = 0;
};

}  // namespace atrium::editor
