// atrium-join: the attendee app. Opens a join link and puts you in the venue as a person.
//   atrium-join LINK [--venue FILE] [--headless] [--seconds S] [--script FILE] [--png OUT.png] [--size WxH]
// LINK is atrium://HOST:PORT/VENUE_ID?token=... (atrium-server token ... --link HOST:PORT).
// Without --venue the venue file and its assets come from the server, cached by their hashes
// under $XDG_CACHE_HOME/atrium (~/.cache/atrium): a second join downloads nothing.
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
            return Error{"no venue from " + link.host + ":" + std::to_string(link.port) + " within 20 s (" + std::to_string(t.bytesDone) + " of " +
                         std::to_string(t.bytesTotal) + " bytes; pass --venue FILE)"};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(t.state == net::AssetTransfer::State::Downloading ? 1 : 5));
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
    {
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        imgui.io().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        auto atlas = rt.renderer().createUiTexture(std::uint32_t(w), std::uint32_t(h), pixels);
        if (!atlas) return fail(atlas.error().toString());
        imgui.io().Fonts->SetTexID(ui::toImTextureId(*atlas));
        imgui.io().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    }
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
