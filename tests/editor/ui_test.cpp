// UI tests: the real editor UI on a headless ImGui context, driven through simulated input
// (io.MousePos / io.MouseDown[] / io.KeysDown[] set before each frame, as 1.86 requires).
#include <gtest/gtest.h>

#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "ui_driver.hpp"
#include "world_compare.hpp"

using namespace atrium;
using namespace atrium::editor;
using atrium::test::sameWorld;
using Driver = atrium::test::EditorDriver;

TEST(EditorUi, ClickSelectsARowAndShiftClickAdds) {
    Driver d;
    StableId a = d.create("Alpha"), b = d.create("Beta");
    d.frames(2);
    d.click(d.row(a));
    EXPECT_EQ(d.doc.selection().ids(), std::vector<StableId>{a});
    d.click(d.row(b), true);
    EXPECT_EQ(d.doc.selection().ids(), (std::vector<StableId>{a, b}));
    d.click(d.row(a));
    EXPECT_EQ(d.doc.selection().ids(), std::vector<StableId>{a});
}

TEST(EditorUi, DraggingARowOntoAnotherReparentsItAsOneUndoStep) {
    Driver d;
    StableId parent = d.create("Parent"), child = d.create("Child");
    d.frames(2);
    World before = d.doc.world();
    d.drag(d.row(child), d.row(parent));
    Entity c = d.doc.world().find(child);
    EXPECT_EQ(d.doc.world().parent(c), d.doc.world().find(parent));
    EXPECT_EQ(d.doc.history().undoCount(), 3u);
    d.press(keys::kZ, true);
    EXPECT_TRUE(sameWorld(d.doc.world(), before));
}

TEST(EditorUi, InspectorSliderDragIsOneUndoStepAndCtrlZRevertsIt) {
    Driver d;
    StableId lamp = d.create("Lamp", {Light{.intensity = 10.0f}});
    d.doc.selection().select(lamp);
    d.frames(2);
    std::size_t steps = d.doc.history().undoCount();
    ImVec2 at = d.field("light.intensity");
    d.drag(at, ImVec2(at.x + 60, at.y), 12);
    float dragged = d.doc.world().get<Light>(d.doc.world().find(lamp))->intensity;
    EXPECT_GT(dragged, 10.0f);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1) << "the whole drag is one step";
    at = d.field("light.intensity");
    d.drag(at, ImVec2(at.x + 30, at.y), 6);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 2) << "a second drag is a second step";
    d.press(keys::kZ, true);
    EXPECT_EQ(d.doc.world().get<Light>(d.doc.world().find(lamp))->intensity, dragged);
    d.press(keys::kZ, true);
    EXPECT_EQ(d.doc.world().get<Light>(d.doc.world().find(lamp))->intensity, 10.0f);
}

TEST(EditorUi, AScreensLoopAndAutoplayAreOneUndoStepEach) {
    Driver d;
    StableId screen = d.create("Screen", {MediaScreen{.source = "video/keynote.mp4"}});
    d.doc.selection().select(screen);
    d.frames(2);
    const std::size_t steps = d.doc.history().undoCount();
    d.click(d.field("mediaScreen.loop"));
    d.frames(1);
    d.click(d.field("mediaScreen.autoplay"));
    d.frames(1);
    const MediaScreen* m = d.doc.world().get<MediaScreen>(d.doc.world().find(screen));
    EXPECT_TRUE(m->loop);
    EXPECT_FALSE(m->autoplay);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 2);
    d.press(keys::kZ, true);
    m = d.doc.world().get<MediaScreen>(d.doc.world().find(screen));
    EXPECT_TRUE(m->autoplay);
    EXPECT_TRUE(m->loop);
    d.press(keys::kZ, true);
    EXPECT_FALSE(d.doc.world().get<MediaScreen>(d.doc.world().find(screen))->loop);
}

TEST(EditorUi, SelectionChangesKeepTheRedoStack) {
    Driver d;
    StableId a = d.create("A"), b = d.create("B");
    ASSERT_TRUE(d.doc.execute(Rename{a, "Renamed", {}}).ok());
    d.frames(2);
    d.press(keys::kZ, true);
    EXPECT_TRUE(d.doc.history().canRedo());
    d.click(d.row(b));
    d.click(d.row(a), true);
    EXPECT_TRUE(d.doc.history().canRedo());
    d.press(keys::kY, true);
    EXPECT_EQ(d.doc.world().get<Name>(d.doc.world().find(a))->value, "Renamed");
}

TEST(EditorUi, DeleteKeyRemovesTheSelectionAndUndoBringsItBack) {
    Driver d;
    StableId a = d.create("A");
    StableId kid = d.create("Kid", {MeshRenderer{.mesh = "builtin:box"}}, a);
    d.frames(2);
    World before = d.doc.world();
    d.click(d.row(a));
    d.press(keys::kDelete);
    EXPECT_FALSE(d.doc.world().find(a));
    EXPECT_FALSE(d.doc.world().find(kid));
    d.press(keys::kZ, true);
    EXPECT_TRUE(sameWorld(d.doc.world(), before));
}

