// atrium-join: the attendee app. Opens a join link and puts you in the venue as a person.
//   atrium-join LINK [--venue FILE] [--avatar PATH] [--headless] [--seconds S] [--script FILE] [--png OUT.png] [--size WxH]
//               [--quality low|medium|high] [--settings FILE]
//               [--voice-in IN.wav] [--voice-out OUT.wav] [--open-mic] [--mic DEVICE] [--no-voice]
// LINK is atrium://HOST:PORT/VENUE_ID?token=... (atrium-server token ... --link HOST:PORT).
// Without --venue the venue file and its assets come from the server, cached by their hashes
// under $XDG_CACHE_HOME/atrium (~/.cache/atrium): a second join downloads nothing.
// In a window: WASD or the arrow keys walk (Shift runs, Space jumps), the right mouse button
// orbits the camera, the wheel zooms (all the way in is first person), E sits on the nearest
// free seat or stands up, a click on a seat sits there (on one's own: stands), on a portal
// goes through it, on the floor walks there; 1-6 play an emote; a gamepad works too
// (gamepad_controls.hpp). Keys, name, look and quality are settings, kept in
// $XDG_CONFIG_HOME/atrium/join.json. Headless it acts out the script, prints what it saw and
// can write a frame.
// Voice: in a window the microphone and speakers are used (hold V to talk, or choose the open
// mic in the Voice panel; Mute stops it). --voice-in speaks a WAV file instead of the microphone
// (from the start, open mic) and --voice-out writes what is heard to a WAV file instead of the
// speakers: with them a headless run talks and listens.
// --avatar picks a custom avatar: one of the venue's "avatars" (everyone sees it), or a local
// .glb/.gltf/.vrm file (a preview only this attendee sees).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "atrium/animation/avatar_library.hpp"
#include "atrium/physics/physics_world.hpp"
#include "atrium/runtime/runtime.hpp"
#include "atrium/scene/venue_path.hpp"
#include "attendee_script.hpp"
#include "attendee_session.hpp"
#include "attendee_settings.hpp"
#include "attendee_ui.hpp"
#include "attendee_voice.hpp"
#include "gamepad_controls.hpp"
#include "headless_imgui.hpp"
#include "imgui_input.hpp"
#include "imgui_overlay.hpp"
#include "screen_media.hpp"
#include "script_runner.hpp"
#include "translations.hpp"
#include "ui_fonts.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

struct Options {
    std::string link, venue, script, png, quality, settings, avatar;
    std::string voiceIn, voiceOut, microphone;
    bool headless = false, openMic = false, noVoice = false;
    double seconds = 10.0;
    std::uint32_t width = 1280, height = 720;
};

int usage() {
    std::fprintf(stderr,
                 "usage: atrium-join LINK [--venue FILE] [--avatar PATH] [--headless] [--seconds S] [--script FILE] [--png OUT.png]\n"
                 "                   [--size WxH] [--quality low|medium|high] [--settings FILE]\n"
                 "                   [--voice-in IN.wav] [--voice-out OUT.wav] [--open-mic] [--mic DEVICE] [--no-voice]\n"
                 "  LINK: atrium://HOST:PORT/VENUE_ID?token=...  (atrium-server token ... --link HOST:PORT)\n");
    return 2;
}

int fail(const std::string& what) {
    std::fprintf(stderr, "atrium-join: %s\n", what.c_str());
    return 1;
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (k == "--headless") o.headless = true;
        else if (k == "--open-mic") o.openMic = true;
        else if (k == "--no-voice") o.noVoice = true;
        else if (k == "--venue" || k == "--script" || k == "--png" || k == "--seconds" || k == "--size" || k == "--quality" ||
                 k == "--settings" || k == "--avatar" || k == "--voice-in" || k == "--voice-out" || k == "--mic") {
            const char* v = value();
            if (!v) return false;
            if (k == "--venue") o.venue = v;
            else if (k == "--voice-in") o.voiceIn = v;
            else if (k == "--voice-out") o.voiceOut = v;
            else if (k == "--mic") o.microphone = v;
            else if (k == "--quality") o.quality = v;
            else if (k == "--settings") o.settings = v;
            else if (k == "--avatar") o.avatar = v;
            else if (k == "--script") o.script = v;
            else if (k == "--png") o.png = v;
            else if (k == "--seconds") o.seconds = std::atof(v);
            else if (std::sscanf(v, "%ux%u", &o.width, &o.height) != 2 || o.width == 0 || o.height == 0) return false;
        } else if (k.rfind("--", 0) == 0 || !o.link.empty()) {
            return false;
        } else {
            o.link = k;
        }
    }
    return !o.link.empty();
}

