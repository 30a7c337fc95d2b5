#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "atrium/scene/kit.hpp"
#include "atrium/scene/venue_file.hpp"
#include "atrium/scene/venue_migration.hpp"

using namespace atrium;
namespace fs = std::filesystem;

namespace {

World makeSampleWorld() {
    World w;
    w.name = "Test Hall";
    w.settings.sunIntensity = 4.5f;
    w.settings.gravity = vec3(0, -9.0f, 0);
    Entity root = w.create("Root");
    Entity lamp = w.create("Lamp");
    EXPECT_TRUE(w.setParent(lamp, root).ok());
    w.get<Transform>(lamp)->position = vec3(1.5f, 3.25f, -2.0f);
    w.get<Transform>(lamp)->rotation = glm::angleAxis(0.3f, glm::normalize(vec3(1, 1, 0)));
    w.add<Light>(lamp, Light{.type = Light::Type::Spot, .color = vec3(1, 0.5f, 0.25f), .intensity = 800, .range = 12});
    Entity box = w.create("Box");
    w.add<MeshRenderer>(box, MeshRenderer{.mesh = "builtin:box", .material = "builtin:wood", .tint = vec4(0.9f, 0.8f, 0.7f, 1)});
    w.add<RigidBody>(box, RigidBody{.type = RigidBody::Type::Dynamic, .mass = 3});
    w.add<Collider>(box, Collider{.shape = Collider::Shape::Box, .halfExtents = vec3(0.5f)});
    Entity spawn = w.create("Spawn");
    w.add<SpawnPoint>(spawn, SpawnPoint{.radius = 2});
    Entity portal = w.create("Portal");
    w.add<Portal>(portal, Portal{.target = w.stableId(spawn)});
    Entity screen = w.create("Screen");
    w.add<MediaScreen>(
        screen,
        MediaScreen{.source = "video/keynote.mp4", .resolutionX = 1920, .resolutionY = 1080, .autoplay = false, .loop = true, .volume = 0.5f});
    Entity booth = w.create("Booth screen");
    w.add<MediaScreen>(booth, MediaScreen{.playlist = {"video/a.mp4", "video/b.mp4", "https://example.org/live.m3u8"}, .loop = true});
    Entity cam = w.create("Camera");
    w.add<Camera>(cam, Camera{.fovYDegrees = 50, .primary = true});
    w.add<Trigger>(cam, Trigger{.halfExtents = vec3(2), .event = "lobby"});
    Entity stage = w.create("Stage zone");
    w.add<StageZone>(stage, StageZone{.halfExtents = {8, 2.5f, 4}});
    EXPECT_TRUE(spawnKit(w, "seating_block", {{"rows", 3}, {"seatsPerRow", 4}, {"arcRadius", 12}}, root).ok());
    return w;
}

Result<World> load(const std::string& json, VenueLoadReport* report = nullptr) { return loadVenueFromString(json, "hall.venue.json", report); }

// A minimal valid document with one entity whose components are `components`.
std::string withEntity(const std::string& components, const std::string& extra = "") {
    return R"({"format": "atrium.venue", "version": 1, "name": "x", "entities": [{"id": "00000000000000aa", "name": "e")" + extra +
           R"(, "components": )" + components + "}]}";
}

}  // namespace

TEST(VenueFile, SaveLoadSaveIsIdentical) {
    World original = makeSampleWorld();
    std::string first = saveVenueToString(original);
    Result<World> loaded = load(first);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ(loaded->entityCount(), original.entityCount());
    EXPECT_EQ(saveVenueToString(*loaded), first);
    EXPECT_EQ(loaded->settings, original.settings);
    EXPECT_EQ(loaded->name, "Test Hall");
}

TEST(VenueFile, LoadedWorldKeepsIdsHierarchyAndComponents) {
    World original = makeSampleWorld();
    Result<World> loaded = load(saveVenueToString(original));
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    Entity lamp = loaded->findByName("Lamp");
    ASSERT_TRUE(lamp);
    EXPECT_EQ(loaded->stableId(lamp), original.stableId(original.findByName("Lamp")));
    EXPECT_EQ(loaded->parent(lamp), loaded->findByName("Root"));
    const Light* light = loaded->get<Light>(lamp);
    ASSERT_TRUE(light);
    EXPECT_EQ(light->type, Light::Type::Spot);
    EXPECT_EQ(light->intensity, 800.0f);
    EXPECT_EQ(loaded->get<Transform>(lamp)->position, vec3(1.5f, 3.25f, -2.0f));
    EXPECT_EQ(loaded->pool<Seat>().size(), 12u);  // generated again from the kit
    const Portal* portal = loaded->get<Portal>(loaded->findByName("Portal"));
    ASSERT_TRUE(portal);
    EXPECT_EQ(loaded->find(portal->target), loaded->findByName("Spawn"));
}

