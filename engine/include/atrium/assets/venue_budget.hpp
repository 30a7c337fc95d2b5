#pragma once
// What a venue asks of an attendee's machine: triangles drawn, materials, texture memory,
// lights and download size, measured from the World and its assets, and checked against
// limits before the venue is published (the editor's budget panel, `atrium-venue --budget`).
// The default limits are for a mid-range laptop GPU with integrated graphics, the machine a
// venue should still run on (the Hubs and Horizon Worlds creator guides set similar ones).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

struct VenueBudget {
    std::uint64_t triangles = 0;     // every visible MeshRenderer's triangles, instances counted
    std::uint32_t drawnMeshes = 0;   // visible MeshRenderers that resolve
    std::uint32_t materials = 0;     // distinct materials those use
    std::uint64_t textureBytes = 0;  // GPU memory of their textures (RGBA8 with mipmaps) and media screens
    std::uint32_t textures = 0;
    std::uint32_t pointLights = 0;        // point and spot lights
    std::uint32_t extraShadowLights = 0;  // shadow-casting lights besides the sun: not drawn, and each would cost passes
    std::uint64_t fileBytes = 0;          // the venue file and every file it references (download size)
    // Screens that play video or a stream (a source or playlist item that is not a PDF or a
    // picture): each decodes on the attendee's CPU while it plays. Their names, in venue order.
    std::uint32_t videoScreens = 0;
    std::vector<std::string> videoScreenNames;
    std::vector<std::string> missingAssets;  // references that did not load, with the reason
};

struct BudgetLimits {
    std::uint64_t triangles = 2'000'000;
    std::uint32_t materials = 256;
    std::uint64_t textureBytes = 512ull << 20;
    std::uint32_t pointLights = 256;      // what the tiled light pass takes in view
    std::uint32_t extraShadowLights = 0;  // the renderer draws the sun's cascaded shadows only
    std::uint64_t fileBytes = 200ull << 20;
    // What a laptop decodes at once and still draws in time (media_bench: 16 booth screens in
    // the expo keep the CPU frame under 8 ms).
    std::uint32_t videoScreens = 16;
};

struct BudgetLine {
    std::string what;  // "triangles", "materials", ...
    double used = 0.0;
    double limit = 0.0;
    std::string usedText, limitText;  // for people: "1.2 M", "340 MiB"
    std::string detail;               // over a limit, which parts of the venue are past it (the video screens' names)
    bool over() const { return used > limit; }
    // Past 80% of the limit: still fine, but one more hall of seats will not be.
    bool near() const { return !over() && used > 0.8 * limit; }
};

// Measures `world`; meshes and textures resolve through `assets` (rooted at the venue's
// folder), and `venueFile`, when given, counts toward the download with the files it references.
VenueBudget measureVenueBudget(const World& world, AssetCache& assets, const std::filesystem::path& venueFile = {});

// One line per limit, in a fixed order; over() says which ones the venue breaks.
std::vector<BudgetLine> checkBudget(const VenueBudget& budget, const BudgetLimits& limits = {});

}  // namespace atrium
