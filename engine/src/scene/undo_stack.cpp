#include "atrium/scene/undo_stack.hpp"

namespace atrium {

Status UndoStack::execute(World& world, Command command, MergePolicy policy) {
    if (Status s = applyCommand(world, command); !s.ok()) return s;
    ++revision_;
    bool merge = policy == MergePolicy::Continue && open_ && cursor_ == steps_.size() && cursor_ > 0 &&
                 canMerge(steps_[cursor_ - 1].command, command);
    if (merge) {
        Step& top = steps_[cursor_ - 1];
        mergeInto(top.command, command);
        // A new serial: the World now differs from the state this step stood for before.
        top.serial = nextSerial_++;
        return Ok{};
    }
    steps_.resize(cursor_);
    steps_.push_back(Step{std::move(command), nextSerial_++});
    cursor_ = steps_.size();
    open_ = policy == MergePolicy::Continue;
    return Ok{};
}

Status UndoStack::undo(World& world) {
    open_ = false;
    if (!canUndo()) return Error{"nothing to undo"};
    Command inverse = inverseOf(steps_[cursor_ - 1].command);
    if (Status s = applyCommand(world, inverse); !s.ok()) return Error{"undo: " + s.error().message};
    --cursor_;
    ++revision_;
    return Ok{};
}

Status UndoStack::redo(World& world) {
    open_ = false;
    if (!canRedo()) return Error{"nothing to redo"};
    // Re-applying records the undo data again, identical to the first time.
    if (Status s = applyCommand(world, steps_[cursor_].command); !s.ok()) return Error{"redo: " + s.error().message};
    ++cursor_;
    ++revision_;
    return Ok{};
}

void UndoStack::clear() {
    steps_.clear();
    cursor_ = 0;
    open_ = false;
    savedSerial_ = 0;
    ++revision_;
}

std::string UndoStack::undoLabel() const { return canUndo() ? describe(steps_[cursor_ - 1].command) : std::string(); }
std::string UndoStack::redoLabel() const { return canRedo() ? describe(steps_[cursor_].command) : std::string(); }

}  // namespace atrium