// Keys held, relative to the camera: x right, y forward.
vec2 walkKeys(const InputState& in, const KeyBindings& keys) {
    vec2 k(0.0f);
    if (in.down(keys.forward) || in.down(Key::Up)) k.y += 1.0f;
    if (in.down(keys.back) || in.down(Key::Down)) k.y -= 1.0f;
    if (in.down(keys.right) || in.down(Key::Right)) k.x += 1.0f;
    if (in.down(keys.left) || in.down(Key::Left)) k.x -= 1.0f;
    return k;
}

// The sit key (E) uses a button in reach first: standing at a lectern, E presses its button.
void sitOrStand(AttendeeSession& session) {
    std::string why;
    if (!session.seated() && session.useInReach()) return;
    if (session.seated()) session.standUp();
    else if (!session.sitNearest(&why)) std::printf("atrium-join: %s\n", why.c_str());
}

// A left click that did not drag: what is under it, and what that means (click_action.hpp).
void clickInVenue(Runtime& rt, AttendeeSession& session, const InputState& in, vec2& pressedAt) {
    if (in.wentDown(MouseButton::Left)) pressedAt = in.mousePosition;
    if (!in.wentUp(MouseButton::Left) || glm::length(in.mousePosition - pressedAt) > 6.0f) return;
    Window& w = *rt.window();
    std::optional<PickHit> hit = rt.pick(in.mousePosition, vec2(float(w.width()), float(w.height())));
    if (!hit) return;
    session.act(clickActionFor(rt.world(), hit->entity, hit->point, session.mySeat(), session.position()));
}

// The avatar's keys, the gamepad and the camera's mouse, where the UI does not have them.
void windowControls(Runtime& rt, AttendeeSession& session, const InputState& in, const ImGuiIO& io, AttendeeUi& ui, float dt, vec2& pressedAt) {
    const AttendeeSettings& s = ui.settings;
    if (!io.WantCaptureMouse) {
        const vec2 look(in.mouseDelta.x, s.invertY ? -in.mouseDelta.y : in.mouseDelta.y);
        if (in.down(MouseButton::Right)) session.camera().orbit(look, s.mouseSensitivity);
        if (in.scrollDelta.y != 0.0f) session.camera().zoom(in.scrollDelta.y);
        clickInVenue(rt, session, in, pressedAt);
    }
    const PadControls pad = padControls(in.gamepad, dt);
    session.camera().orbit(pad.orbit, 1.0f);
    if (pad.zoom != 0.0f) session.camera().zoom(pad.zoom);
    if (pad.sitOrStand) sitOrStand(session);
    if (pad.emote != Emote::None) session.emote(pad.emote);
    if (ui.capturingKey()) {
        for (int k = 0; k < InputState::kKeyCount; ++k) {
            if (in.pressed[std::size_t(k)]) ui.captureKey(Key(k));
        }
        return;
    }
    if (io.WantCaptureKeyboard || ui.typing()) return;
    if (in.wentDown(s.keys.sit)) sitOrStand(session);
    for (int i = 0; i < 6; ++i) {
        if (in.wentDown(Key(int(Key::Num1) + i))) session.emote(kEmotes[i]);
    }
}

std::filesystem::path venueCache() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path base = xdg && *xdg     ? xdg
                                 : home && *home ? std::filesystem::path(home) / ".cache"
                                                 : std::filesystem::temp_directory_path();
    return base / "atrium";  // blobs/, partial/ and venues/ (asset_download.hpp)
}

