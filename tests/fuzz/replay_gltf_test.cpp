// The gltf_fuzz target itself, compiled without libFuzzer, over its committed inputs.
#define LLVMFuzzerTestOneInput gltfFuzzOneInput
#include "gltf_fuzz.cpp"
#undef LLVMFuzzerTestOneInput

#include "replay.hpp"

TEST(FuzzReplay, GltfCorpusAndCrashReproducers) { atrium::test::replayFuzzInputs("gltf", gltfFuzzOneInput); }
