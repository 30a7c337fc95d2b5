#include "atrium/scene/venue_migration.hpp"

#include <map>
#include <mutex>

namespace atrium {
namespace {

std::mutex g_mutex;

// Version 1 is the first published format, so no built-in steps exist yet; the next format
// change registers its step (1 -> 2) here.
std::map<int, VenueMigration>& migrations() {
    static std::map<int, VenueMigration> steps;
    return steps;
}

}  // namespace

void registerVenueMigration(int fromVersion, VenueMigration step) {
    std::lock_guard lock(g_mutex);
    migrations()[fromVersion] = std::move(step);
}

void unregisterVenueMigration(int fromVersion) {
    std::lock_guard lock(g_mutex);
    migrations().erase(fromVersion);
}

Status migrateVenueDocument(nlohmann::json& document, int targetVersion) {
    if (!document.is_object() || !document.contains("version") || !document["version"].is_number_integer()) {
        return Error{"expected an integer version", "", "version"};
    }
    int version = document["version"].get<int>();
    while (version < targetVersion) {
        VenueMigration step;
        {
            std::lock_guard lock(g_mutex);
            auto it = migrations().find(version);
            if (it != migrations().end()) step = it->second;
        }
        if (!step) {
            return Error{"no migration from version " + std::to_string(version) + " to " + std::to_string(version + 1) +
                             " (this build reads version " + std::to_string(targetVersion) + ")",
                         "", "version"};
        }
        Status s = step(document);
        if (!s.ok()) {
            Error e = s.error();
            e.message = "migrating from version " + std::to_string(version) + ": " + e.message;
            return e;
        }
        ++version;
        document["version"] = version;
    }
    return Ok{};
}

}  // namespace atrium
