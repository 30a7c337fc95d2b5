// Prints glTF import throughput (file bytes imported per second, images decoded) over the
// shared test models. A figure to watch, never a pass/fail test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "atrium/assets/gltf_importer.hpp"

namespace fs = std::filesystem;

namespace {

// The main file plus the external .bin buffers it names.
std::uintmax_t importedBytes(const fs::path& file) {
    std::uintmax_t bytes = fs::file_size(file);
    if (file.extension() != ".gltf") return bytes;
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& e : fs::directory_iterator(file.parent_path())) {
        if (e.path().extension() == ".bin" && text.find("\"" + e.path().filename().string() + "\"") != std::string::npos)
            bytes += e.file_size();
    }
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path(ATRIUM_TEST_DATA) / "gltf" / "models";
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        std::string ext = e.path().extension().string();
        if (ext == ".gltf" || ext == ".glb") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::printf("%-32s %10s %8s %10s %10s\n", "model", "bytes", "runs", "ms/import", "MB/s");
    double totalBytes = 0.0, totalSeconds = 0.0;
    for (const fs::path& f : files) {
        const double bytes = double(importedBytes(f));
        int runs = 0;
        auto start = std::chrono::steady_clock::now();
        double seconds = 0.0;
        // Repeat until the measurement is long enough to be stable.
        while (seconds < 0.3 || runs < 3) {
            atrium::Result<atrium::Model> m = atrium::importGltf(f.string());
            if (!m) {
                std::printf("%s: %s\n", f.filename().string().c_str(), m.error().toString().c_str());
                return 1;
            }
            ++runs;
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        std::printf("%-32s %10.0f %8d %10.3f %10.1f\n", f.filename().string().c_str(), bytes, runs,
                    seconds * 1e3 / runs, bytes * runs / seconds / 1e6);
        totalBytes += bytes * runs;
        totalSeconds += seconds;
    }
    std::printf("overall glTF import throughput: %.1f MB/s over %zu models\n", totalBytes / totalSeconds / 1e6,
                files.size());
    return 0;
}
