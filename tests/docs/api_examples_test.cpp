// The examples in docs/api.md, compiled and run so the documentation cannot drift from the API.
// Each TEST body is the example as printed there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "atrium/assets/asset_cache.hpp"
#include "atrium/assets/gltf_importer.hpp"
#include "atrium/assets/venue_budget.hpp"
#include "atrium/assets/venue_export.hpp"
#include "atrium/core/log.hpp"
#include "atrium/core/time.hpp"
#include "atrium/scene/command.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/undo_stack.hpp"
#include "atrium/scene/venue_file.hpp"
#ifdef ATRIUM_DOCS_PHYSICS
#include "atrium/physics/physics_world.hpp"
#endif
#ifdef ATRIUM_DOCS_NETSYNC
#include <chrono>
#include <ctime>
#include <thread>

#include "atrium/net/client.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#endif

using namespace atrium;
static const std::string kVenue = std::string(ATRIUM_ASSETS_DIR) + "/venues/small_hall.venue.json";
static const std::string kModel = std::string(ATRIUM_TEST_DATA) + "/gltf/models/CesiumMan.glb";

TEST(ApiExamples, Core) {
    setLogLevel(LogLevel::Warn);  // drop info and debug messages
    Result<int> parsed = Error{"expected a number", "hall.venue.json", "entities[3].components.light.intensity"};
    if (!parsed) logError("app", parsed.error().toString());
    StableId seatId = deriveStableId(StableId{42}, "seat", 3, 7);  // same inputs, same id, every run
    FixedStepAccumulator sim(1.0 / 60.0);
    int steps = sim.advance(0.05);  // a 50 ms frame runs 3 fixed steps
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
    world.setParent(lamp, stage);  // cycles are refused with an Error
    world.updateTransforms();      // world matrices, parents first
    // Kept on one line, as docs/api.md shows it:
    // clang-format off
    world.each<Light>([&](Entity e, Light& l) { l.intensity *= 2; (void)e; });
    // clang-format on
    Result<Entity> block = spawnKit(world, "seating_block", {{"rows", 12}, {"seatsPerRow", 20}, {"arcRadius", 15}});
    EXPECT_EQ(world.pool<Seat>().size(), 240u);
    EXPECT_TRUE(block.ok());
}

TEST(ApiExamples, VenueFiles) {
    VenueLoadReport report;
    Result<World> hall = loadVenue(kVenue, &report);  // every error has file and JSON path
    if (!hall) {
        for (const Error& e : report.errors) std::puts(e.toString().c_str());
        FAIL();
    }
    hall->name = "Small Hall (copy)";
    std::string path = std::filesystem::temp_directory_path() / "copy.venue.json";
    Status saved = saveVenue(*hall, path);  // temporary file, fsync, rename
    EXPECT_TRUE(saved.ok());
    std::filesystem::remove(path);
}

TEST(ApiExamples, Assets) {
    Result<Model> man = importGltf(kModel);  // .gltf or .glb, fully validated
    ASSERT_TRUE(man.ok()) << man.error().toString();
    AssetCache cache("/path/of/the/venue");  // relative references resolve here
    Result<MeshRef> box = cache.resolveMesh("builtin:box");
    World world;
    Entity avatar = instantiateModel(world, *man, kModel);        // one entity per glTF node
    Result<std::string> glb = exportVenueGlbBytes(world, cache);  // any viewer opens it
    VenueBudget budget = measureVenueBudget(world, cache);        // triangles, materials, texture memory...
    // Kept on one line, as docs/api.md shows it:
    // clang-format off
    for (const BudgetLine& line : checkBudget(budget)) if (line.over()) logWarn("budget", line.what);
    // clang-format on
    EXPECT_TRUE(box.ok() && glb.ok());
    EXPECT_TRUE(world.alive(avatar));
    EXPECT_GT(budget.triangles, 1000u) << "CesiumMan";
}

TEST(ApiExamples, EditingWithUndo) {
    World world;
    UndoStack history;
    Entity block = *spawnKit(world, "seating_block");
    StableId id = world.stableId(block);
    history.execute(world, SetKitParam{.kit = id, .param = "rows", .after = 20});
    EXPECT_EQ(world.pool<Seat>().size(), 20u * 20u);
    history.undo(world);  // back to 10 rows, same seat ids
    EXPECT_EQ(world.pool<Seat>().size(), 10u * 20u);
    history.redo(world);
    EXPECT_EQ(world.pool<Seat>().size(), 20u * 20u);
}

