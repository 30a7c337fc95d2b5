#pragma once
// The migration hook for venue files: a function per version step upgrades the raw JSON
// document from version N to N + 1 before validation. Apps with their own venue extensions
// may register steps for their data too.
#include <functional>

#include <nlohmann/json.hpp>

#include "atrium/core/error.hpp"

namespace atrium {

// Upgrades `document` in place from `fromVersion` to `fromVersion + 1`.
using VenueMigration = std::function<Status(nlohmann::json& document)>;

// Registers (or replaces) the step from `fromVersion`. Built-in steps are registered at start.
void registerVenueMigration(int fromVersion, VenueMigration step);
void unregisterVenueMigration(int fromVersion);

// Runs every step from the document's version up to `targetVersion`. Fails naming the first
// version that has no step or whose step failed.
Status migrateVenueDocument(nlohmann::json& document, int targetVersion);

}  // namespace atrium
