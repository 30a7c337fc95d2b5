#pragma once
// Venue files (*.venue.json): load with full validation, save atomically.
//
// Format: {"format": "atrium.venue", "version": N, "name", "settings": {...},
//          "entities": [{"id", "name", "parent", "components": {...}}]}
// - Every field is validated; every problem is reported with the file and JSON path, e.g.
//   "hall.venue.json: entities[12].components.light.intensity: expected a number, got "bright"".
// - Unknown fields of known components are errors (they are almost always typos).
// - Unknown component types are kept verbatim in UnknownComponents and written back on save,
//   with a warning, so venues made by newer or extended builds survive a round-trip here.
// - Entities made by generators (Generated) are not written: the KitInstance is, and loading
//   regenerates its children with the same stable ids.
// - Older versions are upgraded by the migrations in venue_migration.hpp before validation.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

inline constexpr int kVenueFormatVersion = 1;
inline constexpr std::string_view kVenueFormatName = "atrium.venue";

struct VenueLoadReport {
    std::vector<Error> errors;    // any error fails the load
    std::vector<Error> warnings;  // e.g. unknown component types kept verbatim
};

// On failure the Result's error is the first problem; `report` (if given) gets all of them.
Result<World> loadVenue(const std::filesystem::path& path, VenueLoadReport* report = nullptr);
// `fileLabel` names the source in messages (usually the file name).
Result<World> loadVenueFromString(std::string_view json, std::string_view fileLabel, VenueLoadReport* report = nullptr);

// Serialises the World as a venue document (pretty-printed, stable order: parents first).
std::string saveVenueToString(const World& world);
// Writes a temporary file beside `path`, fsyncs it, then renames it over `path`: a crash or a
// full disk never leaves a half-written venue behind.
Status saveVenue(const World& world, const std::filesystem::path& path);

// The entity's components as the JSON object a venue file stores under "components" (used by
// exporters that carry venue data inside other formats).
std::string entityComponentsJson(const World& world, Entity e);

// How many entities carry each component type, by its venue-file name ("seat", "light", ...);
// types without entities are left out. Unknown types kept verbatim count under their own names.
std::map<std::string, std::size_t> componentCounts(const World& world);

// Writes `contents` to `path` atomically (temporary file, fsync, rename, fsync of the folder).
// Temporary files of `path` left by a writer that died mid-save are removed first.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents);

// Removes `path`'s temporary files ("<name>.tmp-<pid>-<n>" beside it) whose process is no
// longer running; returns how many. Files of live processes, this one included, are kept.
std::size_t removeOrphanedTempFiles(const std::filesystem::path& path);

}  // namespace atrium
