#pragma once
// Export of a whole venue to one self-contained .glb that any glTF 2.0 viewer opens.
//
// Every entity becomes a node (same hierarchy, local transforms); meshes, materials (with
// MeshRenderer tint applied) and textures are embedded. Venue data travels along:
// - ATRIUM_venue on each node: {"id": stable id, "components": the venue-file components},
//   enough to rebuild the World;
// - OMI extensions where they exist, so other platforms understand the venue too:
//   OMI_spawn_point (SpawnPoint), OMI_seat (Seat), OMI_physics_shape + OMI_physics_body
//   (Collider, RigidBody, Trigger), OMI_link (Portal to another venue).
// Points and lines are skipped (reported as warnings); meshes that do not resolve are errors.
#include <filesystem>
#include <string>
#include <vector>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/core/error.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct VenueExportReport {
    std::size_t nodes = 0;
    std::size_t meshes = 0;
    std::size_t materials = 0;
    std::size_t textures = 0;
    std::vector<std::string> warnings;
};

// Builds the .glb bytes. Mesh references resolve through `assets`.
Result<std::string> exportVenueGlbBytes(const World& world, AssetCache& assets, VenueExportReport* report = nullptr);

// Writes the .glb atomically.
Status exportVenueGlb(const World& world, AssetCache& assets, const std::filesystem::path& path, VenueExportReport* report = nullptr);

}  // namespace atrium
