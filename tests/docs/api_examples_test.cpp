// The examples in docs/api.md, compiled and run so the documentation cannot drift from the API.
// Each TEST body is the example as printed there.
#include <gtest/gtest.h>

#include <filesystem>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/venue_export.hpp"
#include "atrium/core/log.hpp"
#include "atrium/core/time.hpp"
#include "atrium/scene/command.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/undo_stack.hpp"
#include "atrium/scene/venue_file.hpp"

using namespace atrium;
static const std::string kVenue = std::string(ATRIUM_ASSETS_DIR) + "/venues/small_hall.venue.json";
static const std::string kModel = std::string(ATRIUM_TEST_DATA) + "/gltf/models/CesiumMan.glb";

TEST(ApiExamples, Core) {
    setLogLevel(LogLevel::Warn);                       // drop info and debug messages
    Result<int> parsed = Error{"expected a number", "hall.venue.json", "entities[3].components.light.intensity"};
    if (!parsed) logError("app", parsed.error().toString());
    StableId seatId = deriveStableId(StableId{42}, "seat", 3, 7);   // same inputs, same id, every run
    FixedStepAccumulator sim(1.0 / 60.0);
    int steps = sim.advance(0.05);                     // a 50 ms frame runs 3 fixed steps
    EXPECT_EQ(steps, 3);
    EXPECT_TRUE(seatId.valid());
    setLogLevel(LogLevel::Info);
}

TEST(ApiExamples, Scene) {
    World world;
    Entity stage = world.create("Stage");
    world.get<Transform>(stage)->position = {0, 0, -10};
    Entity lamp = world.create("Spot");
    world.add<Light>(lamp, Light{.type = Light::Type::Spot, .intensity = 800});
    world.setParent(lamp, stage);                      // cycles are refused with an Error
    world.updateTransforms();                          // world matrices, parents first
    world.each<Light>([&](Entity e, Light& l) { l.intensity *= 2; (void)e; });
    Result<Entity> block = spawnKit(world, "seating_block", {{"rows", 12}, {"seatsPerRow", 20}, {"arcRadius", 15}});
    EXPECT_EQ(world.pool<Seat>().size(), 240u);
    EXPECT_TRUE(block.ok());
}

TEST(ApiExamples, VenueFiles) {
    VenueLoadReport report;
    Result<World> hall = loadVenue(kVenue, &report);   // every error has file and JSON path
    if (!hall) {
        for (const Error& e : report.errors) std::puts(e.toString().c_str());
        FAIL();
    }
    hall->name = "Small Hall (copy)";
    std::string path = std::filesystem::temp_directory_path() / "copy.venue.json";
    Status saved = saveVenue(*hall, path);             // temporary file, fsync, rename
    EXPECT_TRUE(saved.ok());
    std::filesystem::remove(path);
}

TEST(ApiExamples, Assets) {
    Result<Model> man = importGltf(kModel);            // .gltf or .glb, fully validated
    ASSERT_TRUE(man.ok()) << man.error().toString();
    AssetCache cache("/path/of/the/venue");             // relative references resolve here
    Result<MeshRef> box = cache.resolveMesh("builtin:box");
    World world;
    Entity avatar = instantiateModel(world, *man, kModel);   // one entity per glTF node
    Result<std::string> glb = exportVenueGlbBytes(world, cache);   // any viewer opens it
    EXPECT_TRUE(box.ok() && glb.ok());
    EXPECT_TRUE(world.alive(avatar));
}

TEST(ApiExamples, EditingWithUndo) {
    World world;
    UndoStack history;
    Entity block = *spawnKit(world, "seating_block");
    StableId id = world.stableId(block);
    history.execute(world, SetKitParam{.kit = id, .param = "rows", .after = 20});
    EXPECT_EQ(world.pool<Seat>().size(), 20u * 20u);
    history.undo(world);                               // back to 10 rows, same seat ids
    EXPECT_EQ(world.pool<Seat>().size(), 10u * 20u);
    history.redo(world);
    EXPECT_EQ(world.pool<Seat>().size(), 20u * 20u);
}
