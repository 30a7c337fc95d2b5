#include "sample.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <thread>

namespace atrium::samples {

namespace {

constexpr double kFrameSeconds = 1.0 / 60.0;

Result<std::uint32_t> parseCount(std::string_view flag, const char* text) {
    char* end = nullptr;
    unsigned long v = std::strtoul(text, &end, 10);
    if (end == text || *end != '\0' || v > 1000000) return Error{std::string(flag) + ": expected a count, got '" + text + "'"};
    return std::uint32_t(v);
}

void usage(const char* program) {
    std::fprintf(stderr, "usage: %s [--headless] [--frames N] [--screenshot OUT.png] [--size WxH] [--validation] [--venue FILE]\n", program);
}

// The venue's Camera would pin the view, so its pose (or the sample's own view) becomes the
// runtime camera's start and the Camera component goes: the fly camera moves from there.
void handOverviewToFlyCamera(Runtime& rt, std::optional<CameraView> sampleView) {
    World& world = rt.world();
    world.updateTransforms();
    if (sampleView) rt.setCamera(*sampleView);
    else if (auto view = primaryCameraView(world)) rt.setCamera(*view);
    std::vector<Entity> cameras;
    world.each<Camera>([&](Entity e, Camera&) { cameras.push_back(e); });
    for (Entity e : cameras) world.remove<Camera>(e);
}

}  // namespace

Result<SampleArgs> parseSampleArgs(int argc, char** argv) {
    SampleArgs a;
    for (int i = 1; i < argc; ++i) {
        std::string_view k = argv[i];
        bool hasValue = i + 1 < argc;
        if (k == "--headless") {
            a.headless = true;
        } else if (k == "--validation") {
            a.validation = true;
        } else if (k == "--frames" && hasValue) {
            auto n = parseCount(k, argv[++i]);
            if (!n) return n.error();
            a.frames = *n;
        } else if (k == "--screenshot" && hasValue) {
            a.screenshot = argv[++i];
        } else if (k == "--venue" && hasValue) {
            a.venue = argv[++i];
        } else if (k == "--size" && hasValue) {
            std::string v = argv[++i];
            unsigned w = 0, h = 0;
            char tail = 0;
            if (std::sscanf(v.c_str(), "%ux%u%c", &w, &h, &tail) != 2 || w == 0 || h == 0 || w > 8192 || h > 8192) {
                return Error{"--size: expected WxH (e.g. 320x180), got '" + v + "'"};
            }
            a.width = w, a.height = h;
        } else {
            return Error{"unknown or incomplete option '" + std::string(k) + "'"};
        }
    }
    if (a.headless && a.frames == 0) a.frames = 120;
    return a;
}

int runSample(int argc, char** argv, const char* title, const std::filesystem::path& venue, Sample& sample) {
    Result<SampleArgs> parsed = parseSampleArgs(argc, argv);
    if (!parsed) {
        std::fprintf(stderr, "%s: %s\n", argv[0], parsed.error().toString().c_str());
        usage(argv[0]);
        return 2;
    }
    const SampleArgs& args = *parsed;
    RuntimeOptions options;
    options.window = !args.headless;
    options.windowOptions.title = title;
    options.windowOptions.width = args.width;
    options.windowOptions.height = args.height;
    options.renderer.validation = args.validation;
    auto created = Runtime::create(options);
    if (!created) {
        std::fprintf(stderr, "%s: %s\n", title, created.error().toString().c_str());
        return 1;
    }
    Runtime& rt = **created;
    std::filesystem::path venuePath = args.venue.empty() ? venue : args.venue;
    if (Status s = rt.loadVenue(venuePath); !s) {
        std::fprintf(stderr, "%s: %s\n", title, s.error().toString().c_str());
        return 1;
    }
    rt.setFixedUpdate([&](World&, double dt) { sample.fixedUpdate(rt, dt); });
    if (Status s = sample.start(rt); !s) {
        std::fprintf(stderr, "%s: %s\n", title, s.error().toString().c_str());
        return 1;
    }
    std::optional<CameraView> sampleView = sample.view(rt);
    if (rt.window() || sampleView) handOverviewToFlyCamera(rt, sampleView);
    std::printf("%s: %s on %s\n", title, rt.world().name.c_str(), rt.renderer().deviceName().c_str());

    auto begin = std::chrono::steady_clock::now();
    auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count(); };
    double time = 0.0, last = 0.0;
    for (std::uint32_t n = 0; args.frames == 0 || n < args.frames; ++n) {
        if (rt.window() && rt.window()->shouldClose()) break;
        double dt = kFrameSeconds;
        if (rt.window()) {
            double now = wall();
            dt = now - last;
            last = now;
        } else if (sample.realTime()) {
            // Keep simulated time on the wall clock: sleep to the next 60 Hz frame.
            double due = time + kFrameSeconds;
            if (due > wall()) std::this_thread::sleep_for(std::chrono::duration<double>(due - wall()));
        }
        if (Status s = sample.frame(rt, time); !s) {
            std::fprintf(stderr, "%s: %s\n", title, s.error().toString().c_str());
            return 1;
        }
        if (Status s = rt.frame(dt); !s) {
            std::fprintf(stderr, "%s: %s\n", title, s.error().toString().c_str());
            return 1;
        }
        time += dt;
    }
    int code = sample.finish(rt);
    if (!args.screenshot.empty()) {
        Result<Image> image = rt.renderOffscreen(args.width, args.height);
        Status saved = image ? saveImagePng(*image, args.screenshot) : Status(image.error());
        if (!saved) {
            std::fprintf(stderr, "%s: screenshot: %s\n", title, saved.error().toString().c_str());
            return 1;
        }
        std::printf("%s: wrote %s (%ux%u)\n", title, args.screenshot.string().c_str(), args.width, args.height);
    }
    std::uint64_t complaints = vulkanValidationMessageCount();
    std::printf("%s: %llu frames, %llu simulation steps, validation %s, %llu validation messages\n", title, (unsigned long long)rt.frameCount(),
                (unsigned long long)rt.stepCount(), rt.renderer().validationEnabled() ? "on" : "off", (unsigned long long)complaints);
    return code != 0 || complaints != 0 ? 1 : 0;
}

}  // namespace atrium::samples
