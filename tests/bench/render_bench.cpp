// Renderer benchmark: a 2,000-seat hall (5 parts per seat: >= 10,000 instances) and a 20,000-seat
// hall (100,000 instances). Prints CPU milliseconds per frame for extract + cull + record (GPU
// time excluded), frames per second at 1280x720 on the current device, and the same with
// instancing off. Usage: render_bench [frames] [cpu]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "atrium/render/renderer.hpp"
#include "render_hall.hpp"

using namespace atrium;
using atrium::bench::makeHall;

namespace {

bool gCpuOnly = false;

struct Figures {
    double cpuMs = 0.0;
    double extractMs = 0.0;
    double fps = 0.0;
    std::uint32_t draws = 0, visible = 0;
};

Figures measure(Renderer& r, const World& w, const CameraView& cam, int frames, std::uint32_t width, std::uint32_t height) {
    Figures f;
    // Warm-up: uploads, pipelines, the target, and each frame in flight's buffers grown to fit.
    for (int i = 0; i < 3; ++i) (void)r.renderToImage(w, cam, width, height);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < frames; ++i) {
        auto img = r.renderToImage(w, cam, width, height);
        if (!img) {
            std::fprintf(stderr, "render failed: %s\n", img.error().toString().c_str());
            std::exit(1);
        }
        f.cpuMs += r.stats().extractMs + r.stats().recordMs;
        f.extractMs += r.stats().extractMs;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    f.cpuMs /= frames;
    f.extractMs /= frames;
    f.fps = frames / seconds;
    f.draws = r.stats().drawCalls;
    f.visible = r.stats().visibleInstances;
    return f;
}

void run(const char* label, int rows, int seats, int frames, bool fullFrames) {
    World hall = makeHall(rows, seats);
    CameraView cam;
    cam.eye = vec3(0.0f, float(rows) * 0.25f + 6.0f, -14.0f);
    cam.target = vec3(0.0f, float(rows) * 0.09f, float(rows) * 0.5f);
    cam.fovYDegrees = 75.0f;
    cam.farPlane = 2000.0f;
    double cpuMs[2] = {0.0, 0.0}, fps[2] = {0.0, 0.0};  // [0]: instancing on, [1]: off
    for (bool instancing : {true, false}) {
        if (gCpuOnly && !instancing) continue;
        RendererOptions o;
        o.instancing = instancing;
        auto r = Renderer::create(o);
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().toString().c_str());
            std::exit(1);
        }
        // CPU figures at a tiny size so the software rasteriser does not dominate the run;
        // fps at 1280x720 separately.
        Figures cpu = measure(**r, hall, cam, frames, 64, 36);
        std::printf("%-18s instancing %-3s: %6u visible instances, %6u draws, CPU extract+cull+record %7.3f ms/frame (extract+cull %.3f)\n",
                    label, instancing ? "on" : "off", cpu.visible, cpu.draws, cpu.cpuMs, cpu.extractMs);
        cpuMs[instancing ? 0 : 1] = cpu.cpuMs;
        if (instancing) {
            // The figure above lets big venues share extraction among this machine's threads;
            // the rendering thread alone, for comparison:
            RendererOptions single = o;
            single.extractThreads = 1;
            auto r1 = Renderer::create(single);
            if (r1) {
                Figures one = measure(**r1, hall, cam, frames, 64, 36);
                std::printf("%-18s instancing on, extraction on 1 thread (above: %u): CPU extract+cull+record %7.3f ms/frame\n", label,
                            std::thread::hardware_concurrency() > 1 ? std::min(std::thread::hardware_concurrency(), 8u) : 1u, one.cpuMs);
            }
        }
        if (fullFrames) {
            Figures full = measure(**r, hall, cam, std::max(2, frames / 4), 1280, 720);
            std::printf("%-18s instancing %-3s: %7.2f fps at 1280x720 on %s (offscreen, with readback)\n", label, instancing ? "on" : "off",
                        full.fps, (*r)->deviceName().c_str());
            fps[instancing ? 0 : 1] = full.fps;
        }
    }
    if (cpuMs[1] > 0.0) {
        std::printf("%-18s without instancing: CPU %.1fx the instanced time", label, cpuMs[1] / cpuMs[0]);
        if (fps[1] > 0.0) std::printf(", fps %.2fx the instanced rate", fps[1] / fps[0]);
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    if (argc > 2 && std::string(argv[2]) == "cpu") {  // CPU figures only, instancing on (for profiling)
        gCpuOnly = true;
    }
    run("2,000 seats", 40, 50, frames, !gCpuOnly);
    run("20,000 seats", 100, 200, std::max(1, frames / 2), false);
    return 0;
}
