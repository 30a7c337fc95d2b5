#pragma once
// Kits: parametric generators that own their child entities (a seating block owns its seats).
// A generator's parameters live in the KitInstance component; regenerateKit() rebuilds the
// children from them. Children get stable ids derived from the kit's id and their role
// ("seat", row, column), so a regeneration keeps the ids (and the state, e.g. who sits
// where) of every child that still exists, and touches nothing outside the kit.
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

// Creates an entity with a KitInstance and generates its children.
Result<Entity> spawnKit(World& world, std::string_view generator, std::map<std::string, double> params = {}, Entity parent = kNullEntity,
                        StableId id = {});

// Rebuilds the kit's generated children from its parameters: children that still exist are
// updated in place (same entity, same id, runtime state such as Seat::occupant kept), new ones
// created, surplus ones destroyed. Entities the user parented under the kit are left alone.
Status regenerateKit(World& world, Entity kit);

// Regenerates every kit in the World (after loading a venue).
Status regenerateAllKits(World& world);

}  // namespace atrium
