// libFuzzer target for the JSON commands a host's client sends the server: parse, apply to a
// small venue (kit changes included), save it as the relayed world is saved, and read the
// command back from its own JSON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "atrium/scene/command.hpp"
#include "atrium/scene/command_json.hpp"
#include "atrium/scene/kit.hpp"
#include "atrium/scene/venue_file.hpp"

namespace {

atrium::World makeVenue() {
    using namespace atrium;
    World w;
    Entity hall = w.create("Hall", StableId{0x00000000000000a1ull});
    Entity lamp = w.create("Lamp", StableId{0x00000000000000a2ull});
    (void)w.setParent(lamp, hall);
    w.add<Light>(lamp);
    (void)spawnKit(w, "seating_block", {{"rows", 2}, {"seatsPerRow", 3}}, hall, StableId{0x00000000000000a3ull});
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const atrium::World venue = makeVenue();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    atrium::Result<atrium::Command> command = atrium::commandFromJson(text);
    if (!command) return 0;
    (void)atrium::commandFromJson(atrium::commandToJson(*command));
    atrium::World world = venue;
    if (atrium::applyCommand(world, *command).ok()) (void)atrium::loadVenueFromString(atrium::saveVenueToString(world), "fuzz.venue.json");
    return 0;
}
