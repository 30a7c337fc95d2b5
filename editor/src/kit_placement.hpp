#pragma once
// Where a kit dragged in from the library lands: on the surface under the mouse (the top of
// what the viewport ray hits, else the ground plane y = 0), snapped to the gizmo's grid in x and
// z when snapping is on (Ctrl inverts it while dragging, as for the gizmo).
#include <optional>

#include <string>

#include "atrium/scene/world.hpp"
#include "document.hpp"
#include "editor_camera.hpp"
#include "mesh_bounds.hpp"
#include "transform_gizmo.hpp"

namespace atrium::editor {

inline constexpr const char* kKitPayload = "ATRIUM_KIT";  // ImGui drag and drop payload type

// Creates the generator's kit at `position` as one command and selects it.
Result<StableId> placeKit(Document& doc, const std::string& generatorId, vec3 position);

std::optional<vec3> kitDropPoint(const World& world, const EditorCamera& camera, const ViewRect& view, vec2 mouse, const SnapSettings& snap,
                                 bool invertSnap, const MeshBounds* meshes = nullptr);

}  // namespace atrium::editor
