#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>
#include <tuple>

#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/venue_file.hpp"
#include "document.hpp"
#include "recent_files.hpp"
#include "venue_templates.hpp"
#include "world_compare.hpp"

using namespace atrium;
using namespace atrium::editor;
using atrium::test::sameWorld;

namespace {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("atrium_editor_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

StableId createEntity(Document& doc, const std::string& name, std::vector<ComponentValue> comps = {}, StableId parent = {}) {
    Command c = makeCreate(name, parent, std::move(comps));
    StableId id = std::get<CreateEntities>(c).tree.entities.front().id;
    EXPECT_TRUE(doc.execute(std::move(c)).ok());
    return id;
}

}  // namespace

TEST(VenueTemplates, EveryTemplateBuilds) {
    for (const VenueTemplate& t : venueTemplates()) {
        SCOPED_TRACE(std::string(t.id));
        Result<World> w = buildVenueTemplate(t.id);
        ASSERT_TRUE(w.ok()) << w.error().toString();
        EXPECT_GT(w->entityCount(), 2u);
        EXPECT_GE(w->pool<SpawnPoint>().size(), 1u);
    }
    EXPECT_FALSE(buildVenueTemplate("castle").ok());
}

TEST(VenueTemplates, ConcertHallHas500SeatsAStageAScreenAndLights) {
    Result<World> w = buildVenueTemplate("concert_hall");
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w->pool<Seat>().size(), 500u);
    EXPECT_TRUE(w->findByName("Stage"));
    EXPECT_GE(w->pool<MediaScreen>().size(), 1u);
    EXPECT_GE(w->pool<Light>().size(), 4u);
}

TEST(Document, BuildByCommandsSaveAndReopen) {
    TempDir dir;
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    StableId stage = createEntity(doc, "Stage", {KitInstance{"stage", {{"width", 8}}, ""}});
    StableId lamp = createEntity(doc, "Lamp", {Light{.type = Light::Type::Spot, .intensity = 250}}, stage);
    ASSERT_TRUE(doc.execute(SetKitParam{stage, "depth", 5.0, {}}).ok());
    EXPECT_TRUE(doc.dirty());
    EXPECT_FALSE(doc.save().ok()) << "untitled needs Save As";
    std::filesystem::path file = dir.path / "built.venue.json";
    ASSERT_TRUE(doc.saveAs(file).ok());
    EXPECT_FALSE(doc.dirty());
    EXPECT_EQ(doc.title(), "built.venue.json");

    Result<World> loaded = loadVenue(file);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    Entity s = loaded->find(stage);
    ASSERT_TRUE(s);
    EXPECT_EQ(loaded->get<KitInstance>(s)->params.at("depth"), 5.0);
    Entity l = loaded->find(lamp);
    ASSERT_TRUE(l);
    EXPECT_EQ(loaded->parent(l), s);
    EXPECT_EQ(loaded->get<Light>(l)->intensity, 250.0f);
    EXPECT_TRUE(sameWorld(*loaded, doc.world(), false));

    Document reopened;
    ASSERT_TRUE(reopened.open(file).ok());
    EXPECT_TRUE(sameWorld(reopened.world(), doc.world(), false));
    EXPECT_FALSE(reopened.dirty());
    EXPECT_FALSE(reopened.history().canUndo());
}

TEST(Document, OpenReportsBadFilesWithPath) {
    TempDir dir;
    std::filesystem::path file = dir.path / "bad.venue.json";
    std::ofstream(file) << R"({"format": "atrium.venue", "version": 1, "entities": [{"id": 5}]})";
    Document doc;
    Status s = doc.open(file);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().toString().find("bad.venue.json"), std::string::npos) << s.error().toString();
}

