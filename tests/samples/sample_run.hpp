#pragma once
// Runs a sample binary as a user would (with Vulkan validation on) and collects what it printed,
// its exit code and its screenshot.
#include <sys/wait.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

#include "atrium/render/image.hpp"

namespace atrium::test {

struct SampleRun {
    int exitCode = -1;
    std::string output;
    Image screenshot;
};

// `options`: extra command-line options, e.g. "--headless --frames 30".
inline SampleRun runSample(const std::string& name, const std::string& options) {
    std::filesystem::path png = std::filesystem::temp_directory_path() / ("atrium-samples-test-" + name + ".png");
    std::filesystem::remove(png);
    std::string command = "ATRIUM_VALIDATION=1 " + std::string(ATRIUM_BIN_DIR) + "/atrium-sample-" + name + " " + options +
                          " --size 320x180 --screenshot " + png.string() + " 2>&1";
    SampleRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) run.output += buffer;
    int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (auto image = loadImagePng(png)) run.screenshot = std::move(*image);
    std::filesystem::remove(png);
    return run;
}

// Standard deviation of luminance: a blank or single-colour image is near 0.
inline double luminanceSpread(const Image& image) {
    double sum = 0, sumSq = 0;
    std::size_t n = std::size_t(image.width) * image.height;
    if (n == 0) return 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &image.pixels[i * 4];
        double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
        sum += l, sumSq += l * l;
    }
    double mean = sum / double(n);
    return std::sqrt(std::max(0.0, sumSq / double(n) - mean * mean));
}

inline int firstNumberAfter(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return -1;
    return std::stoi(m[1].str());
}

}  // namespace atrium::test
