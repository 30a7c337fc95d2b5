#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "atrium/assets/gltf_importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/atrium_gltf_fuzz_" + std::to_string(::getpid()) + ".glb";
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    (void)atrium::importGltf(path);
    return 0;
}
