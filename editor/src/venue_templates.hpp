#pragma once
// Starting points for File > New: small complete venues built from kits, so a new user begins
// with a floor, walls, a stage or booths, seats, lights and a spawn point.
#include <span>
#include <string_view>

#include "atrium/core/error.hpp"
#include "atrium/scene/world.hpp"

namespace atrium::editor {

struct VenueTemplate {
    std::string_view id;     // "concert_hall"
    std::string_view label;  // "Concert hall (500 seats)"
    std::string_view description;
};

std::span<const VenueTemplate> venueTemplates();
// "empty" gives a World with only a floor and a spawn point.
Result<World> buildVenueTemplate(std::string_view id);

}  // namespace atrium::editor
