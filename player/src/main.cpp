// atrium-join: the attendee app. Opens a join link and puts you in the venue as a person.
//   atrium-join LINK [--venue FILE] [--headless] [--seconds S] [--script FILE] [--png OUT.png] [--size WxH]
// LINK is atrium://HOST:PORT/VENUE_ID?token=... (atrium-server token ... --link HOST:PORT).
// Without --venue the venue file comes from the server, cached by its hash under
// $XDG_CACHE_HOME/atrium/venues (~/.cache/atrium/venues): a second join downloads nothing.
// In a window: WASD or the arrow keys walk (Shift runs, Space jumps), the right mouse button
// orbits the camera, the wheel zooms (all the way in is first person), E sits on the nearest
// free seat or stands up, 1-6 play an emote. Headless it acts out the script, prints what it
// saw and can write a frame.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "atrium/physics/physics_world.hpp"
#include "atrium/runtime/runtime.hpp"
#include "attendee_script.hpp"
#include "attendee_session.hpp"
#include "attendee_ui.hpp"
#include "headless_imgui.hpp"
#include "imgui_input.hpp"
#include "imgui_overlay.hpp"
#include "script_runner.hpp"
#include "translations.hpp"
#include "ui_fonts.hpp"

using namespace atrium;
using namespace atrium::player;

