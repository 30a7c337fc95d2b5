// atrium-venue: validates venue files and prints what they hold and what they ask of an
// attendee's machine (the venue budget).
//   atrium-venue [--quiet] [--budget] FILE...
// Exit status 0 when every file is valid and every asset it references resolves (and, with
// --budget, the venue fits the budget), 1 otherwise (with the list of errors), 2 on bad usage.
// A spawn point where an arriving avatar would stand inside the venue's geometry is a warning:
// servers and play mode move arrivals beside it, but the venue should be fixed. So is a show's
// binding or timeline track whose entity was deleted: the show skips it.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/assets/procedural_mesh.hpp"
#include "atrium/assets/venue_budget.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/physics/standing_spot.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/rules/arrival.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;

namespace {

// One warning per spawn point that has no room for an avatar to stand.
void warnCrampedSpawnPoints(const std::filesystem::path& path, World& world, AssetCache& cache) {
    if (!world.findPool<SpawnPoint>()) return;
    PhysicsWorld physics(world, &cache);
    physics.sync();
    const PhysicsVenueSpace space(physics);  // as the venue rules see it when people arrive
    world.each<SpawnPoint>([&](Entity e, SpawnPoint&) {
        std::vector<Entity> inside = space.inside(vec3(world.worldMatrix(e)[3]), CharacterController{});
        if (inside.empty()) return;
        const Name* n = world.get<Name>(e);
        std::fprintf(stderr, "warning: %s: spawn point \"%s\": an avatar arriving there stands inside %s; move it clear\n",
                     path.string().c_str(), n ? n->value.c_str() : toHex(world.stableId(e)).c_str(), describeOverlaps(world, inside).c_str());
    });
}

bool inspect(const std::filesystem::path& path, bool quiet, bool enforceBudget) {
    VenueLoadReport report;
    Result<World> loaded = loadVenue(path, &report);
    for (const Error& w : report.warnings) std::fprintf(stderr, "warning: %s\n", w.toString().c_str());
    if (!loaded) {
        std::fprintf(stderr, "%s: %zu error(s)\n", path.string().c_str(), report.errors.size());
        for (const Error& e : report.errors) std::fprintf(stderr, "  %s\n", e.toString().c_str());
        return false;
    }
    World& world = *loaded;
    world.updateTransforms();

    // Every referenced mesh and material must resolve; the bounds come from the meshes.
    AssetCache cache(path.parent_path());
    std::set<std::string> meshes, materials;
    std::vector<Error> assetErrors;
    Aabb bounds;
    std::size_t triangles = 0;
    world.each<MeshRenderer>([&](Entity e, MeshRenderer& m) {
        meshes.insert(m.mesh);
        if (!m.material.empty()) materials.insert(m.material);
        Result<MeshRef> mesh = cache.resolveMesh(m.mesh);
        if (!mesh) {
            const Name* n = world.get<Name>(e);
            Error err = mesh.error();
            err.message = "entity " + toHex(world.stableId(e)) + (n ? " (" + n->value + ")" : "") + ": mesh \"" + m.mesh + "\": " + err.message;
            if (err.file.empty()) err.file = path.string();
            assetErrors.push_back(err);
            return;
        }
        bounds.expand(mesh->get().bounds.transformed(world.worldMatrix(e)));
        triangles += mesh->get().indexCount() / 3;
    });
    // A screen's file must be there (a URL is the server's or the stream's business at show time).
    // Each item of a playlist likewise, named by its place in the list.
    world.each<MediaScreen>([&](Entity e, MediaScreen& s) {
        const std::vector<std::string> items = s.items();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (items[i].find("://") != std::string::npos) continue;
            const std::filesystem::path file = path.parent_path() / items[i];
            if (std::filesystem::is_regular_file(file)) continue;
            const Name* n = world.get<Name>(e);
            const std::string what = s.playlist.empty() ? "source" : "playlist[" + std::to_string(i) + "]";
            assetErrors.push_back(Error{"entity " + toHex(world.stableId(e)) + (n ? " (" + n->value + ")" : "") + ": media screen " + what +
                                            " \"" + items[i] + "\": no such file (" + file.string() + ")",
                                        path.string()});
        }
    });
    for (const std::string& m : materials) {
        if (m.rfind("builtin:", 0) == 0 && !builtinMaterial(m)) {
            assetErrors.push_back(Error{"unknown built-in material \"" + m + "\"", path.string()});
        }
    }
    if (!assetErrors.empty()) {
        std::fprintf(stderr, "%s: %zu missing or broken asset(s)\n", path.string().c_str(), assetErrors.size());
        for (const Error& e : assetErrors) std::fprintf(stderr, "  %s\n", e.toString().c_str());
        return false;
    }
    warnCrampedSpawnPoints(path, world, cache);
    {
        World copy = world;  // the runner looks, it does not run: nothing of the venue changes
        const ShowRunner show(copy);
        for (const std::string& p : show.problems()) std::fprintf(stderr, "warning: %s: show: %s\n", path.string().c_str(), p.c_str());
    }
    std::vector<BudgetLine> budget = checkBudget(measureVenueBudget(world, cache, path));
    bool fits = true;
    for (const BudgetLine& line : budget) fits = fits && !line.over();
    if (enforceBudget && !fits) {
        std::fprintf(stderr, "%s: over the venue budget:\n", path.string().c_str());
        for (const BudgetLine& line : budget) {
            if (line.over())
                std::fprintf(stderr, "  %s: %s, limit %s%s%s\n", line.what.c_str(), line.usedText.c_str(), line.limitText.c_str(),
                             line.detail.empty() ? "" : "; ", line.detail.c_str());
        }
    }
    if (quiet) return fits || !enforceBudget;