#ifdef ATRIUM_DOCS_PHYSICS
TEST(ApiExamples, Physics) {
    World world;
    Entity floor = world.create("Floor");  // a collider without a body is static
    world.add<Collider>(floor, Collider{.shape = Collider::Shape::Box, .halfExtents = {10, 0.1f, 10}});
    Entity ball = world.create("Ball");
    world.get<Transform>(ball)->position = {0, 5, 0};
    world.add<RigidBody>(ball, RigidBody{.mass = 2});
    world.add<Collider>(ball, Collider{.shape = Collider::Shape::Sphere, .radius = 0.25f});
    PhysicsWorld physics(world);                                              // mirrors the components into Bullet
    for (int i = 0; i < 120; ++i) physics.step();                             // two seconds of fixed 60 Hz steps
    std::optional<RayHit> hit = physics.raycast({0, 10, 0}, {0, -1, 0}, 20);  // finds the ball
    EXPECT_NEAR(world.get<Transform>(ball)->position.y, 0.35f, 0.02f);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->entity, ball);
}
#endif

#ifdef ATRIUM_DOCS_NETSYNC
TEST(ApiExamples, Netsync) {
    using namespace std::chrono_literals;
    World venue = *loadVenue(kVenue);
    net::Server server(venue, {.venueId = "small_hall", .secret = "s3cret"});
    Status started = server.start();  // loopback, any free port: server.port()
    net::JoinClaims ada{"small_hall", 7, "Ada", net::Role::Attendee, std::time(nullptr) + 3600};
    net::Client client({.token = net::mintJoinToken(ada, "s3cret")});  // minted by the operator
    Status connected = client.connect("127.0.0.1", server.port());
    for (double t = 0; !client.joined() && t < 5; t += 0.01) {  // an app does this every frame
        server.update(t);
        client.update(t);
        std::this_thread::sleep_for(10ms);
    }
    client.setInput({0, 1});  // walk forward; the server simulates
    client.sendChat("hello");
    client.sendEmote(2);                                      // the app's atrium::Emote, as a number
    client.setLook({.bodyPreset = 1, .top = {200, 30, 30}});  // kept by the server, sent to everyone
    std::size_t people = client.participants().size();        // everyone in the venue, in view or not
    EXPECT_TRUE(started.ok() && connected.ok());
    EXPECT_TRUE(client.joined());
    EXPECT_EQ(server.clientCount(), 1u);
    EXPECT_LE(people, 1u);
}
#endif

// The guard that makes the examples above the documentation: every line of every C++ block in
// docs/api.md must be a line of one of the example tests.
TEST(ApiExamples, EveryDocumentedLineIsCompiledHere) {
    auto read = [](const std::string& path) {
        std::ifstream f(path);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    const std::string root = ATRIUM_SOURCE_DIR;
    std::string tests = read(root + "/tests/docs/api_examples_test.cpp") + read(root + "/tests/docs/api_examples_render_test.cpp");
    std::set<std::string> compiled;
    // Lines compare with their runs of spaces collapsed: the formatter aligns the trailing
    // comments in the tests, the document aligns its own.
    auto trim = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            const bool space = c == ' ' || c == '\t' || c == '\r';
            if (space && (out.empty() || out.back() == ' ')) continue;
            out += space ? ' ' : c;
        }
        if (!out.empty() && out.back() == ' ') out.pop_back();
        return out;
    };
    std::istringstream testLines(tests);
    for (std::string line; std::getline(testLines, line);) compiled.insert(trim(line));
    std::istringstream doc(read(root + "/docs/api.md"));
    bool inCode = false;
    int checked = 0;
    for (std::string line; std::getline(doc, line);) {
        if (line.rfind("```", 0) == 0) {
            inCode = line == "```cpp";
            continue;
        }
        if (!inCode || trim(line).empty()) continue;
        ++checked;
        EXPECT_TRUE(compiled.count(trim(line))) << "docs/api.md shows a line no test compiles: " << line;
    }
    EXPECT_GT(checked, 60);
}
