#pragma once
// Every component of the primary selection with widgets that fit its fields (drag fields with
// units, colour pickers, enum combos, asset pickers, generator parameters as sliders). A change
// is applied at once as a continuing edit and the step is closed when the widget is released
// (IsItemDeactivatedAfterEdit), so one drag is one undo step. Components are added from a menu
// and removed with their header's button.
#include <map>
#include <string>
#include <vector>

#include "document.hpp"
#include "item_rect.hpp"

namespace atrium::editor {

class InspectorPanel {
public:
    void draw(Document& doc);

    // Test hook: where each field was drawn in the last frame, by "<component>.<field>".
    std::map<std::string, ItemRect> fieldRects;
    // What the last frame found wrong in the selection's show: a binding's or track's entity
    // that is gone ("interactions.bindings[0].actions[1].target: entity ... is gone"), also
    // drawn in red where it is picked.
    std::vector<std::string> problems;
};

}  // namespace atrium::editor