TEST(VenueFile, AScreensPlaylistRoundTripsInOrder) {
    World original = makeSampleWorld();
    Result<World> loaded = load(saveVenueToString(original));
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    const MediaScreen* m = loaded->get<MediaScreen>(loaded->findByName("Booth screen"));
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->playlist, (std::vector<std::string>{"video/a.mp4", "video/b.mp4", "https://example.org/live.m3u8"}));
    EXPECT_TRUE(m->loop);
    EXPECT_EQ(m->items(), m->playlist);
    const MediaScreen* single = loaded->get<MediaScreen>(loaded->findByName("Screen"));
    ASSERT_NE(single, nullptr);
    EXPECT_TRUE(single->playlist.empty());
    EXPECT_EQ(single->items(), std::vector<std::string>{"video/keynote.mp4"});
}

TEST(VenueFile, GeneratedChildrenAreNotWrittenButRegeneratedWithSameIds) {
    World original = makeSampleWorld();
    std::string text = saveVenueToString(original);
    EXPECT_EQ(text.find("Seat A1"), std::string::npos);
    Result<World> loaded = load(text);
    ASSERT_TRUE(loaded.ok());
    for (Entity seat : original.pool<Seat>().entities()) {
        EXPECT_TRUE(loaded->find(original.stableId(seat))) << "seat id lost";
    }
}

TEST(VenueFile, UnknownComponentsSurviveRoundTripWithWarning) {
    std::string doc = withEntity(R"({"transform": {"position": [1, 2, 3]}, "acme.scoreboard": {"teams": ["red", "blue"], "score": [3, 1]}})");
    VenueLoadReport report;
    Result<World> loaded = load(doc, &report);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_EQ(report.warnings[0].jsonPath, "entities[0].components.acme.scoreboard");
    std::string saved = saveVenueToString(*loaded);
    EXPECT_NE(saved.find("acme.scoreboard"), std::string::npos);
    Result<World> again = load(saved);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(saveVenueToString(*again), saved);
}

struct BadVenue {
    const char* what;
    std::string json;
    std::string path;      // expected jsonPath of the first error
    std::string fragment;  // expected in its message
};

// ctest lists parameterised tests with their printed parameter: print the description.
void PrintTo(const BadVenue& bad, std::ostream* os) { *os << bad.what; }

class BadVenueTest : public ::testing::TestWithParam<BadVenue> {};