TEST(Document, AutosaveWritesRecoveryEveryMinuteOnlyWithUnsavedChanges) {
    TempDir dir;
    Document doc;
    std::filesystem::path file = dir.path / "hall.venue.json";
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    ASSERT_TRUE(doc.saveAs(file).ok());
    EXPECT_FALSE(doc.tickAutosave(0.0));
    EXPECT_FALSE(doc.tickAutosave(61.0)) << "clean: nothing to autosave";
    createEntity(doc, "Added after save");
    EXPECT_FALSE(doc.tickAutosave(90.0)) << "less than a minute since the last check";
    EXPECT_TRUE(doc.tickAutosave(122.0));
    EXPECT_EQ(doc.recoveryPath(), std::filesystem::path(file.string() + ".recovery"));
    ASSERT_TRUE(std::filesystem::exists(doc.recoveryPath()));
    EXPECT_FALSE(doc.tickAutosave(183.0)) << "no change since the last autosave";

    // The editor "crashes" here; on the next start the recovery is found and opened.
    std::optional<std::filesystem::path> recovery = Document::findRecovery(file);
    ASSERT_TRUE(recovery.has_value());
    Document next;
    ASSERT_TRUE(next.recover(file, *recovery).ok());
    EXPECT_TRUE(next.world().findByName("Added after save"));
    EXPECT_TRUE(next.dirty()) << "recovered changes are not saved yet";
    EXPECT_EQ(next.path(), file);
    ASSERT_TRUE(next.save().ok());
    EXPECT_FALSE(std::filesystem::exists(doc.recoveryPath())) << "saving removes the recovery file";
    EXPECT_FALSE(Document::findRecovery(file).has_value());
}

TEST(Document, RecoveryOlderThanTheVenueIsIgnored) {
    TempDir dir;
    std::filesystem::path file = dir.path / "v.venue.json";
    std::ofstream(file.string() + ".recovery") << "{}";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(saveVenue(World{}, file).ok());
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file.string() + ".recovery") + std::chrono::seconds(5));
    EXPECT_FALSE(Document::findRecovery(file).has_value());
}

TEST(Document, PlayModeRestoresExactlyTheEditedWorld) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("classroom").ok());
    StableId lamp = createEntity(doc, "Lamp", {Light{}});
    doc.selection().select(lamp);
    World edited = doc.world();
    std::size_t undoSteps = doc.history().undoCount();

    ASSERT_TRUE(doc.enterPlay().ok());
    ASSERT_TRUE(doc.playing());
    Entity avatar = doc.world().find(doc.playerAvatar());
    ASSERT_TRUE(avatar);
    EXPECT_TRUE(doc.world().has<CharacterController>(avatar));
    Entity spawn = edited.findByName("Door");
    // Arrived as a live session's first guest: on the spawn point's circle.
    vec3 arrived = doc.world().get<Transform>(avatar)->position, door = edited.get<Transform>(spawn)->position;
    EXPECT_LE(glm::distance(arrived, door), std::max(0.5f, edited.get<SpawnPoint>(spawn)->radius));
    EXPECT_EQ(arrived.y, door.y);
    // Simulation changes the World freely while playing...
    World& live = doc.mutableWorld();
    live.get<Transform>(avatar)->position.x += 3.0f;
    live.destroy(live.find(lamp));
    live.settings.gravity.y = -1.0f;
    // ...but edits are refused (they would be lost on stop).
    EXPECT_FALSE(doc.execute(Rename{lamp, "x", {}}).ok());
    EXPECT_FALSE(doc.undo().ok());

    doc.exitPlay();
    EXPECT_FALSE(doc.playing());
    EXPECT_TRUE(sameWorld(doc.world(), edited));
    EXPECT_TRUE(doc.selection().contains(lamp));
    EXPECT_EQ(doc.history().undoCount(), undoSteps);
}

TEST(Document, DuplicateCopyPasteAndDeleteActOnTheSelection) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    StableId group = createEntity(doc, "Group");
    StableId child = createEntity(doc, "Child", {Light{}}, group);
    doc.selection().select(group);
    doc.selection().add(child);  // covered by its selected parent: acts once
    std::size_t before = doc.world().entityCount();
    ASSERT_TRUE(doc.duplicateSelection().ok());
    EXPECT_EQ(doc.world().entityCount(), before + 2);
    ASSERT_EQ(doc.selection().size(), 1u);
    EXPECT_NE(doc.selection().primary(), group);
    EXPECT_EQ(doc.history().undoCount(), 3u) << "duplicate is one step";

    doc.selection().select(child);
    doc.copySelection();
    ASSERT_TRUE(doc.paste().ok());
    EXPECT_EQ(doc.world().entityCount(), before + 3);
    Entity pasted = doc.world().find(doc.selection().primary());
    EXPECT_EQ(doc.world().parent(pasted), doc.world().find(group)) << "pasted beside the selection";

    doc.selection().select(group);
    ASSERT_TRUE(doc.deleteSelection().ok());
    EXPECT_FALSE(doc.world().find(group));
    EXPECT_TRUE(doc.selection().empty()) << "deleted entities leave the selection";
    ASSERT_TRUE(doc.undo().ok());
    EXPECT_TRUE(doc.world().find(group));
    EXPECT_EQ(doc.world().childCount(doc.world().find(group)), 2u);
}