// The venue and its assets from the server (or the cache, for what it holds by hash): a short
// visit that only downloads, then leaves, so the attendee's own visit starts with the venue
// loaded from the cache's folder for it, where its relative asset paths resolve.
Result<std::filesystem::path> fetchVenue(const net::JoinLink& link) {
    net::Client fetch({.token = link.token, .venueCacheDir = venueCache()});
    if (Status s = fetch.connect(link.host, link.port); !s) return s.error();
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double nextProgress = 1.0, lastMove = 0.0;
    std::uint64_t lastDone = 0;
    for (;;) {
        fetch.update(seconds());
        const net::AssetTransfer& t = fetch.assetTransfer();
        if (t.state == net::AssetTransfer::State::Ready) {
            std::string how = t.downloadedBytes ? "downloaded " + std::to_string(t.downloadedBytes) + " bytes of " + std::to_string(t.bytesTotal)
                                                : "all " + std::to_string(t.bytesTotal) + " bytes from the cache";
            std::printf("atrium-join: venue %s: %zu files, %s in %.2f s (%s)\n", link.venueId.c_str(), t.files.size(), how.c_str(), seconds(),
                        t.venueFile.string().c_str());
            fetch.leave();
            for (double until = seconds() + 0.2; seconds() < until;) fetch.update(seconds());
            return t.venueFile;
        }
        if (t.state == net::AssetTransfer::State::Failed) return Error{"the venue from " + link.host + ": " + t.error};
        if (!fetch.closeReason().empty()) return Error{"the server closed the connection: " + fetch.closeReason()};
        if (t.state == net::AssetTransfer::State::Downloading && seconds() >= nextProgress) {
            std::printf("atrium-join: downloading the venue: %llu of %llu bytes, %u files asked for\n", (unsigned long long)t.bytesDone,
                        (unsigned long long)t.bytesTotal, t.requestedFiles);
            nextProgress = seconds() + 1.0;
        }
        // A download that is moving may take its time; one that stands still 20 s may not.
        if (t.bytesDone != lastDone) lastDone = t.bytesDone, lastMove = seconds();
        if (seconds() - lastMove > 20.0) {
            return Error{"no venue from " + link.host + ":" + std::to_string(link.port) + " within 20 s (" + std::to_string(t.bytesDone) +
                         " of " + std::to_string(t.bytesTotal) + " bytes; pass --venue FILE)"};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(t.state == net::AssetTransfer::State::Downloading ? 1 : 5));
    }
}

// Custom avatars: a look's venue-relative path is the venue folder's file of that name (the
// asset transfer puts the venue's "avatars" there); a local file given to --avatar is named
// "local/<file name>", which no other attendee can resolve, so they see the mannequin.
struct AvatarChoice {
    std::filesystem::path local;
    std::string model;  // what the look names
};

AvatarChoice chooseAvatar(const std::string& arg) {
    if (arg.empty()) return {};
    std::error_code ec;
    if (venuePathProblem(arg) && std::filesystem::is_regular_file(arg, ec))
        return {std::filesystem::absolute(arg), "local/" + std::filesystem::path(arg).filename().string()};
    return {{}, arg};
}

AvatarResolver avatarResolver(std::filesystem::path venueRoot, AvatarChoice choice) {
    return [root = std::move(venueRoot), choice = std::move(choice)](std::string_view p) -> std::optional<std::filesystem::path> {
        if (!choice.local.empty() && p == choice.model) return choice.local;
        std::error_code ec;
        std::filesystem::path file = root / std::filesystem::path(p);
        return std::filesystem::is_regular_file(file, ec) ? std::optional<std::filesystem::path>(file) : std::nullopt;
    };
}

// Once joined: the own look names the chosen avatar (the server keeps it for late joiners).
void sendAvatarOnce(AttendeeSession& session, const AvatarChoice& choice, AvatarLook look, bool& sent) {
    if (sent || choice.model.empty() || !session.joined()) return;
    look.model = choice.model;
    session.setLook(look);
    sent = true;
}

// The session's log has been printed as it grew; the script's report and who is where now.
void printReport(const AttendeeSession& session, const ScriptRunner* script) {
    if (script) {
        for (const std::string& line : script->report()) std::printf("atrium-join: script %s\n", line.c_str());
    }
    for (const Participant& p : session.participants()) {
        if (!p.inView) {
            std::printf("atrium-join: sees %s%s (client %u, %s), not in view\n", p.name.c_str(), p.me ? " (me)" : "", p.clientId,
                        net::toString(p.role));
            continue;
        }
        std::printf("atrium-join: sees %s%s (client %u, %s) at (%.2f, %.2f, %.2f)%s\n", p.name.c_str(), p.me ? " (me)" : "", p.clientId,
                    net::toString(p.role), p.position.x, p.position.y, p.position.z, p.seated ? ", seated" : "");
    }
}

