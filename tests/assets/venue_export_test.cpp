#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/venue_export.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {
nlohmann::json glbJson(const std::string& bytes) {
    std::uint32_t length;
    std::memcpy(&length, bytes.data() + 12, 4);
    return nlohmann::json::parse(bytes.substr(20, length));
}
}  // namespace

TEST(VenueExport, SampleHallExportsToAGlbThatImportsBack) {
    fs::path venuePath = fs::path(ATRIUM_ASSETS_DIR) / "venues" / "small_hall.venue.json";
    Result<World> world = loadVenue(venuePath);
    ASSERT_TRUE(world.ok());
    AssetCache assets(venuePath.parent_path());
    fs::path out = fs::temp_directory_path() / ("atrium_export_" + std::to_string(::getpid()) + ".glb");
    VenueExportReport report;
    Status s = exportVenueGlb(*world, assets, out, &report);
    ASSERT_TRUE(s.ok()) << s.error().toString();
    EXPECT_EQ(report.nodes, world->entityCount());
    // One glTF mesh per distinct (mesh, material, tint): 2,000 identical seats share one.
    std::set<std::string> variants;
    world->each<MeshRenderer>([&](Entity, MeshRenderer& m) {
        variants.insert(m.mesh + "|" + m.material + "|" + std::to_string(m.tint.r) + std::to_string(m.tint.g) + std::to_string(m.tint.b));
    });
    EXPECT_EQ(report.meshes, variants.size());
    EXPECT_LT(report.meshes, 20u);

    Result<Model> back = importGltf(out.string());
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back->nodes.size(), world->entityCount());
    // The re-imported scene covers the same space as the venue.
    world->updateTransforms();
    EXPECT_NEAR(back->bounds.min.x, -12.1f, 1e-3);
    EXPECT_NEAR(back->bounds.max.z, 16.0f, 1e-3);
    fs::remove(out);
}

TEST(VenueExport, CarriesVenueDataAndOmiExtensions) {
    World w;
    Entity spawn = w.create("Door");
    w.add<SpawnPoint>(spawn, SpawnPoint{.group = "vip"});
    Entity crate = w.create("Crate");
    w.add<MeshRenderer>(crate, MeshRenderer{.mesh = "builtin:box", .material = "builtin:wood", .tint = vec4(1, 0, 0, 1)});
    w.add<RigidBody>(crate, RigidBody{.type = RigidBody::Type::Dynamic, .mass = 4});
    w.add<Collider>(crate, Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(0.5f, 1.0f, 0.5f)});
    Entity link = w.create("To lobby");
    w.add<Portal>(link, Portal{.venue = "lobby.venue.json"});
    Entity seat = w.create("Seat");
    w.add<Seat>(seat);
    AssetCache assets;
    Result<std::string> bytes = exportVenueGlbBytes(w, assets);
    ASSERT_TRUE(bytes.ok()) << bytes.error().toString();
    nlohmann::json doc = glbJson(*bytes);
    auto used = doc["extensionsUsed"];
    for (const char* ext : {"ATRIUM_venue", "OMI_spawn_point", "OMI_physics_body", "OMI_physics_shape", "OMI_link", "OMI_seat"}) {
        EXPECT_NE(std::find(used.begin(), used.end(), ext), used.end()) << ext;
    }
    const auto& nodes = doc["nodes"];
    ASSERT_EQ(nodes.size(), 4u);
    EXPECT_EQ(nodes[0]["extensions"]["OMI_spawn_point"]["group"], "vip");
    EXPECT_EQ(nodes[0]["extensions"]["ATRIUM_venue"]["id"], toHex(w.stableId(spawn)));
    EXPECT_EQ(nodes[1]["extensions"]["OMI_physics_body"]["motion"]["type"], "dynamic");
    int shape = nodes[1]["extensions"]["OMI_physics_body"]["collider"]["shape"];
    EXPECT_EQ(doc["extensions"]["OMI_physics_shape"]["shapes"][shape]["box"]["size"][1], 2.0);
    EXPECT_EQ(nodes[2]["extensions"]["OMI_link"]["uri"], "lobby.venue.json");
    // Tint multiplies the material's base colour.
    int mesh = nodes[1]["mesh"];
    int material = doc["meshes"][mesh]["primitives"][0]["material"];
    EXPECT_NEAR(doc["materials"][material]["pbrMetallicRoughness"]["baseColorFactor"][1].get<double>(), 0.0, 1e-9);
}

TEST(VenueExport, UnresolvableMeshIsAnErrorNamingTheEntity) {
    World w;
    Entity e = w.create("Ghost");
    w.add<MeshRenderer>(e, MeshRenderer{.mesh = "missing/ghost.glb"});
    AssetCache assets;
    Result<std::string> bytes = exportVenueGlbBytes(w, assets);
    ASSERT_FALSE(bytes.ok());
    EXPECT_NE(bytes.error().message.find(toHex(w.stableId(e))), std::string::npos);
}
