// Host mode in one process: the editor hosts its venue on a loopback netsync server, a guest
// client joins, and every command the editor applies (and its undo and redo) reaches it.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "atrium/audio/wav_file.hpp"
#include "atrium/net/client.hpp"
#include "atrium/scene/kit.hpp"
#include "editor_names.hpp"
#include "editor_ui.hpp"
#include "kit_placement.hpp"

using namespace atrium;
using namespace atrium::editor;

namespace {

struct HostDriver {
    HeadlessImGui imgui{1280, 720};
    Document doc;
    EditorUi ui{doc, std::filesystem::temp_directory_path() / "atrium_editor_host_test"};
    std::chrono::steady_clock::time_point epoch = std::chrono::steady_clock::now();

    // Editor frames and guest updates on the wall clock (the host's server runs on its own
    // thread), until `done` or `seconds` have passed.
    template <typename Done>
    bool pump(net::Client& guest, double seconds, Done done) {
        auto start = std::chrono::steady_clock::now();
        auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
        while (elapsed() < seconds) {
            double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch).count();
            imgui.beginFrame(0.002f);
            ui.frame(now, 1.0f);
            imgui.endFrame();
            guest.update(now);
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }
};

// Every entity's name by id, avatars left out (they live on the server only).
std::map<std::uint64_t, std::string> namesById(const World& world) {
    std::map<std::uint64_t, std::string> names;
    world.forEachEntity([&](Entity e) {
        if (world.has<Avatar>(e)) return;
        const Name* n = world.get<Name>(e);
        names[world.stableId(e).value] = n ? n->value : "";
    });
    return names;
}

}  // namespace

TEST(HostMode, CreateRenameDeleteUndoAndRedoReachAGuestsCopyOfTheVenue) {
    HostDriver d;
    ASSERT_TRUE(d.doc.newFromTemplate("classroom").ok());
    World guestVenue = d.doc.world();  // the guest loads the same venue file
    StableId screen = d.doc.world().stableId(d.doc.world().findByName("Screen"));
    ASSERT_TRUE(screen.valid());
    ASSERT_TRUE(d.ui.startHosting(0).ok());
    HostSession* host = d.ui.hostSession();
    net::Client guest({.token = host->mintToken("guest", net::Role::Attendee, 42)});
    ASSERT_TRUE(guest.connect("127.0.0.1", host->port()).ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.joined() && host->joined(); })) << guest.closeReason();

    // A kit from the library (its generated children travel inside the create command), a
    // rename and a delete, all through the editor's command system.
    ASSERT_FALSE(kitGenerators().empty());
    Result<StableId> kit = placeKit(d.doc, std::string(kitGenerators()[0].id), vec3(1.0f, 0.0f, 2.0f));
    ASSERT_TRUE(kit.ok()) << kit.error().toString();
    ASSERT_TRUE(d.doc.execute(Rename{*kit, "Guest-visible kit", {}}).ok());
    d.doc.selection().select(screen);
    ASSERT_TRUE(d.doc.deleteSelection().ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.commands().size() >= 3; }));
    ASSERT_TRUE(guest.applyCommands(guestVenue).ok());
    EXPECT_EQ(namesById(guestVenue), namesById(d.doc.world()));
    EXPECT_EQ(namesById(guestVenue).at(kit->value), "Guest-visible kit");
    EXPECT_FALSE(guestVenue.find(screen));
    EXPECT_EQ(namesById(host->serverWorld()), namesById(d.doc.world()));  // what late joiners start from

    // Undoing the delete brings the screen back for the guest too.
    ASSERT_TRUE(d.doc.undo().ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.commands().size() >= 4; }));
    ASSERT_TRUE(guest.applyCommands(guestVenue).ok());
    EXPECT_TRUE(guestVenue.find(screen));
    EXPECT_EQ(namesById(guestVenue), namesById(d.doc.world()));
    // Redo deletes it again.
    ASSERT_TRUE(d.doc.redo().ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.commands().size() >= 5; }));
    ASSERT_TRUE(guest.applyCommands(guestVenue).ok());
    EXPECT_FALSE(guestVenue.find(screen));
    EXPECT_EQ(namesById(guestVenue), namesById(d.doc.world()));

    // A guest's own command is refused: a notice back, nothing applied, nothing relayed.
    guest.sendCommand(Rename{*kit, "Hijacked", {}});
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return !guest.notices().empty(); }));
    EXPECT_EQ(guest.notices().back(), "only hosts edit the venue live");
    d.pump(guest, 0.2, [] { return false; });
    EXPECT_EQ(guest.commands().size(), 5u);
    EXPECT_EQ(namesById(host->serverWorld()).at(kit->value), "Guest-visible kit");
    EXPECT_EQ(host->commandsSent(), 5u);
    d.ui.stopHosting();
}