TEST(RecentFiles, NewestFirstWithoutDuplicatesAndPersisted) {
    TempDir dir;
    RecentFiles r;
    for (int i = 0; i < 12; ++i) r.add(dir.path / ("v" + std::to_string(i) + ".venue.json"));
    r.add(dir.path / "v5.venue.json");
    ASSERT_EQ(r.paths().size(), RecentFiles::kMax);
    EXPECT_EQ(r.paths().front(), dir.path / "v5.venue.json");
    EXPECT_EQ(std::count(r.paths().begin(), r.paths().end(), dir.path / "v5.venue.json"), 1);
    ASSERT_TRUE(r.save(dir.path / "cfg" / "recent.txt").ok());
    RecentFiles loaded = RecentFiles::load(dir.path / "cfg" / "recent.txt");
    EXPECT_EQ(loaded.paths(), r.paths());
    EXPECT_TRUE(RecentFiles::load(dir.path / "missing.txt").paths().empty());
}

TEST(Document, ExportsAGlbOfTheVenue) {
    TempDir dir;
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("classroom").ok());
    std::filesystem::path glb = dir.path / "classroom.glb";
    Status s = doc.exportGlb(glb);
    ASSERT_TRUE(s.ok()) << s.error().toString();
    std::ifstream in(glb, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    EXPECT_EQ(std::string(magic, 4), "glTF");
    EXPECT_GT(std::filesystem::file_size(glb), 1000u);
}

TEST(Document, PlayModeWalksOnTheFloorWithPhysicsAndStopRestores) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    World edited = doc.world();
    ASSERT_TRUE(doc.enterPlay().ok());
    Entity avatar = doc.world().find(doc.playerAvatar());
    vec3 start = doc.world().get<Transform>(avatar)->position;
    doc.mutableWorld().get<CharacterController>(avatar)->moveInput = {0, 0, -1};
    for (int i = 0; i < 120; ++i) doc.tickPlay(1.0 / 60.0);
    vec3 now = doc.world().get<Transform>(avatar)->position;
    EXPECT_LT(now.z, start.z - 1.0f) << "walked forward for two seconds";
    EXPECT_NEAR(now.y, start.y, 0.2f) << "stays on the floor";
    doc.exitPlay();
    EXPECT_TRUE(sameWorld(doc.world(), edited));
}

TEST(Document, PlayModeSitsOnTheNearestSeatAndStandsUp) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("classroom").ok());
    World edited = doc.world();
    ASSERT_TRUE(doc.enterPlay().ok());
    EXPECT_FALSE(doc.toggleSeat().ok()) << "the door is far from the desks";
    World& w = doc.mutableWorld();
    Entity seat = kNullEntity;
    w.each<Seat>([&](Entity e, Seat&) { seat = e; });
    ASSERT_TRUE(seat);
    Entity avatar = w.find(doc.playerAvatar());
    w.get<Transform>(avatar)->position = vec3(w.worldMatrix(seat)[3]) + vec3(0.5f, 0, 0.5f);
    ASSERT_TRUE(doc.toggleSeat().ok()) << doc.lastMessage;
    EXPECT_EQ(w.get<Avatar>(avatar)->seat, w.stableId(seat));
    EXPECT_EQ(w.get<Seat>(seat)->occupant, doc.playerAvatar());
    EXPECT_TRUE(w.get<CharacterController>(avatar)->held) << "seated: physics keeps it on the seat";
    for (int i = 0; i < 30; ++i) doc.tickPlay(1.0 / 60.0);
    EXPECT_EQ(w.get<Avatar>(avatar)->seat, w.stableId(seat)) << "still seated after stepping";
    ASSERT_TRUE(doc.toggleSeat().ok());
    EXPECT_FALSE(w.get<Seat>(seat)->occupant.valid());
    EXPECT_FALSE(w.get<CharacterController>(avatar)->held);
    doc.exitPlay();
    EXPECT_TRUE(sameWorld(doc.world(), edited));
}

