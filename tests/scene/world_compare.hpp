#pragma once
// Test helper: compares two Worlds by what undo must restore: the same stable ids, each with the
// same parent, the same children in the same order, the same components with the same values,
// the same venue settings. Entity handles and root order (slot order) are not compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "atrium/scene/command.hpp"

namespace atrium::test {

// `generatedOrderMatters`: false to ignore where kit-generated children sit among user-made
// siblings (loading regenerates them after the saved children).
inline ::testing::AssertionResult sameWorld(const World& a, const World& b, bool generatedOrderMatters = true) {
    std::vector<StableId> ids;
    a.forEachEntity([&](Entity e) { ids.push_back(a.stableId(e)); });
    if (a.entityCount() != b.entityCount()) {
        return ::testing::AssertionFailure() << "entity count " << a.entityCount() << " vs " << b.entityCount();
    }
    if (!(a.settings == b.settings)) return ::testing::AssertionFailure() << "venue settings differ";
    for (StableId id : ids) {
        Entity ea = a.find(id);
        Entity eb = b.find(id);
        if (!eb) return ::testing::AssertionFailure() << toHex(id) << " missing";
        if (a.stableId(a.parent(ea)) != b.stableId(b.parent(eb))) {
            return ::testing::AssertionFailure() << toHex(id) << ": parent differs";
        }
        std::vector<StableId> ca, cb;
        for (Entity c : a.children(ea)) {
            if (generatedOrderMatters || !a.has<Generated>(c)) ca.push_back(a.stableId(c));
        }
        for (Entity c : b.children(eb)) {
            if (generatedOrderMatters || !b.has<Generated>(c)) cb.push_back(b.stableId(c));
        }
        if (ca != cb) return ::testing::AssertionFailure() << toHex(id) << ": children or their order differ";
        std::vector<ComponentValue> va = captureComponents(a, ea), vb = captureComponents(b, eb);
        if (va.size() != vb.size()) return ::testing::AssertionFailure() << toHex(id) << ": component sets differ";
        for (std::size_t i = 0; i < va.size(); ++i) {
            if (!(va[i] == vb[i])) {
                return ::testing::AssertionFailure() << toHex(id) << ": component " << componentTypeName(typeOf(va[i])) << " differs";
            }
        }
    }
    return ::testing::AssertionSuccess();
}

}  // namespace atrium::test
