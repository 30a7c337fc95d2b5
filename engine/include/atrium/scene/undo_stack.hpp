#pragma once
// Unlimited undo and redo over Commands. Each step is one command (a CommandGroup for
// multi-entity edits). A continuous edit (a slider or gizmo drag) executes with
// MergePolicy::Continue every frame and becomes one step; the step closes when the edit ends
// (seal()), on undo or redo, or when a different command comes in.
// Selection is not part of the World and never goes through here, so selecting never clears redo.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "atrium/scene/command.hpp"

namespace atrium {

enum class MergePolicy { NewStep, Continue };

class UndoStack {
public:
    // Applies the command; on success it becomes the newest step (or extends it, see above) and
    // the redo steps are dropped. On error nothing changes.
    Status execute(World& world, Command command, MergePolicy policy = MergePolicy::NewStep);
    Status undo(World& world);
    Status redo(World& world);
    // Ends the continuous edit in progress: the next command starts a new step.
    void seal() { open_ = false; }
    void clear();

    bool canUndo() const { return cursor_ > 0; }
    bool canRedo() const { return cursor_ < steps_.size(); }
    std::size_t undoCount() const { return cursor_; }
    std::size_t redoCount() const { return steps_.size() - cursor_; }
    std::string undoLabel() const;
    std::string redoLabel() const;
    // The applied commands, oldest first (what a host would replicate).
    const Command& step(std::size_t i) const { return steps_[i].command; }

    // Unsaved-changes tracking: markSaved() after writing the file; dirty() is true whenever
    // the World differs from what was saved by any step (undoing back to it makes it clean).
    void markSaved() { savedSerial_ = currentSerial(); }
    bool dirty() const { return currentSerial() != savedSerial_; }
    // Changes whenever the World is changed through the stack (for caches and autosave).
    std::uint64_t revision() const { return revision_; }

private:
    struct Step {
        Command command;
        std::uint64_t serial = 0;  // identifies this state of the World for dirty()
    };
    std::uint64_t currentSerial() const { return cursor_ == 0 ? 0 : steps_[cursor_ - 1].serial; }

    std::vector<Step> steps_;
    std::size_t cursor_ = 0;  // steps_[0, cursor_) are applied
    bool open_ = false;       // the newest step may still absorb a continuous edit
    std::uint64_t nextSerial_ = 1;
    std::uint64_t savedSerial_ = 0;
    std::uint64_t revision_ = 0;
};

}  // namespace atrium