TEST(Document, PlayModePortalsTeleportAndTriggersReport) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    StableId arrival = createEntity(doc, "Arrival", {SpawnPoint{}});
    Command move = makeSet(arrival, Transform{.position = {8, 0, -8}});
    ASSERT_TRUE(doc.execute(move).ok());
    Command portalCmd = makeCreate("Portal", {}, {Portal{.target = arrival}});
    StableId portal = std::get<CreateEntities>(portalCmd).tree.entities[0].id;
    ASSERT_TRUE(doc.execute(portalCmd).ok());
    ASSERT_TRUE(doc.execute(makeSet(portal, Transform{.position = {0, 0, 2}})).ok());
    ASSERT_TRUE(doc.execute(makeCreate("Door", {}, {Trigger{.halfExtents = {1, 2, 1}, .event = "door"}})).ok());

    ASSERT_TRUE(doc.enterPlay().ok());
    World& w = doc.mutableWorld();
    Entity avatar = w.find(doc.playerAvatar());
    // Stand on the trigger at the origin: an enter event.
    w.get<Transform>(avatar)->position = {0, 0, 0};
    bool entered = false;
    for (int i = 0; i < 10 && !entered; ++i) {
        doc.tickPlay(1.0 / 60.0);
        for (const auto& e : doc.playEvents()) entered |= e == "door enter";
    }
    EXPECT_TRUE(entered);
    // Step into the portal: arrive at its target.
    w.get<Transform>(avatar)->position = {0, 0, 2};
    doc.tickPlay(1.0 / 60.0);
    vec3 at = w.get<Transform>(avatar)->position;
    EXPECT_NEAR(at.x, 8.0f, 0.3f);
    EXPECT_NEAR(at.z, -8.0f, 0.3f);
    doc.exitPlay();
}

// Play mode previews the shared venue: the player is on kAvatarLayer like networked avatars,
// so a trigger whose mask leaves avatars out ignores the player, and one for avatars sees it.
TEST(Document, PlayModeAvatarIsOnTheAvatarLayerAsInASharedSession) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    // Both at head height, clear of the floor (a collider on layer 1).
    for (auto [name, mask, event] : {std::tuple{"Crate sensor", 1u, "crates"}, std::tuple{"Visitor sensor", kAvatarLayer, "visitors"}}) {
        Command create = makeCreate(name, {}, {Trigger{.halfExtents = {1, 0.5f, 1}, .mask = mask, .event = event}});
        StableId id = std::get<CreateEntities>(create).tree.entities[0].id;
        ASSERT_TRUE(doc.execute(create).ok());
        ASSERT_TRUE(doc.execute(makeSet(id, Transform{.position = {0, 1.2f, 0}})).ok());
    }
    ASSERT_TRUE(doc.enterPlay().ok());
    World& w = doc.mutableWorld();
    w.get<Transform>(w.find(doc.playerAvatar()))->position = {0, 0, 0};
    std::vector<std::string> events;
    for (int i = 0; i < 10; ++i) {
        doc.tickPlay(1.0 / 60.0);
        for (const auto& e : doc.playEvents()) events.push_back(e);
    }
    EXPECT_NE(std::find(events.begin(), events.end(), "visitors enter"), events.end());
    EXPECT_EQ(std::find(events.begin(), events.end(), "crates enter"), events.end()) << "a crates-only trigger saw the player";
    doc.exitPlay();
}

// A spawn point inside a block (a balcony's solid rake built over it): the player arrives beside
// it instead of being flung out by the controller, and the status line says what to fix.
TEST(Document, PlayModeArrivesBesideABlockOverTheSpawnPointAndSaysSo) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());
    vec3 spawn(0.0f);
    doc.mutableWorld().updateTransforms();
    doc.mutableWorld().each<SpawnPoint>([&](Entity e, SpawnPoint&) { spawn = vec3(doc.world().worldMatrix(e)[3]); });
    StableId rake = createEntity(doc, "Rake", {Collider{.shape = Collider::Shape::Box, .halfExtents = {4.5f, 1.5f, 6}}});
    ASSERT_TRUE(doc.execute(makeSet(rake, Transform{.position = spawn + vec3(3.5f, 1.5f, 0)})).ok());
    ASSERT_TRUE(doc.enterPlay().ok());
    vec3 at = doc.world().get<Transform>(doc.world().find(doc.playerAvatar()))->position;
    EXPECT_LE(at.x, spawn.x - 1.3f + 1e-3f) << "the player arrived inside the rake";
    EXPECT_NE(doc.lastMessage.find("\"Rake\""), std::string::npos) << doc.lastMessage;
    doc.tickPlay(1.0 / 60.0);
    vec3 after = doc.world().get<Transform>(doc.world().find(doc.playerAvatar()))->position;
    EXPECT_LT(glm::length(after - at), 0.05f) << "standing beside the rake it should not be pushed away";
    doc.exitPlay();
}

