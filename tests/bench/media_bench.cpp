// Media benchmark (prints, never fails). 1) CPU per decoded frame (FFmpeg decode + swscale to
// RGBA, the player's worker threads: process CPU while the main thread waits) and per upload (the
// main thread's CPU for handing one picture to the renderer and its staging copy) for 1080p30 and
// 720p30 H.264 clips made with ffmpeg at start, as a share of one core at 30 fps. 2) The
// renderer's CPU frame (main thread: media present + extract + record + uploads; lavapipe's
// rasteriser threads, a GPU's work, not counted) in the expo sample with 1, 4 and 16 screens
// playing, from the hall's overview camera. Usage: media_bench [frames]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>

#include "atrium/runtime/runtime.hpp"

namespace fs = std::filesystem;
using namespace atrium;

namespace {

double cpuMs(clockid_t which) {
    timespec ts{};
    clock_gettime(which, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

fs::path scratch() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("atrium_media_bench_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

fs::path makeClip(int width, int height, int seconds) {
    const fs::path out = scratch() / ("clip_" + std::to_string(height) + "p.mp4");
    const std::string cmd = "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=" + std::to_string(width) + "x" + std::to_string(height) +
                            ":rate=30:duration=" + std::to_string(seconds) + " -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 60 " +
                            out.string();
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "media_bench: ffmpeg failed: %s\n", cmd.c_str());
    return out;
}

// Decodes `frames` pictures in order at the clip's own size and returns the process CPU per
// picture: the worker's decode and conversion (the main thread only sleeps while waiting).
double decodeMsPerFrame(const fs::path& clip, int frames, std::uint32_t width, std::uint32_t height) {
    media::PlayerOptions o;
    o.width = width;
    o.height = height;
    media::MediaPlayer p(clip.string(), o);
    while (p.status() == media::MediaStatus::Opening) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    p.frameAt(0.0);
    const double t0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
    int got = 0;
    for (int i = 1; i <= frames; ++i) {
        const double t = i / 30.0;
        for (;;) {
            auto f = p.frameAt(t);
            if ((f && f->time >= t - 1e-3) || p.status() == media::MediaStatus::Error) break;
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        ++got;
    }
    return (cpuMs(CLOCK_PROCESS_CPUTIME_ID) - t0) / got;
}

// A screen filling the view, shown a new picture every frame: the main thread's CPU for the
// frame with the upload minus without.
double uploadMsPerFrame(std::uint32_t width, std::uint32_t height, int frames) {
    RuntimeOptions ro;
    ro.window = false;
    ro.renderer.shadowMapSize = 512;
    auto rt = Runtime::create(ro);
    if (!rt) return -1.0;
    Runtime& r = **rt;
    Entity e = r.world().create("screen");
    Transform* t = r.world().get<Transform>(e);
    t->rotation = glm::angleAxis(glm::half_pi<float>(), vec3(1, 0, 0));
    t->scale = vec3(4.0f, 1.0f, 2.25f);
    r.world().add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:screen", .castShadows = false});
    r.world().add<MediaScreen>(e, MediaScreen{.resolutionX = width, .resolutionY = height});
    CameraView cam;
    cam.eye = vec3(0, 0, 3);
    cam.target = vec3(0);
    r.setCamera(cam);
    std::vector<std::uint8_t> pixels(std::size_t(width) * height * 4, 128);
    auto run = [&](bool upload) {
        for (int i = 0; i < 3; ++i) (void)r.renderOffscreen(64, 36);
        const double t0 = cpuMs(CLOCK_THREAD_CPUTIME_ID);
        for (int i = 0; i < frames; ++i) {
            if (upload) {
                pixels[std::size_t(i % 1000) * 4] = std::uint8_t(i);
                (void)r.renderer().setMediaScreenPixels(e, width, height, pixels.data());
            }
            (void)r.renderOffscreen(64, 36);
        }
        return (cpuMs(CLOCK_THREAD_CPUTIME_ID) - t0) / frames;
    };
    (void)r.renderer().setMediaScreenPixels(e, width, height, pixels.data());  // the texture at this size
    const double without = run(false), with = run(true);
    return with - without;
}

// The expo with `playing` booth screens on the clip (more booths copied in when the hall has
// fewer), drawn from its overview camera: main-thread CPU ms per frame.
void expoFrames(const fs::path& clip, int playing, int frames) {
    RuntimeOptions ro;
    ro.window = false;
    ro.renderer.shadowMapSize = 1024;
    auto rt = Runtime::create(ro);
    if (!rt) return;
    Runtime& r = **rt;
    const fs::path venue = fs::path(ATRIUM_SAMPLES_DIR) / "expo" / "expo.venue.json";
    if (Status s = r.loadVenue(venue); !s) {
        std::fprintf(stderr, "media_bench: %s\n", s.error().toString().c_str());
        return;
    }
    World& w = r.world();
    std::vector<Entity> screens(w.pool<MediaScreen>().entities().begin(), w.pool<MediaScreen>().entities().end());
    const std::size_t inVenue = screens.size();
    // More screens than booths: copies of the booths' screens, a little in front of each.
    for (std::size_t i = 0; screens.size() < std::size_t(playing); ++i) {
        const Entity from = screens[i % inVenue];
        Entity e = w.create("extra screen");
        Transform* t = w.get<Transform>(e);
        *t = Transform{};
        const mat4& m = w.worldMatrix(from);
        t->position = vec3(m[3]) + vec3(0.0f, 1.0f + float(i / inVenue), 0.0f);
        t->rotation = glm::quat_cast(glm::mat3(glm::normalize(vec3(m[0])), glm::normalize(vec3(m[1])), glm::normalize(vec3(m[2]))));
        const MediaScreen* src = w.get<MediaScreen>(from);
        t->scale = vec3(src->width, 1.0f, src->height);
        w.add<MeshRenderer>(e, *w.get<MeshRenderer>(from));
        w.add<MediaScreen>(e, *src);
        screens.push_back(e);
    }
    for (int i = 0; i < playing; ++i) w.get<MediaScreen>(screens[std::size_t(i)])->source = clip.string();
    for (int i = 0; i < 30; ++i) {  // warm-up: players open, textures take their size
        (void)r.frame(1.0 / 30.0);
        (void)r.renderOffscreen(1280, 720);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    double cpu = 0.0, extractRecord = 0.0;
    std::uint64_t uploads = 0;
    for (int i = 0; i < frames; ++i) {
        const double t0 = cpuMs(CLOCK_THREAD_CPUTIME_ID);
        (void)r.frame(1.0 / 30.0);
        (void)r.renderOffscreen(1280, 720);
        cpu += cpuMs(CLOCK_THREAD_CPUTIME_ID) - t0;
        extractRecord += r.renderer().stats().extractMs + r.renderer().stats().recordMs;
        uploads += r.media().uploadsLastFrame();
        std::this_thread::sleep_for(std::chrono::milliseconds(33));  // let the decoders keep up, as at 30 fps
    }
    int visible = 0;
    for (const MediaScreens::Screen& s : r.media().screens()) visible += s.visible;
    std::printf("expo, %2d screens playing (%2d in view): CPU frame %6.2f ms (extract+record %5.2f), %.1f uploads/frame\n", playing, visible,
                cpu / frames, extractRecord / frames, double(uploads) / frames);
}

}  // namespace

int main(int argc, char** argv) {
    const int frames = argc > 1 ? std::max(10, std::atoi(argv[1])) : 150;
    std::printf("media_bench: %u hardware threads; clips made with ffmpeg (libx264, testsrc2)\n", std::thread::hardware_concurrency());
    const fs::path clip1080 = makeClip(1920, 1080, 10), clip720 = makeClip(1280, 720, 10);
    struct Case {
        const char* name;
        fs::path clip;
        std::uint32_t w, h;
    } cases[] = {{"1080p30", clip1080, 1920, 1080}, {"720p30", clip720, 1280, 720}};
    for (const Case& c : cases) {
        const double decode = decodeMsPerFrame(c.clip, std::min(frames, 290), c.w, c.h);
        const double upload = uploadMsPerFrame(c.w, c.h, std::min(frames, 60));
        std::printf("%-8s decode+convert %6.2f ms/frame, upload %5.2f ms/frame: %5.1f%% of one core at 30 fps\n", c.name, decode, upload,
                    (decode + upload) * 30.0 / 10.0);
    }
    for (int n : {1, 4, 16}) expoFrames(clip720, n, std::min(frames, 90));
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return 0;
}