TEST(EditorUi, CtrlDDuplicatesTheSelection) {
    Driver d;
    StableId a = d.create("A", {Light{}});
    d.frames(2);
    d.click(d.row(a));
    d.press(keys::kD, true);
    EXPECT_EQ(d.doc.world().entityCount(), 2u);
    EXPECT_NE(d.doc.selection().primary(), a);
    EXPECT_TRUE(d.doc.world().has<Light>(d.doc.world().find(d.doc.selection().primary())));
}

TEST(EditorUi, AddComponentFromTheMenuAndRemoveItWithItsButton) {
    Driver d;
    StableId a = d.create("A");
    d.doc.selection().select(a);
    d.frames(2);
    d.click(d.field("add"));
    d.frames(1);
    d.click(d.field("add.light"));
    Entity e = d.doc.world().find(a);
    ASSERT_TRUE(d.doc.world().has<Light>(e));
    d.frames(1);
    d.click(d.field("light.remove"));
    EXPECT_FALSE(d.doc.world().has<Light>(e));
    d.press(keys::kZ, true);
    EXPECT_TRUE(d.doc.world().has<Light>(e));
}

TEST(EditorUi, KitParameterSliderRegeneratesLiveAsOneStep) {
    Driver d;
    StableId kit = d.create("Seats", {KitInstance{"seating_block", {{"rows", 2}, {"seatsPerRow", 5}}, ""}});
    EXPECT_EQ(d.doc.world().findPool<Seat>()->size(), 10u);
    d.doc.selection().select(kit);
    d.frames(2);
    std::size_t steps = d.doc.history().undoCount();
    ImVec2 at = d.field("kit.rows");
    d.drag(at, ImVec2(at.x + 40, at.y), 8);
    std::size_t seats = d.doc.world().findPool<Seat>()->size();
    EXPECT_GT(seats, 10u);
    EXPECT_EQ(seats % 5, 0u);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1);
    d.press(keys::kZ, true);
    EXPECT_EQ(d.doc.world().findPool<Seat>()->size(), 10u);
}

TEST(EditorUi, HierarchyOfTenThousandEntitiesDrawsOnlyVisibleRows) {
    Driver d;
    World big;
    Entity root = big.create("Hall");
    for (int i = 0; i < 10000; ++i) big.setParent(big.create("Seat " + std::to_string(i)), root);
    d.doc.reset(std::move(big), {}, false);
    d.ui.hierarchy.expandAll(d.doc.world());
    d.frames(2);
    EXPECT_EQ(d.ui.hierarchy.rows(d.doc.world(), d.doc.history().revision()).size(), 10001u);
    EXPECT_GT(d.ui.hierarchy.drawnRows, 10u);
    EXPECT_LT(d.ui.hierarchy.drawnRows, 100u);
}

TEST(EditorUi, FilterShowsMatchesWithTheirAncestors) {
    Driver d;
    StableId hall = d.create("Hall");
    StableId stage = d.create("Stage", {}, hall);
    StableId lamp = d.create("Stage lamp", {}, stage);
    d.create("Foyer");
    d.ui.hierarchy.filter = "LAMP";
    d.frames(1);
    const auto& rows = d.ui.hierarchy.rows(d.doc.world(), d.doc.history().revision());
    std::vector<StableId> shown;
    for (const auto& r : rows) shown.push_back(d.doc.world().stableId(r.entity));
    EXPECT_EQ(shown, (std::vector<StableId>{hall, stage, lamp}));
}

TEST(EditorUi, UnsavedChangesPromptBeforeNewVenue) {
    Driver d;
    ASSERT_TRUE(d.doc.newFromTemplate("empty").ok());
    d.create("Unsaved work");
    d.ui.requestNew("plaza");
    EXPECT_EQ(d.ui.pending(), EditorUi::Pending::NewFromTemplate);
    d.frames(2);  // the modal is up
    EXPECT_TRUE(d.doc.world().findByName("Unsaved work"));
    d.ui.resolvePrompt(EditorUi::Answer::Cancel);
    EXPECT_TRUE(d.doc.world().findByName("Unsaved work"));
    d.ui.requestNew("plaza");
    d.ui.resolvePrompt(EditorUi::Answer::Discard);
    EXPECT_FALSE(d.doc.world().findByName("Unsaved work"));
    EXPECT_TRUE(d.doc.world().findByName("Plaza centre"));
    EXPECT_FALSE(d.doc.dirty());
    d.ui.requestQuit();
    EXPECT_TRUE(d.ui.quitRequested()) << "nothing unsaved: no prompt";
}

TEST(EditorUi, FullLayoutOfTheConcertHallTemplateRendersEveryPanel) {
    Driver d;
    d.ui.requestNew("concert_hall");
    d.frames(3);
    EXPECT_GT(d.ui.hierarchy.drawnRows, 5u);
    Rect v = d.ui.viewport();
    EXPECT_GT(v.w, 400.0f);
    EXPECT_GT(v.h, 300.0f);
    ImDrawData* draw = ImGui::GetDrawData();
    ASSERT_NE(draw, nullptr);
    EXPECT_GT(draw->TotalVtxCount, 1000);
}

