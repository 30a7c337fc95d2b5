// glTF import throughput (MB/s of file read, parsed, validated and converted) per shared model.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "atrium/assets/gltf_importer.hpp"

using namespace atrium;
namespace fs = std::filesystem;

static void BM_ImportGltf(benchmark::State& state, const char* file) {
    fs::path path = fs::path(ATRIUM_TEST_DATA) / "gltf" / "models" / file;
    // External buffers count too: throughput is per byte the importer had to read.
    std::uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(path.parent_path())) {
        if (e.path().stem() == path.stem() || (e.path().extension() == ".bin" && path.extension() == ".gltf")) bytes += e.file_size();
    }
    for (auto _ : state) {
        Result<Model> m = importGltf(path.string());
        if (!m.ok()) state.SkipWithError(m.error().toString().c_str());
        benchmark::DoNotOptimize(m.ok());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(bytes));
}
BENCHMARK_CAPTURE(BM_ImportGltf, engine_glb, "2CylinderEngine.glb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ImportGltf, cesium_man_glb, "CesiumMan.glb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ImportGltf, samplebuilding_gltf, "samplebuilding.gltf")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ImportGltf, suzanne_gltf, "suzanne.gltf")->Unit(benchmark::kMillisecond);
