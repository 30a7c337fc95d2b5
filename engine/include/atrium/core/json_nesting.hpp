#pragma once
// How deeply JSON text nests, measured by scanning its characters: no parse, no recursion, and
// memory bounded by the limit. Parsed documents are walked recursively afterwards (dump, copy,
// compare, tinygltf's extras), and 100,000 nested arrays overflow the stack in any of them, so
// every JSON input is measured with this before it is parsed.
#include <cstddef>
#include <string_view>

#include "atrium/core/error.hpp"

namespace atrium {

// Arrays and objects inside each other. A venue file nests about 6 deep, a command about 12
// (each undo group adds 2), glTF documents rarely past 10; 64 leaves room for everything
// written on purpose and is far below what overflows a thread's stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Ok, or an Error naming the JSON path (the first segments of it when it is long), the line
// and the limit where an array or object opens deeper than `maxDepth`. Only nesting is checked:
// malformed text is left to the parser, which reports it with its own position.
Status checkJsonNesting(std::string_view text, std::size_t maxDepth = kMaxJsonDepth, std::string_view file = {});

}  // namespace atrium