    std::printf("%s: \"%s\" is valid\n", path.string().c_str(), world.name.c_str());
    std::printf("  entities: %zu\n", world.entityCount());
    auto counts = componentCounts(world);
    if (const auto* generated = world.findPool<Generated>(); generated && generated->size() > 0)
        counts["(generated by kits)"] = generated->size();
    for (const auto& [name, count] : counts) std::printf("    %-22s %zu\n", name.c_str(), count);
    std::map<std::string, int> kits;
    world.each<KitInstance>([&](Entity, KitInstance& k) { ++kits[k.generator]; });
    if (!kits.empty()) {
        std::printf("  kits:\n");
        for (const auto& [g, n] : kits) std::printf("    %-22s %d\n", g.c_str(), n);
    }
    std::printf("  assets: %zu mesh(es), %zu material(s), %zu model file(s) loaded, %zu triangles drawn\n", meshes.size(), materials.size(),
                cache.size(), triangles);
    for (const std::string& m : meshes) std::printf("    %s\n", m.c_str());
    if (!bounds.empty()) {
        vec3 s = bounds.size();
        std::printf("  bounds: min (%.2f, %.2f, %.2f) max (%.2f, %.2f, %.2f), size %.1f x %.1f x %.1f m\n", bounds.min.x, bounds.min.y,
                    bounds.min.z, bounds.max.x, bounds.max.y, bounds.max.z, s.x, s.y, s.z);
    }
    std::printf("  budget for attendees' machines:\n");
    for (const BudgetLine& line : budget) {
        std::printf("    %-32s %10s of %-10s %s\n", line.what.c_str(), line.usedText.c_str(), line.limitText.c_str(),
                    line.over()   ? "OVER"
                    : line.near() ? "near the limit"
                                  : "ok");
    }
    return fits || !enforceBudget;
}

}  // namespace

int main(int argc, char** argv) {
    bool quiet = false, budget = false;
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--quiet") || !std::strcmp(argv[i], "-q")) quiet = true;
        else if (!std::strcmp(argv[i], "--budget")) budget = true;
        else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::printf(
                "usage: atrium-venue [--quiet] [--budget] FILE.venue.json...\nValidates venue files and prints their statistics and budget;\n--budget also fails a venue that is over the budget.\n");
            return 0;
        } else files.emplace_back(argv[i]);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: atrium-venue [--quiet] [--budget] FILE.venue.json...\n");
        return 2;
    }
    bool ok = true;
    for (const auto& f : files) ok = inspect(f, quiet, budget) && ok;
    return ok ? 0 : 1;
}