TEST_P(BadVenueTest, IsRejectedNamingFileAndPath) {
    const BadVenue& bad = GetParam();
    VenueLoadReport report;
    Result<World> r = load(bad.json, &report);
    ASSERT_FALSE(r.ok()) << bad.what;
    ASSERT_FALSE(report.errors.empty());
    EXPECT_EQ(r.error().file, "hall.venue.json");
    bool found = false;
    for (const Error& e : report.errors) {
        if (e.jsonPath == bad.path && e.message.find(bad.fragment) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << bad.what << ": wanted " << bad.path << " / " << bad.fragment << "\ngot:\n" << toString(report.errors);
    std::string text = r.error().toString();
    EXPECT_EQ(text.rfind("hall.venue.json: ", 0), 0u) << text;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, BadVenueTest,
    ::testing::Values(
        BadVenue{"light intensity is a word", withEntity(R"({"light": {"intensity": "bright"}})"), "entities[0].components.light.intensity",
                 "expected a number, got \"bright\""},
        BadVenue{"wrong format name", R"({"format": "gltf", "version": 1})", "format", "expected \"atrium.venue\""},
        BadVenue{"missing version", R"({"format": "atrium.venue"})", "version", "missing"},
        BadVenue{"future version", R"({"format": "atrium.venue", "version": 99})", "version", "newer Atrium"},
        BadVenue{"entities not an array", R"({"format": "atrium.venue", "version": 1, "entities": {}})", "entities", "expected an array"},
        BadVenue{"bad id", R"({"format": "atrium.venue", "version": 1, "entities": [{"id": "xyz"}]})", "entities[0].id", "16 lowercase hex"},
        BadVenue{"duplicate id",
                 R"({"format": "atrium.venue", "version": 1, "entities": [{"id": "00000000000000aa"}, {"id": "00000000000000aa"}]})",
                 "entities[1].id", "duplicate id"},
        BadVenue{"parent missing", withEntity("{}", R"(, "parent": "00000000000000bb")"), "entities[0].parent", "no entity has id"},
        BadVenue{
            "parent cycle",
            R"({"format": "atrium.venue", "version": 1, "entities": [{"id": "00000000000000aa", "parent": "00000000000000bb"}, {"id": "00000000000000bb", "parent": "00000000000000aa"}]})",
            "entities[1].parent", "cycle"},
        BadVenue{"position too short", withEntity(R"({"transform": {"position": [1, 2]}})"), "entities[0].components.transform.position",
                 "expected an array of 3 numbers"},
        BadVenue{"position element string", withEntity(R"({"transform": {"position": [1, "up", 3]}})"),
                 "entities[0].components.transform.position[1]", "expected a number"},
        BadVenue{"zero quaternion", withEntity(R"({"transform": {"rotation": [0, 0, 0, 0]}})"), "entities[0].components.transform.rotation",
                 "zero length"},
        BadVenue{"unknown light type", withEntity(R"({"light": {"type": "laser"}})"), "entities[0].components.light.type",
                 "unknown value \"laser\""},
        BadVenue{"negative intensity", withEntity(R"({"light": {"intensity": -5}})"), "entities[0].components.light.intensity", "out of range"},
        BadVenue{"misspelt field", withEntity(R"({"light": {"intensty": 5}})"), "entities[0].components.light.intensty", "unknown field"},
        BadVenue{"mesh renderer without mesh", withEntity(R"({"meshRenderer": {"material": "builtin:wood"}})"),
                 "entities[0].components.meshRenderer.mesh", "required"},
        BadVenue{"dynamic body without mass", withEntity(R"({"rigidBody": {"type": "dynamic", "mass": 0}})"),
                 "entities[0].components.rigidBody.mass", "mass above 0"},
        BadVenue{"triangle mesh collider without mesh", withEntity(R"({"collider": {"shape": "triangleMesh"}})"),
                 "entities[0].components.collider.mesh", "needs a mesh"},
        BadVenue{"portal to nowhere", withEntity(R"({"portal": {"target": "00000000000000cc"}})"), "entities[0].components.portal.target",
                 "no entity has id"},
        BadVenue{"stage zone without size", withEntity(R"({"stageZone": {"halfExtents": [4, 0, 3]}})"),
                 "entities[0].components.stageZone.halfExtents[1]", "out of range"},
        BadVenue{"unknown generator", withEntity(R"({"kit": {"generator": "rollercoaster"}})"), "entities[0].components.kit.generator",
                 "unknown generator"},
        BadVenue{"kit param out of range", withEntity(R"({"kit": {"generator": "seating_block", "params": {"rows": 0}}})"),
                 "entities[0].components.kit.params.rows", "out of range"},
        BadVenue{"kit param fractional count", withEntity(R"({"kit": {"generator": "seating_block", "params": {"rows": 2.5}}})"),
                 "entities[0].components.kit.params.rows", "whole number"},
        BadVenue{"kit param unknown", withEntity(R"({"kit": {"generator": "stage", "params": {"colour": 1}}})"),
                 "entities[0].components.kit.params.colour", "unknown parameter"},
        BadVenue{"component not an object", withEntity(R"({"seat": 5})"), "entities[0].components.seat", "expected an object"},
        BadVenue{"camera far before near", withEntity(R"({"camera": {"near": 10, "far": 5}})"), "entities[0].components.camera.far",
                 "beyond the near plane"},
        BadVenue{"screen resolution", withEntity(R"({"mediaScreen": {"resolution": [1920]}})"), "entities[0].components.mediaScreen.resolution",
                 "expected [width, height]"},
        BadVenue{"screen autoplay not a boolean", withEntity(R"({"mediaScreen": {"autoplay": "yes"}})"),
                 "entities[0].components.mediaScreen.autoplay", "true or false"},
        BadVenue{"screen loop not a boolean", withEntity(R"({"mediaScreen": {"loop": 1}})"), "entities[0].components.mediaScreen.loop",
                 "true or false"},
        BadVenue{"screen playlist not a list", withEntity(R"({"mediaScreen": {"playlist": "a.mp4"}})"),
                 "entities[0].components.mediaScreen.playlist", "expected a list of sources"},
        BadVenue{"screen playlist item empty", withEntity(R"({"mediaScreen": {"playlist": ["a.mp4", ""]}})"),
                 "entities[0].components.mediaScreen.playlist[1]", "expected a source"},
        BadVenue{"screen source and playlist", withEntity(R"({"mediaScreen": {"source": "b.mp4", "playlist": ["a.mp4"]}})"),
                 "entities[0].components.mediaScreen.playlist", "either \"source\" or \"playlist\""},
        BadVenue{"screen volume over 1", withEntity(R"({"mediaScreen": {"volume": 2}})"), "entities[0].components.mediaScreen.volume",
                 "out of range"},
        BadVenue{"sun direction zero", R"({"format": "atrium.venue", "version": 1, "settings": {"sun": {"direction": [0, 0, 0]}}})",
                 "settings.sun.direction", "zero length"},
        BadVenue{"unknown top-level field", R"({"format": "atrium.venue", "version": 1, "entites": []})", "entites", "unknown field"}),
    [](const ::testing::TestParamInfo<BadVenue>& info) {
        std::string name;
        for (char c : std::string(info.param.what)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return name;
    });

TEST(VenueFile, ReportsEveryErrorNotJustTheFirst) {
    VenueLoadReport report;
    Result<World> r = load(withEntity(R"({"light": {"intensity": "bright", "range": "far"}, "camera": {"fovYDegrees": 500}})"), &report);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(report.errors.size(), 3u) << toString(report.errors);
}

TEST(VenueFile, InvalidJsonNamesLine) {
    VenueLoadReport report;
    Result<World> r = load("{\n  \"format\": \"atrium.venue\",\n  \"version\": 1,,\n}", &report);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().line, 3);  // the stray comma
    EXPECT_NE(r.error().message.find("invalid JSON"), std::string::npos);
}

TEST(VenueFile, MissingFileIsAClearError) {
    Result<World> r = loadVenue("/nonexistent/dir/hall.venue.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().file, "/nonexistent/dir/hall.venue.json");
    EXPECT_NE(r.error().message.find("cannot open"), std::string::npos);
}

TEST(VenueFile, MigrationHookUpgradesOldVersions) {
    // A pretend version-0 format that called the light intensity "power".
    registerVenueMigration(0, [](nlohmann::json& doc) -> Status {
        for (auto& e : doc["entities"]) {
            auto& comps = e["components"];
            if (comps.contains("light") && comps["light"].contains("power")) {
                comps["light"]["intensity"] = comps["light"]["power"];
                comps["light"].erase("power");
            }
        }
        return Ok{};
    });
    std::string doc =
        R"({"format": "atrium.venue", "version": 0, "entities": [{"id": "00000000000000aa", "components": {"light": {"power": 42}}}]})";
    Result<World> r = load(doc);
    unregisterVenueMigration(0);
    ASSERT_TRUE(r.ok()) << r.error().toString();
    EXPECT_EQ(r->get<Light>(r->find(StableId{0xaa}))->intensity, 42.0f);
    Result<World> noStep = load(doc);
    ASSERT_FALSE(noStep.ok());
    EXPECT_NE(noStep.error().message.find("no migration from version 0"), std::string::npos);
}

TEST(VenueFile, SaveIsAtomicAndLeavesNoTemporaryFiles) {
    fs::path dir = fs::temp_directory_path() / ("atrium_venue_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path file = dir / "hall.venue.json";
    { std::ofstream(file) << "old contents"; }
    World w = makeSampleWorld();
    ASSERT_TRUE(saveVenue(w, file).ok());
    int files = 0;
    for (auto& entry : fs::directory_iterator(dir)) {
        (void)entry;
        ++files;
    }
    EXPECT_EQ(files, 1);
    Result<World> back = loadVenue(file);
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back->entityCount(), w.entityCount());
    fs::remove_all(dir);
}

TEST(VenueFile, SaveIntoMissingFolderFailsWithoutTouchingAnything) {
    World w = makeSampleWorld();
    Status s = saveVenue(w, "/nonexistent/dir/hall.venue.json");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().toString().find("/nonexistent/dir/hall.venue.json"), std::string::npos);
}

TEST(VenueFile, SampleVenueLoads) {
    VenueLoadReport report;
    Result<World> r = loadVenue(fs::path(ATRIUM_ASSETS_DIR) / "venues" / "small_hall.venue.json", &report);
    ASSERT_TRUE(r.ok()) << toString(report.errors);
    EXPECT_TRUE(report.warnings.empty());
    EXPECT_GE(r->pool<Seat>().size(), 100u);
    EXPECT_GE(r->pool<MediaScreen>().size(), 1u);
    EXPECT_GE(r->pool<Light>().size(), 1u);
    EXPECT_GE(r->pool<SpawnPoint>().size(), 1u);
}

TEST(VenueFile, SampleWorldVenuesLoadWithWhatTheyPromise) {
    fs::path samples = fs::path(ATRIUM_SOURCE_DIR) / "samples";
    struct Expect {
        const char* file;
        std::size_t seats, bodies, screens, portals;
    };
    for (const Expect& x :
         {Expect{"concert_hall/concert_hall.venue.json", 2000, 0, 1, 0}, Expect{"expo/expo.venue.json", 0, 0, 20, 2},
          Expect{"physics_playground/physics_playground.venue.json", 0, 950, 0, 0}, Expect{"plaza/plaza.venue.json", 32, 10, 5, 0}}) {
        VenueLoadReport report;
        Result<World> w = loadVenue(samples / x.file, &report);
        ASSERT_TRUE(w.ok()) << toString(report.errors);
        EXPECT_EQ(w->pool<Seat>().size(), x.seats) << x.file;
        EXPECT_EQ(w->pool<RigidBody>().size(), x.bodies) << x.file;
        EXPECT_EQ(w->pool<MediaScreen>().size(), x.screens) << x.file;
        EXPECT_EQ(w->pool<Portal>().size(), x.portals) << x.file;
        EXPECT_GE(w->pool<SpawnPoint>().size(), 1u) << x.file;
    }
}

TEST(VenueFile, ComponentCountsUseVenueFileNames) {
    Result<World> w = load(withEntity(R"({"light": {}, "seat": {}, "acme.scoreboard": {"x": 1}})"));
    ASSERT_TRUE(w.ok());
    auto counts = componentCounts(*w);
    EXPECT_EQ(counts, (std::map<std::string, std::size_t>{{"light", 1}, {"seat", 1}, {"acme.scoreboard", 1}}));
}

TEST(VenueFile, TheAvatarsAVenueOffersRoundTrip) {
    World w = makeSampleWorld();
    w.avatars = {"avatars/robot.glb", "avatars/vrm/alicia.vrm"};
    const std::string saved = saveVenueToString(w);
    Result<World> loaded = load(saved);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    EXPECT_EQ(loaded->avatars, w.avatars);
    EXPECT_EQ(saveVenueToString(*loaded), saved);
    EXPECT_EQ(World(*loaded).avatars, w.avatars) << "a copy of the world keeps them";
    EXPECT_EQ(saveVenueToString(makeSampleWorld()).find("\"avatars\""), std::string::npos) << "none offered: no field";
}

TEST(VenueFile, AnAvatarPathOutsideTheVenueOrNotAStringIsRejectedNamingItsIndex) {
    auto withAvatars = [](const std::string& list) {
        return R"({"format": "atrium.venue", "version": 1, "name": "x", "avatars": )" + list + R"(, "entities": []})";
    };
    struct Case {
        std::string list, path, fragment;
    } cases[] = {
        {R"(["avatars/a.glb", "../b.glb"])", "avatars[1]", "leaves the venue's folder"},
        {R"(["/abs/c.glb"])", "avatars[0]", "absolute path"},
        {R"(["a.glb", 3])", "avatars[1]", "expected a path relative to the venue file, got 3"},
        {R"("robot.glb")", "avatars", "expected an array of paths"},
        {"[\"" + std::string(300, 'x') + "\"]", "avatars[0]", "longer than 200 bytes"},
    };
    for (const Case& c : cases) {
        VenueLoadReport report;
        Result<World> r = load(withAvatars(c.list), &report);
        ASSERT_FALSE(r.ok()) << c.list;
        ASSERT_EQ(report.errors.size(), 1u) << toString(report.errors);
        EXPECT_EQ(report.errors[0].jsonPath, c.path);
        EXPECT_NE(report.errors[0].message.find(c.fragment), std::string::npos) << report.errors[0].message;
    }
}
