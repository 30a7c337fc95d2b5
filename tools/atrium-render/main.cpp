// atrium-render INPUT -o OUT.png [--size WxH] [--camera EX,EY,EZ:AX,AY,AZ] [--frames N]
// Renders a venue (.venue.json) or a glTF model (.gltf/.glb) offscreen into a PNG.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "atrium/assets/gltf_importer.hpp"
#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/venue_file.hpp"

namespace {

constexpr const char* kUsage =
    "usage: atrium-render INPUT -o OUT.png [--size WxH] [--camera EX,EY,EZ:AX,AY,AZ] [--frames N]\n"
    "                     [--time SECONDS] [--msaa N] [--validation]\n"
    "  INPUT   a venue file (*.venue.json) or a glTF model (.gltf, .glb)\n"
    "  --size  image size in pixels (default 1280x720)\n"
    "  --camera eye and look-at point in metres (default: frame the whole scene)\n"
    "  --frames frames to render before saving the last (default 1)\n"
    "  --time  animation time in seconds for skinned models (frames advance it by 1/60 s)\n";

int fail(const std::string& message, int code = 1) {
    std::fprintf(stderr, "atrium-render: %s\n", message.c_str());
    return code;
}

bool parseVec3(const std::string& text, atrium::vec3& out) {
    std::istringstream in(text);
    char c1 = 0, c2 = 0;
    if (!(in >> out.x >> c1 >> out.y >> c2 >> out.z) || c1 != ',' || c2 != ',') return false;
    in >> std::ws;
    return in.eof() && std::isfinite(out.x) && std::isfinite(out.y) && std::isfinite(out.z);
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, output;
    std::uint32_t width = 1280, height = 720, frames = 1, msaa = 4;
    std::optional<atrium::CameraView> camera;
    bool validation = false;
    double time = 0.0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&](const char* what) -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            (void)what;
            return std::string(argv[++i]);
        };
        if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            auto v = next("-o");
            if (!v) return fail(std::string("-o needs a file name\n") + kUsage, 2);
            output = *v;
        } else if (a == "--size") {
            auto v = next("--size");
            unsigned w = 0, h = 0;
            char x = 0, extra = 0;
            if (!v || std::sscanf(v->c_str(), "%u%c%u%c", &w, &x, &h, &extra) != 3 || x != 'x' || w == 0 || h == 0 || w > 16384 || h > 16384) {
                return fail("--size expects WIDTHxHEIGHT, e.g. 1280x720 (1..16384)", 2);
            }
            width = w;
            height = h;
        } else if (a == "--camera") {
            auto v = next("--camera");
            std::size_t colon = v ? v->find(':') : std::string::npos;
            atrium::CameraView cam;
            if (colon == std::string::npos || !parseVec3(v->substr(0, colon), cam.eye) || !parseVec3(v->substr(colon + 1), cam.target) ||
                glm::length(cam.target - cam.eye) < 1e-6f) {
                return fail("--camera expects EYE_X,EYE_Y,EYE_Z:AT_X,AT_Y,AT_Z with distinct points", 2);
            }
            camera = cam;
        } else if (a == "--frames") {
            auto v = next("--frames");
            char* end = nullptr;
            long n = v ? std::strtol(v->c_str(), &end, 10) : 0;
            if (!v || *end != '\0' || n < 1 || n > 100000) return fail("--frames expects a count from 1 to 100000", 2);
            frames = std::uint32_t(n);
        } else if (a == "--msaa") {
            auto v = next("--msaa");
            char* end = nullptr;
            long n = v ? std::strtol(v->c_str(), &end, 10) : 0;
            if (!v || *end != '\0' || n < 1 || n > 64) return fail("--msaa expects 1, 2, 4 or 8", 2);
            msaa = std::uint32_t(n);
        } else if (a == "--time") {
            auto v = next("--time");
            char* end = nullptr;
            double t = v ? std::strtod(v->c_str(), &end) : -1.0;
            if (!v || *end != '\0' || !std::isfinite(t) || t < 0.0) return fail("--time expects seconds >= 0", 2);
            time = t;
        } else if (a == "--validation") {
            validation = true;
        } else if (!a.empty() && a[0] == '-') {
            return fail("unknown option " + a + "\n" + kUsage, 2);
        } else if (input.empty()) {
            input = a;
        } else {
            return fail("more than one input given (" + input + ", " + a + ")", 2);
        }
    }
    if (input.empty() || output.empty()) return fail(std::string("an input and -o OUT.png are required\n") + kUsage, 2);

    std::error_code ec;
    if (!std::filesystem::is_regular_file(input, ec)) return fail(input + ": no such file");
    std::filesystem::path inputPath = std::filesystem::absolute(input);

    atrium::RendererOptions options;
    options.validation = validation;
    options.msaaSamples = msaa;
    auto renderer = atrium::Renderer::create(options);
    if (!renderer) return fail(renderer.error().toString());
    atrium::Renderer& r = **renderer;

    atrium::World world;
    std::string name = inputPath.filename().string();
    if (endsWith(name, ".venue.json") || endsWith(name, ".json")) {
        auto loaded = atrium::loadVenue(inputPath);
        if (!loaded) return fail(loaded.error().toString());
        world = std::move(loaded).value();
        r.assets().setRoot(inputPath.parent_path());
    } else if (endsWith(name, ".gltf") || endsWith(name, ".glb")) {
        auto model = r.assets().loadModel(inputPath.string());
        if (!model) return fail(model.error().toString());
        if ((*model)->meshes.empty()) return fail(inputPath.string() + ": the model has no meshes to draw");
        atrium::instantiateModel(world, **model, inputPath.string());
    } else {
        return fail(input + ": unknown input type (expected .venue.json, .gltf or .glb)");
    }
    world.updateTransforms();

    float aspect = float(width) / float(height);
    atrium::CameraView view;
    if (camera) {
        view = *camera;
    } else if (auto primary = atrium::primaryCameraView(world)) {
        view = *primary;
    } else {
        atrium::Aabb bounds = r.worldBounds(world);
        if (bounds.empty()) return fail(input + ": nothing drawable in the scene");
        view = atrium::frameBounds(bounds, aspect);
    }

    atrium::Image image;
    for (std::uint32_t f = 0; f < frames; ++f) {
        r.setAnimationTime(time + f / 60.0);
        auto rendered = r.renderToImage(world, view, width, height);
        if (!rendered) return fail(rendered.error().toString());
        image = std::move(rendered).value();
    }
    if (r.stats().missingAssets > 0) {
        return fail(input + ": " + std::to_string(r.stats().missingAssets) + " asset(s) could not be loaded (see above)");
    }
    if (auto saved = atrium::saveImagePng(image, output); !saved) return fail(saved.error().toString());
    const atrium::RenderStats& s = r.stats();
    std::printf("%s: %ux%u, %u draws for %u visible instances, %llu triangles, %u lights in view (%s)\n", output.c_str(), width, height,
                s.drawCalls, s.visibleInstances, static_cast<unsigned long long>(s.triangles), s.lightsInView, r.deviceName().c_str());
    return 0;
}
