// The smallest app on the installed Atrium SDK: load a venue and draw it in a window, or
// headless into a PNG.   embed_minimal VENUE [--png OUT.png]
#include <atrium/runtime/runtime.hpp>

#include <cstdio>
#include <string>

int fail(const atrium::Error& e) {
    std::fprintf(stderr, "embed_minimal: %s\n", e.toString().c_str());
    return 1;
}

int main(int argc, char** argv) {
    bool headless = argc == 4 && std::string(argv[2]) == "--png";
    if (argc != 2 && !headless) {
        std::fprintf(stderr, "usage: embed_minimal VENUE [--png OUT.png]\n");
        return 2;
    }
    auto runtime = atrium::Runtime::create({.window = !headless});
    if (!runtime) return fail(runtime.error());
    atrium::Runtime& rt = **runtime;
    if (atrium::Status loaded = rt.loadVenue(argv[1]); !loaded) return fail(loaded.error());
    if (!headless) {
        atrium::Status ran = rt.run();  // until the window closes
        return ran ? 0 : fail(ran.error());
    }
    auto image = rt.renderOffscreen(640, 360);
    if (!image) return fail(image.error());
    if (atrium::Status saved = atrium::saveImagePng(*image, argv[3]); !saved) return fail(saved.error());
    std::printf("embed_minimal: drew \"%s\" into %s, %llu validation messages\n", rt.world().name.c_str(), argv[3],
                (unsigned long long)atrium::vulkanValidationMessageCount());
    return atrium::vulkanValidationMessageCount() == 0 ? 0 : 1;
}