namespace {

struct Options {
    std::string link, venue, script, png;
    bool headless = false;
    double seconds = 10.0;
    std::uint32_t width = 1280, height = 720;
};

int usage() {
    std::fprintf(stderr,
                 "usage: atrium-join LINK [--venue FILE] [--headless] [--seconds S] [--script FILE] [--png OUT.png] [--size WxH]\n"
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
        else if (k == "--venue" || k == "--script" || k == "--png" || k == "--seconds" || k == "--size") {
            const char* v = value();
            if (!v) return false;
            if (k == "--venue") o.venue = v;
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
vec2 walkKeys(const InputState& in) {
    vec2 k(0.0f);
    if (in.down(Key::W) || in.down(Key::Up)) k.y += 1.0f;
    if (in.down(Key::S) || in.down(Key::Down)) k.y -= 1.0f;
    if (in.down(Key::D) || in.down(Key::Right)) k.x += 1.0f;
    if (in.down(Key::A) || in.down(Key::Left)) k.x -= 1.0f;
    return k;
}

// The avatar's keys and the camera's mouse, where the UI does not have them.
void windowControls(AttendeeSession& session, const InputState& in, const ImGuiIO& io, const AttendeeUi& ui) {
    if (!io.WantCaptureMouse) {
        if (in.down(MouseButton::Right)) session.camera().orbit(in.mouseDelta, ui.settings.mouseSensitivity);
        if (in.scrollDelta.y != 0.0f) session.camera().zoom(in.scrollDelta.y);
    }
    if (io.WantCaptureKeyboard || ui.typing()) return;
    if (in.wentDown(Key::E)) {
        std::string why;
        if (session.seated()) session.standUp();
        else if (!session.sitNearest(&why)) std::printf("atrium-join: %s\n", why.c_str());
    }
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
    return base / "atrium" / "venues";
}

// The venue file from the server (or the cache, when its hash is there): a short visit that
// only downloads, then leaves, so the attendee's own visit starts with the venue loaded.
Result<std::filesystem::path> fetchVenue(const net::JoinLink& link) {
    net::Client fetch({.token = link.token, .venueCacheDir = venueCache()});
    if (Status s = fetch.connect(link.host, link.port); !s) return s.error();
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    for (;;) {
        fetch.update(seconds());
        const net::VenueTransfer& t = fetch.venueTransfer();
        if (t.state == net::VenueTransfer::State::Ready && !t.cached.empty()) {
            std::printf("atrium-join: venue %s %s (%s)\n", link.venueId.c_str(),
                        t.downloadedBytes ? ("downloaded, " + std::to_string(t.downloadedBytes) + " bytes").c_str() : "from the cache",
                        t.cached.string().c_str());
            fetch.leave();
            for (double until = seconds() + 0.2; seconds() < until;) fetch.update(seconds());
            return t.cached;
        }
        if (t.state == net::VenueTransfer::State::Failed) return Error{"the venue from " + link.host + ": " + t.error};
        if (!fetch.closeReason().empty()) return Error{"the server closed the connection: " + fetch.closeReason()};
        if (seconds() > 20.0)
            return Error{"no venue file from " + link.host + ":" + std::to_string(link.port) + " within 20 s (pass --venue FILE)"};
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void printReport(const AttendeeSession& session, const ScriptRunner* script) {
    for (const std::string& line : session.log()) std::printf("atrium-join: %s\n", line.c_str());
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

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) return usage();
    Result<net::JoinLink> link = net::parseJoinLink(o.link);
    if (!link) return fail(link.error().message);
    if (o.venue.empty()) {
        Result<std::filesystem::path> fetched = fetchVenue(*link);
        if (!fetched) return fail(fetched.error().message);
        o.venue = fetched->string();
    }
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

    auto runtime = Runtime::create({.window = !o.headless, .flyCamera = false, .venueCamera = false, .drawCrowd = false});
    if (!runtime) return fail(runtime.error().toString());
    Runtime& rt = **runtime;
    if (Status s = rt.loadVenue(o.venue); !s) return fail(s.error().toString());
    AttendeeSession session(rt.world(), *link, rt.renderer().assets().root());
    if (Status s = session.connect(); !s) return fail(s.error().toString());
    rt.renderer().setCrowd(&session.crowd());  // with everyone's emotes and looks

    // The UI: ImGui's font atlas as an overlay texture, its draw data as the runtime's overlay.
    ui::HeadlessImGui imgui(float(o.width), float(o.height));
    // The UI language ($ATRIUM_LANG, else the system locale) and fonts for every script the
    // venue, the chat and the people in it use; new characters rebuild the atlas (below).
    const char* lang = std::getenv("ATRIUM_LANG");
    ui::UiFonts fonts({.commonChinese = ui::initTranslations(lang ? lang : "") == "zh_CN"});
    fonts.addNames(rt.world());
    if (Status s = fonts.refresh(imgui.io(), rt.renderer()); !s) return fail(s.error().toString());
    imgui.io().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    std::size_t chatLinesSeen = 0;
    AttendeeUi panels;
    UiOverlay overlay;
    rt.setOverlay(&overlay);

    auto start = std::chrono::steady_clock::now();
    auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double last = 0.0;
    bool joinedOnce = false;
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
            windowControls(session, in, imgui.io(), panels);
            if (!imgui.io().WantCaptureKeyboard && !panels.typing()) {
                keys = walkKeys(in);
                run = in.down(Key::LeftShift);
                jump = in.down(Key::Space);
            }
        }
        if (rt.window()) {
            for (std::uint32_t c : rt.window()->input().characters) fonts.addCodepoint(c);
        }
        for (; chatLinesSeen < session.log().size(); ++chatLinesSeen) fonts.addText(session.log()[chatLinesSeen]);
        for (const Participant& p : session.participants()) fonts.addText(p.name);
        if (Status s = fonts.refresh(imgui.io(), rt.renderer()); !s) return fail(s.error().toString());
        imgui.beginFrame(std::max(dt, 1e-3f));
        panels.draw(session);
        imgui.endFrame();
        ui::overlayFromDrawData(*ImGui::GetDrawData(), overlay);
        if (script) keys = script->update(session, dt);
        session.update(now, dt, keys, run, jump);
        joinedOnce |= session.joined();
        // A lost connection is the session's to retry; a refusal or a kick ends the visit.
        if (!session.closeReason().empty() && session.closeReason() != "connection lost" && !session.reconnecting()) {
            return fail("the server closed the connection: " + session.closeReason());
        }
        rt.setCamera(session.camera().view(session.position(), obstacle));
        if (Status s = rt.frame(dt); !s) return fail(s.error().toString());
        last = now;
        if (o.headless) std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
    if (!joinedOnce)
        return fail("did not join " + link->host + ":" + std::to_string(link->port) + " within " + std::to_string(o.seconds) + " s");
    printReport(session, script ? &*script : nullptr);
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
