#pragma once
// Kits: parametric generators that own their child entities (a seating block owns its seats).
// A generator's parameters live in the KitInstance component; regenerateKit() rebuilds the
// children from them. Children get stable ids derived from the kit's id and their role
// ("seat", row, column), so a regeneration keeps the ids (and the state, e.g. who sits
// where) of every child that still exists, and touches nothing outside the kit.
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "atrium/core/error.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct KitParamSpec {
    std::string name;   // key in KitInstance::params
    std::string label;  // for the editor
    std::string unit;   // "m", "deg", "" for counts
    double defaultValue = 0.0;
    double minValue = 0.0;
    double maxValue = 0.0;
    bool integer = false;
};

struct KitGeneratorInfo {
    std::string id;        // "seating_block"
    std::string label;     // "Seating block"
    std::string category;  // "Seating", "Structure", "Media"
    std::string description;
    std::vector<KitParamSpec> params;

    const KitParamSpec* param(std::string_view name) const;
};

std::span<const KitGeneratorInfo> kitGenerators();
const KitGeneratorInfo* findKitGenerator(std::string_view id);

// The parameter's value, or the generator's default when the instance does not set it.
double kitParam(const KitInstance& kit, std::string_view name);

// Checks the generator exists and every parameter is known, finite, in range and integral
// where required. Each problem is an Error whose jsonPath names the parameter.
std::vector<Error> validateKit(const KitInstance& kit);

// What kits may generate. Each parameter's range alone allows a 200 x 500 seating block
// (199,500 parts, 100,000 of them seats). Generating is linear in the parts, about 1 us of CPU
// a part (scene_bench: 19,900 parts in 20 ms), but a server applies a host's change inside one
// 60 Hz tick, and physics and the replicas catch up on the next: the budget keeps one change
// to about a tick's worth of work, and a change past it is refused before anything is built.
struct KitBudget {
    std::size_t partsPerKit = 20'000;     // seats, tiers, bodies, panels... of one kit
    std::size_t partsPerVenue = 100'000;  // of every kit in the World together
};

// What the kit's parameters generate, computed from the parameters alone (nothing is built).
struct KitPartCount {
    std::size_t parts = 0;  // generated children
    std::size_t seats = 0;  // of which seats
};
// Zero parts for an unknown generator.
KitPartCount countKitParts(const KitInstance& kit);

// Ok, or an Error saying how many parts (and seats) `kit` would generate as a child of
// `kitEntity` against which limit of `budget`; other kits in `world` count towards the venue's.
Status checkKitBudget(const World& world, Entity kitEntity, const KitInstance& kit, const KitBudget& budget = {});
// Every kit of `world` as its parameters stand, each and together.
Status checkVenueKitBudget(const World& world, const KitBudget& budget = {});

// Creates an entity with a KitInstance and generates its children.
Result<Entity> spawnKit(World& world, std::string_view generator, std::map<std::string, double> params = {}, Entity parent = kNullEntity,
                        StableId id = {});

// Rebuilds the kit's generated children from its parameters: children that still exist are
// updated in place (same entity, same id, runtime state such as Seat::occupant kept), new ones
// created, surplus ones destroyed. Entities the user parented under the kit are left alone.
// Parameters that would exceed `budget` are refused before anything changes.
Status regenerateKit(World& world, Entity kit, const KitBudget& budget = {});

// Regenerates every kit in the World (after loading a venue), once the kits together are
// known to fit `budget`.
Status regenerateAllKits(World& world, const KitBudget& budget = {});

}  // namespace atrium