TEST(HostMode, ATransformEditAndItsUndoReachAJoinedGuestAsCommands) {
    HostDriver d;
    ASSERT_TRUE(d.doc.newFromTemplate("classroom").ok());
    Entity desk = d.doc.world().findByName("Screen");
    ASSERT_TRUE(desk);
    StableId id = d.doc.world().stableId(desk);
    Transform original = *d.doc.world().get<Transform>(desk);

    ASSERT_TRUE(d.ui.startHosting(0).ok());
    HostSession* host = d.ui.hostSession();
    ASSERT_NE(host, nullptr);
    EXPECT_EQ(host->venueId(), "venue");
    net::Client guest({.token = host->mintToken("guest", net::Role::Attendee, 42)});
    ASSERT_TRUE(guest.connect("127.0.0.1", host->port()).ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.joined() && host->joined(); })) << guest.closeReason();
    EXPECT_EQ(host->guestCount(), 1u);

    // A move through the editor's command system...
    Transform moved = original;
    moved.position += vec3(1.5f, 0.0f, -2.0f);
    moved.rotation = glm::angleAxis(glm::radians(30.0f), vec3(0, 1, 0));
    ASSERT_TRUE(d.doc.execute(makeSet(id, moved)).ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return !guest.commands().empty(); }));
    const SetComponent* set = std::get_if<SetComponent>(&guest.commands().back());
    ASSERT_NE(set, nullptr);
    EXPECT_EQ(set->entity, id);
    const Transform& sent = std::get<Transform>(set->after);
    EXPECT_NEAR(glm::distance(sent.position, moved.position), 0.0f, 1e-5f);
    EXPECT_NEAR(std::abs(glm::dot(sent.rotation, moved.rotation)), 1.0f, 1e-5f);
    // ...lands in the server's World too (what late joiners get).
    std::optional<Transform> onServer = host->serverTransform(id);
    ASSERT_TRUE(onServer);
    EXPECT_NEAR(glm::distance(onServer->position, moved.position), 0.0f, 1e-5f);

    // Undo is a command like any other.
    ASSERT_TRUE(d.doc.undo().ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.commands().size() >= 2; }));
    set = std::get_if<SetComponent>(&guest.commands().back());
    ASSERT_NE(set, nullptr);
    EXPECT_NEAR(glm::distance(std::get<Transform>(set->after).position, original.position), 0.0f, 1e-5f);
    EXPECT_EQ(host->commandsSent(), 2u);
    EXPECT_TRUE(guest.edits().empty()) << "a change goes out once, as a command";

    // Selecting or re-running frames without edits sends nothing more.
    d.doc.selection().select(id);
    d.pump(guest, 0.2, [] { return false; });
    EXPECT_EQ(host->commandsSent(), 2u);

    d.ui.stopHosting();
    EXPECT_EQ(d.ui.hostSession(), nullptr);
}

TEST(HostMode, ABusyPortIsAnErrorNotACrash) {
    HostDriver a, b;
    ASSERT_TRUE(a.doc.newFromTemplate("empty").ok());
    ASSERT_TRUE(b.doc.newFromTemplate("empty").ok());
    ASSERT_TRUE(a.ui.startHosting(0).ok());
    Status second = b.ui.startHosting(a.ui.hostSession()->port());
    EXPECT_FALSE(second.ok());
    EXPECT_EQ(b.ui.hostSession(), nullptr);
}

// The host talks from the editor: a WAV file stands in for the microphone (open mic), a guest
// near the spawn point gets the frames and sees the host speaking; Mute stops them.
TEST(HostMode, TheHostsVoiceReachesAGuestAndMuteStopsIt) {
    HostDriver d;
    ASSERT_TRUE(d.doc.newFromTemplate("classroom").ok());
    std::vector<float> speech;
    for (int i = 0; i < 48000 * 3; ++i) {
        const double t = double(i) / 48000.0;
        // A voiced tone under a syllable-rate envelope: what voice activity detection opens for.
        speech.push_back(float(0.3 * std::sin(2.0 * 3.14159265 * 180.0 * t) * (0.6 + 0.4 * std::sin(2.0 * 3.14159265 * 4.0 * t))));
    }
    const auto wav = std::filesystem::temp_directory_path() / "atrium_editor_host_voice.wav";
    ASSERT_TRUE(audio::writeWav(wav, audio::PcmBuffer{audio::kSampleRate, 1, speech}).ok());
    d.ui.hostVoice = {.wavIn = wav, .devices = false, .openMic = true};
    ASSERT_TRUE(d.ui.startHosting(0).ok());
    HostSession* host = d.ui.hostSession();
    ASSERT_NE(d.ui.voice(), nullptr);
    EXPECT_TRUE(d.ui.voice()->hasMicrophone());
    net::Client guest({.token = host->mintToken("guest", net::Role::Attendee, 43)});
    ASSERT_TRUE(guest.connect("127.0.0.1", host->port()).ok());
    ASSERT_TRUE(d.pump(guest, 5.0, [&] { return guest.joined() && host->joined(); })) << guest.closeReason();

    bool heardSpeaking = false;
    ASSERT_TRUE(d.pump(guest, 5.0,
                       [&] {
                           heardSpeaking |= !guest.speaking().empty();
                           return guest.stats().voiceFramesReceived >= 25;
                       }))
        << "frames sent by the host: " << d.ui.voice()->framesSent();
    EXPECT_TRUE(heardSpeaking);
    EXPECT_GT(d.ui.voice()->local().inputLevelDb, -30.0f);

    d.ui.voice()->setMuted(*host, true);
    d.pump(guest, 0.3, [] { return false; });  // what was on its way arrives
    const std::uint64_t before = guest.stats().voiceFramesReceived;
    d.pump(guest, 0.6, [] { return false; });
    EXPECT_EQ(guest.stats().voiceFramesReceived, before);
    d.ui.stopHosting();
    std::filesystem::remove(wav);
}
