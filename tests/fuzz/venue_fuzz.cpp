// libFuzzer target for the venue loader: build with clang and -DATRIUM_FUZZ=ON, then
//   ./build-fuzz/bin/venue_fuzz assets/venues
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "atrium/scene/venue_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    atrium::Result<atrium::World> world = atrium::loadVenueFromString(text, "fuzz.venue.json");
    if (world) (void)atrium::saveVenueToString(*world);
    return 0;
}
