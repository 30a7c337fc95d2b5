#include <cstdint>

#include "../netsync/decode_all.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const atrium::net::PositionQuantizer quantizer(atrium::Aabb{atrium::vec3(-100), atrium::vec3(100)});
    static atrium::net::SnapshotDecoder decoder(quantizer);
    atrium::net::decodeAny({data, size}, decoder);
    return 0;
}
