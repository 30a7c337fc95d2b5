#pragma once
// The system's Noto fonts, opened once per test binary: every text test shapes with them.
#include <gtest/gtest.h>

#include <memory>

#include "atrium/text/font_set.hpp"

namespace atrium::test {

inline const text::FontSet& fonts() {
    static std::unique_ptr<text::FontSet> set = [] {
        auto r = text::FontSet::create();
        EXPECT_TRUE(r.ok()) << r.error().toString();
        return std::move(*r);
    }();
    return *set;
}

}  // namespace atrium::test
