#pragma once
// Commands as JSON text, for sending edits over the network (a host's edits reach every client)
// and for logs. Components use the same field names and validation as venue files.
//
// {"op": "set", "entity": "0123456789abcdef", "after": {"type": "light", "value": {...}},
//  "before": {...}}; ops: create, destroy, set, add, remove, reparent, rename, kitParam,
// settings, group. Undo data ("before", "removed", old parent) travels too, so a receiver can
// apply, undo and redo exactly what the sender did.
#include <string>
#include <string_view>

#include "atrium/core/error.hpp"
#include "atrium/scene/command.hpp"

namespace atrium {

std::string commandToJson(const Command& command);
// Every field is validated; errors name the JSON path ("after.value.intensity: expected a number").
Result<Command> commandFromJson(std::string_view json);

}  // namespace atrium