// The budget follows the venue as it is edited (and undone), and says what is over.
TEST(EditorUi, BudgetTabMeasuresTheVenueAndFlagsWhatIsOverTheLimits) {
    Driver d;
    d.ui.requestNew("concert_hall");
    d.frames(2);
    const std::vector<BudgetLine>& lines = d.ui.budgetLines();
    ASSERT_EQ(lines.size(), 7u);
    std::uint64_t hallTriangles = d.ui.budget().triangles;
    EXPECT_GT(hallTriangles, 10000u) << "a hall of seats";
    EXPECT_GT(d.ui.budget().pointLights, 0u) << "stage lights";
    EXPECT_EQ(d.ui.overBudgetSummary(), "") << "the template fits the default budget";

    d.ui.budgetLimits.triangles = hallTriangles + 100;
    StableId big = d.create("Big sphere", {MeshRenderer{.mesh = "builtin:sphere?segments=64&rings=32"}});
    d.now += 1.0;  // past the measuring throttle
    d.frame();
    EXPECT_GT(d.ui.budget().triangles, hallTriangles);
    EXPECT_NE(d.ui.overBudgetSummary().find("triangles"), std::string::npos) << d.ui.overBudgetSummary();
    EXPECT_TRUE(d.ui.budgetLines()[0].over());

    ASSERT_TRUE(d.doc.undo().ok());
    d.now += 1.0;
    d.frame();
    EXPECT_FALSE(d.doc.world().alive(d.doc.world().find(big)));
    EXPECT_EQ(d.ui.budget().triangles, hallTriangles);
    EXPECT_EQ(d.ui.overBudgetSummary(), "");
}

// The Interactions rows: "+ action" adds a row as one undo step and Ctrl+Z takes it away; a
// binding whose target was deleted is drawn (in red) and reported, not a crash.
TEST(EditorUi, InteractionsPanelAddsAnActionAsOneStepAndReportsADeletedTarget) {
    Driver d;
    StableId curtain = d.create("Curtain", {MeshRenderer{.mesh = "builtin:box"}});
    ShowBinding b;
    b.when.kind = ShowEvent::Kind::Used;
    b.actions.push_back({.kind = ShowAction::Kind::Hide, .target = curtain});
    b.actions.push_back({.kind = ShowAction::Kind::Show, .target = StableId{0xdeadull}});
    StableId button = d.create("Button", {Interactable{}, Interactions{{b}}});
    d.doc.selection().select(button);
    d.frames(2);
    auto actions = [&] { return d.doc.world().get<Interactions>(d.doc.world().find(button))->bindings[0].actions.size(); };
    ASSERT_EQ(d.ui.inspector.problems.size(), 1u);
    EXPECT_EQ(d.ui.inspector.problems[0], "interactions.bindings[0].actions[1].target: entity 000000000000dead is gone");
    std::size_t steps = d.doc.history().undoCount();
    d.click(d.field("interactions.bindings[0].+ action"));
    EXPECT_EQ(actions(), 3u);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1) << "one step";
    d.press(keys::kZ, true);
    EXPECT_EQ(actions(), 2u);
    // A new binding (used, no actions yet) the same way.
    d.frames(1);
    d.click(d.field("interactions.+ binding"));
    EXPECT_EQ(d.doc.world().get<Interactions>(d.doc.world().find(button))->bindings.size(), 2u);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1);
}

// The timeline editor: a key's time dragged on its row is one step, "+ key" another, and
// undoing both gives the timeline back as it was.
TEST(EditorUi, TimelineEditorDragsAKeyAndAddsOneEachAsOneStep) {
    Driver d;
    StableId lamp = d.create("Lamp", {Light{}});
    Timeline tl{.length = 10.0f};
    tl.tracks.push_back({lamp, TimelineTrack::Property::LightIntensity, {{0.0f, vec4(0)}, {2.0f, vec4(100, 0, 0, 0)}}});
    StableId show = d.create("Show", {tl});
    d.doc.selection().select(show);
    d.frames(2);
    auto timeline = [&] { return *d.doc.world().get<Timeline>(d.doc.world().find(show)); };
    std::size_t steps = d.doc.history().undoCount();
    ImVec2 at = d.field("timeline.tracks[0].keys[1].time");
    d.drag(at, ImVec2(at.x + 40, at.y), 8);
    EXPECT_GT(timeline().tracks[0].keys[1].time, 2.0f);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 1);
    d.frames(1);
    d.click(d.field("timeline.tracks[0].+ key"));
    EXPECT_EQ(timeline().tracks[0].keys.size(), 3u);
    EXPECT_EQ(d.doc.history().undoCount(), steps + 2);
    d.press(keys::kZ, true);
    d.press(keys::kZ, true);
    EXPECT_EQ(timeline(), tl);
}
