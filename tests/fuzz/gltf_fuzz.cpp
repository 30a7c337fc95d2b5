// libFuzzer target for the glTF import path (.glb and .gltf bytes). Built only with clang
// (see tests/assets/CMakeLists.txt). For coverage inside the importer, configure with
// -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link
// -DATRIUM_SANITIZE=address,undefined and run: gltf_fuzz tests/data/gltf/models
#include <cstddef>
#include <cstdint>
#include <vector>

#include "atrium/assets/gltf_importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<unsigned char> bytes(data, data + size);
    // A folder that does not exist: fuzz inputs must not reach files on the machine.
    atrium::Result<atrium::Model> model =
        atrium::importGltfFromMemory(bytes, "/nonexistent-fuzz-dir/input.gltf", atrium::GltfImportOptions{});
    (void)model;
    return 0;
}