// ImGui's font atlas as an overlay texture, its draw data as the runtime's overlay.
Status startImGui(Runtime& rt, ui::HeadlessImGui& imgui, ui::UiFonts& fonts, UiOverlay& overlay) {
    if (Status s = fonts.refresh(imgui.io(), rt.renderer()); !s) return s;
    imgui.io().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    rt.setOverlay(&overlay);
    return Ok{};
}

// Why the visit cannot start, said in the window until the attendee closes it (and in the log);
// headless, only in the log. Returns the exit code.
int refuse(Runtime& rt, ui::HeadlessImGui& imgui, ui::UiFonts& fonts, UiOverlay& overlay, const std::string& why) {
    std::fprintf(stderr, "atrium-join: %s\n", why.c_str());
    if (!rt.window()) return 1;
    fonts.addText(why);  // a venue's path or a server's reason may be in any script
    if (Status s = fonts.refresh(imgui.io(), rt.renderer()); !s) std::fprintf(stderr, "atrium-join: %s\n", s.error().toString().c_str());
    while (!rt.window()->shouldClose()) {
        Window& w = *rt.window();
        ui::feedImGuiInput(imgui.io(), w.input(),
                           {vec2(float(w.width()), float(w.height())), vec2(float(w.framebufferWidth()), float(w.framebufferHeight()))},
                           1.0f / 60);
        imgui.beginFrame(1.0f / 60);
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::Begin("Cannot join", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", why.c_str());
        ImGui::TextUnformatted("Ask the host for a new join link, or try again later.");
        if (ImGui::Button("Close")) rt.window()->requestClose();
        ImGui::End();
        imgui.endFrame();
        ui::overlayFromDrawData(*ImGui::GetDrawData(), overlay);
        if (!rt.frame(1.0f / 60)) break;
    }
    return 1;
}

// The saved settings, or the defaults with the reason when the file is broken (nothing is lost:
// the broken file stays until the attendee saves over it).
AttendeeSettings startingSettings(const Options& o, std::filesystem::path& path) {
    path = o.settings.empty() ? defaultSettingsPath() : std::filesystem::path(o.settings);
    Result<AttendeeSettings> loaded = loadSettings(path);
    AttendeeSettings settings;
    if (loaded) settings = *loaded;
    else std::fprintf(stderr, "atrium-join: settings not used: %s\n", loaded.error().toString().c_str());
    if (o.quality == "low") settings.quality = GraphicsQuality::Low;
    else if (o.quality == "medium") settings.quality = GraphicsQuality::Medium;
    else if (o.quality == "high") settings.quality = GraphicsQuality::High;
    return settings;
}

// Voice: the devices in a window (unless --no-voice), the WAV stand-ins when given; headless
// without them, none.
Result<std::unique_ptr<AttendeeVoice>> startVoice(const Options& o, const AttendeeSettings& settings) {
    if (o.noVoice || (o.headless && o.voiceIn.empty() && o.voiceOut.empty())) return std::unique_ptr<AttendeeVoice>();
    AttendeeVoiceOptions v;
    v.wavIn = o.voiceIn;
    v.wavOut = o.voiceOut;
    v.devices = !o.headless;
    v.microphone = o.microphone.empty() ? settings.microphone : o.microphone;
    v.openMic = o.openMic || settings.openMic || !o.voiceIn.empty();  // a file talks by itself
    v.inputGain = settings.micGain;
    return AttendeeVoice::create(v);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o) || (!o.quality.empty() && o.quality != "low" && o.quality != "medium" && o.quality != "high")) return usage();
    Result<net::JoinLink> link = net::parseJoinLink(o.link);
    if (!link) return fail(link.error().message);
    std::optional<ScriptRunner> script;
    if (!o.script.empty()) {
        std::ifstream in(o.script);
        if (!in) return fail(o.script + ": cannot open the script");
        std::stringstream text;
        text << in.rdbuf();
        Result<std::vector<ScriptStep>> steps = parseAttendeeScript(text.str(), o.script);
        if (!steps) return fail(steps.error().message);
        script.emplace(std::move(*steps));
    }
    std::filesystem::path settingsPath;
    AttendeeSettings settings = startingSettings(o, settingsPath);

    RuntimeOptions options{.window = !o.headless, .flyCamera = false, .venueCamera = false, .drawCrowd = false};
    applyQuality(settings.quality, options.renderer);
    auto runtime = Runtime::create(options);
    if (!runtime) return fail(runtime.error().toString());
    Runtime& rt = **runtime;
    ui::HeadlessImGui imgui(float(o.width), float(o.height));
    // The UI language ($ATRIUM_LANG, else the system locale) and fonts for every script the
    // venue, the chat and the people in it use; new characters rebuild the atlas (below).
    const char* lang = std::getenv("ATRIUM_LANG");
    ui::UiFonts fonts({.commonChinese = ui::initTranslations(lang ? lang : "") == "zh_CN"});
    std::size_t chatLinesSeen = 0;
    UiOverlay overlay;
    if (Status s = startImGui(rt, imgui, fonts, overlay); !s) return fail(s.error().toString());

    if (o.venue.empty()) {
        Result<std::filesystem::path> fetched = fetchVenue(*link);
        if (!fetched) return refuse(rt, imgui, fonts, overlay, fetched.error().message);
        o.venue = fetched->string();
    }
    if (Status s = rt.loadVenue(o.venue); !s) return refuse(rt, imgui, fonts, overlay, s.error().toString());
    fonts.addNames(rt.world());
    AttendeeSession session(rt.world(), *link, rt.renderer().assets().root());
    if (Status s = session.connect(); !s) return refuse(rt, imgui, fonts, overlay, s.error().toString());
    rt.renderer().setCrowd(&session.crowd());  // with everyone's emotes and looks
    const AvatarChoice avatar = chooseAvatar(o.avatar);
    AvatarLibrary avatars(avatarResolver(rt.renderer().assets().root(), avatar));
    session.setAvatars(&avatars);
    bool avatarSent = false;
    AttendeeUi panels;
    panels.settings = settings;
    panels.settingsPath = settingsPath;
    std::unique_ptr<AttendeeVoice> voice;
    if (Result<std::unique_ptr<AttendeeVoice>> made = startVoice(o, settings)) voice = std::move(*made);
    else return fail(made.error().toString());
    panels.voice = voice.get();
    if (voice) {
        for (const std::string& note : voice->notes()) std::printf("atrium-join: %s\n", note.c_str());
    }

    auto start = std::chrono::steady_clock::now();
    auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double last = 0.0;
    bool joinedOnce = false, refusedSaid = false;
    std::size_t logPrinted = 0;
    vec2 pressedAt(0.0f);
    auto obstacle = [&](vec3 from, vec3 dir, float distance) -> std::optional<float> {
        PhysicsWorld* p = rt.physics();
        auto hit = p ? p->raycast(from, dir, distance, ~kAvatarLayer) : std::nullopt;
        return hit ? std::optional<float>(hit->distance) : std::nullopt;
    };
    while (o.headless ? clock() < o.seconds && !(script && script->done() && clock() > 1.0) : !rt.window()->shouldClose()) {
        const double now = clock();
        const float dt = float(now - last);
        vec2 keys(0.0f);
        bool run = false, jump = false;
        if (rt.window()) {
            const InputState& in = rt.window()->input();
            Window& w = *rt.window();
            ui::feedImGuiInput(imgui.io(), in,
                               {vec2(float(w.width()), float(w.height())), vec2(float(w.framebufferWidth()), float(w.framebufferHeight()))}, dt);
            windowControls(rt, session, in, imgui.io(), panels, dt, pressedAt);
            const PadControls pad = padControls(in.gamepad, dt);
            if (!imgui.io().WantCaptureKeyboard && !panels.typing() && !panels.capturingKey()) {
                keys = walkKeys(in, panels.settings.keys);
                run = in.down(panels.settings.keys.run);
                jump = in.down(panels.settings.keys.jump);
            }
            if (glm::length(pad.keys) > glm::length(keys)) keys = pad.keys;
            run |= pad.run;
            jump |= pad.jump;
        }
        if (rt.window()) {
            for (std::uint32_t c : rt.window()->input().characters) fonts.addCodepoint(c);
        }
        for (; chatLinesSeen < session.log().size(); ++chatLinesSeen) fonts.addText(session.log()[chatLinesSeen]);
        for (const Participant& p : session.participants()) fonts.addText(p.name);
        if (Status s = fonts.refresh(imgui.io(), rt.renderer()); !s) return fail(s.error().toString());
        panels.screenInView = screenLookedAt(rt.world(), session.camera().view(session.position(), obstacle));
        panels.screenProblems = screenProblems(rt.world(), rt.media());
        imgui.beginFrame(std::max(dt, 1e-3f));
        panels.draw(session);
        imgui.endFrame();
        ui::overlayFromDrawData(*ImGui::GetDrawData(), overlay);
        if (script) keys = script->update(session, dt);
        session.update(now, dt, keys, run, jump);
        if (session.joined() && !joinedOnce) {
            // What the attendee chose last time, for everyone to see.
            if (!panels.settings.displayName.empty() && panels.settings.displayName != session.displayName())
                session.setDisplayName(panels.settings.displayName);
            if (panels.settings.lookChosen) session.setLook(panels.settings.look);
        }
        joinedOnce |= session.joined();
        for (; logPrinted < session.log().size(); ++logPrinted) std::printf("atrium-join: %s\n", session.log()[logPrinted].c_str());
        // A refusal or a kick ends the visit: headless at once; in a window the banner says why
        // and the attendee closes it. A lost connection is the session's to retry.
        if (session.status().state == ConnectionStatus::State::Refused && !refusedSaid) {
            refusedSaid = true;
            if (o.headless) return fail(session.status().message);
        }
        sendAvatarOnce(session, avatar, panels.settings.look, avatarSent);
        const CameraView eye = session.camera().view(session.position(), obstacle);
        if (voice) {
            if (rt.window()) {
                const bool keysFree = !imgui.io().WantCaptureKeyboard && !panels.typing() && !panels.capturingKey();
                voice->setPushToTalk(keysFree && rt.window()->input().down(panels.settings.keys.talk));
            }
            voice->update(session, eye.eye, glm::normalize(eye.target - eye.eye), dt);
        }
        rt.setCamera(eye);
        followServerMedia(session.client(), rt.media(), now, dt);
        rt.renderer().setLabels(rt.media().statusLabels(rt.world()));  // why a screen failed, on it
        if (Status s = rt.frame(dt); !s) return fail(s.error().toString());
        // The screens' sound, each at its screen, into the voices' mix (speakers or --voice-out).
        if (voice) rt.media().playAudio(rt.world(), voice->playback());
        last = now;
        if (o.headless) std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
    if (!joinedOnce)
        return fail("did not join " + link->host + ":" + std::to_string(link->port) + " within " + std::to_string(o.seconds) +
                    " s: " + session.status().message);
    printReport(session, script ? &*script : nullptr);
    if (voice) {
        std::printf("atrium-join: voice: %llu frames sent, %llu received\n", (unsigned long long)voice->framesSent(),
                    (unsigned long long)voice->framesReceived());
        for (const auto& [id, h] : voice->heard()) {
            std::printf("atrium-join: voice: heard %s (client %u) for %.1f s%s\n", h.name.c_str(), id, double(h.frames) * 0.02,
                        h.stage ? ", venue-wide" : "");
        }
        for (const audio::RemoteSpeaker& s : voice->speakers()) {
            std::printf("atrium-join: voice: client %llu: %llu frames played, %llu recovered by FEC, %llu concealed, jitter %.0f ms\n",
                        (unsigned long long)s.id, (unsigned long long)s.jitter.played, (unsigned long long)s.jitter.recovered,
                        (unsigned long long)s.jitter.concealed, s.jitter.jitterSeconds * 1000.0);
        }
        if (Status saved = voice->finish(); !saved) return fail(saved.error().toString());
        if (!o.voiceOut.empty()) std::printf("atrium-join: wrote %s\n", o.voiceOut.c_str());
    }
    for (const std::string& line : avatars.messages()) std::printf("atrium-join: %s\n", line.c_str());
    const CameraView view = session.camera().view(session.position(), obstacle);
    std::printf("atrium-join: camera at (%.2f, %.2f, %.2f) looking at (%.2f, %.2f, %.2f)\n", view.eye.x, view.eye.y, view.eye.z, view.target.x,
                view.target.y, view.target.z);
    if (!o.png.empty()) {
        auto image = rt.renderOffscreen(o.width, o.height);
        Status saved = image ? saveImagePng(*image, o.png) : Status(image.error());
        if (!saved) return fail(saved.error().toString());
        std::printf("atrium-join: wrote %s\n", o.png.c_str());
    }
    return 0;
}