// Every template a new user starts from puts the player where it has room to stand.
TEST(Document, EveryTemplatesSpawnPointHasRoomToStand) {
    for (const VenueTemplate& t : venueTemplates()) {
        Document doc;
        ASSERT_TRUE(doc.newFromTemplate(std::string(t.id)).ok()) << t.id;
        ASSERT_TRUE(doc.enterPlay().ok()) << t.id;
        EXPECT_EQ(doc.lastMessage.find("inside"), std::string::npos) << t.id << ": " << doc.lastMessage;
        doc.exitPlay();
    }
}

TEST(Document, SnapToFloorLandsTheSelectionOnTheColliderBelow) {
    Document doc;
    ASSERT_TRUE(doc.newFromTemplate("empty").ok());  // a floor slab whose top is at y = 0
    StableId crate = createEntity(doc, "Crate", {Collider{}, MeshRenderer{.mesh = "builtin:box"}});
    ASSERT_TRUE(doc.execute(makeSet(crate, Transform{.position = {1, 3.5f, 2}})).ok());
    doc.selection().select(crate);
    std::size_t steps = doc.history().undoCount();
    ASSERT_TRUE(doc.dropSelectionToFloor().ok()) << doc.lastMessage;
    vec3 p = doc.world().get<Transform>(doc.world().find(crate))->position;
    EXPECT_NEAR(p.y, 0.0f, 0.02f);
    EXPECT_EQ(p.x, 1.0f);
    EXPECT_EQ(p.z, 2.0f);
    EXPECT_EQ(doc.history().undoCount(), steps + 1);
    ASSERT_TRUE(doc.undo().ok());
    EXPECT_EQ(doc.world().get<Transform>(doc.world().find(crate))->position.y, 3.5f);
}

// Play mode runs the venue's show as the server does: the concert hall's host cue dims the
// house lights and starts the light show; E at a button uses it; stopping restores the venue.
TEST(Document, PlayModeRunsTheShowCuesAndButtonsAsTheServerDoes) {
    Document doc;
    ASSERT_TRUE(doc.open(std::string(ATRIUM_SOURCE_DIR) + "/samples/concert_hall/concert_hall.venue.json").ok());
    World& w = doc.mutableWorld();
    const StableId house = w.stableId(w.findByName("House light 1"));
    Entity button = w.create("Lectern button");
    w.get<Transform>(button)->position = vec3(0, 1, 22);  // at the foyer entrance, where the player arrives
    w.add<Interactable>(button, Interactable{.prompt = "Announce"});
    ShowBinding say;
    say.when.kind = ShowEvent::Kind::Used;
    say.actions.push_back({.kind = ShowAction::Kind::Announce, .text = "Welcome"});
    w.add<Interactions>(button, Interactions{{say}});
    World edited = doc.world();
    ASSERT_TRUE(doc.enterPlay().ok());
    ASSERT_NE(doc.playShow(), nullptr);
    const float before = w.get<Light>(w.find(house))->intensity;
    ASSERT_TRUE(doc.playCue("Start show").ok());
    for (int i = 0; i < 240; ++i) doc.tickPlay(1.0 / 60.0);
    EXPECT_LT(w.get<Light>(w.find(house))->intensity, before * 0.1f);
    EXPECT_TRUE(doc.playShow()->running(w.stableId(w.findByName("Light show: sweep"))));
    ASSERT_TRUE(doc.toggleSeat().ok()) << doc.lastMessage;
    EXPECT_EQ(doc.lastMessage, "Announcement: Welcome");
    doc.exitPlay();
    EXPECT_EQ(doc.playShow(), nullptr);
    EXPECT_TRUE(sameWorld(doc.world(), edited));
}
