#pragma once
// The venue-file form of interactions, buttons and timelines (show_data.hpp): written with
// names, not numbers, for every kind, and read through ObjectReader so every mistake names its
// JSON path ("entities[4].components.interactions.bindings[1].actions[0].kind").
#include "../json_reader.hpp"
#include "atrium/scene/show/show_data.hpp"

namespace atrium {

Json writeInteractions(const Interactions& in);
void readInteractions(ObjectReader& r, Interactions& in);
Json writeInteractable(const Interactable& b);
void readInteractable(ObjectReader& r, Interactable& b);
Json writeTimeline(const Timeline& t);
void readTimeline(ObjectReader& r, Timeline& t);

}  // namespace atrium
