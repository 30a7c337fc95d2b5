#pragma once
// The local bounds and triangles of mesh references for picking and framing: the engine's
// PickMeshes (atrium/runtime/picking.hpp), resolved against the venue file's folder.
#include "atrium/runtime/picking.hpp"

namespace atrium::editor {

using MeshBounds = PickMeshes;

}  // namespace atrium::editor
