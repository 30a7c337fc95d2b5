#pragma once
// Runs a fuzz target's LLVMFuzzerTestOneInput on every committed input, in the normal suite
// (and under the sanitizer build): the seed corpus in tests/fuzz/corpus/<target>/ and the crash
// reproducers in tests/fuzz/regressions/<target>/, so a fixed crash stays fixed without clang.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace atrium::test {

inline void replayFuzzInputs(const std::string& target, int (*run)(const std::uint8_t*, std::size_t)) {
    std::size_t inputs = 0;
    for (const char* kind : {"corpus", "regressions"}) {
        std::filesystem::path dir = std::filesystem::path(ATRIUM_SOURCE_DIR) / "tests" / "fuzz" / kind / target;
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            SCOPED_TRACE(entry.path().string());
            EXPECT_EQ(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0);
            ++inputs;
        }
    }
    EXPECT_GT(inputs, 0u) << "no committed inputs for " << target;
}

}  // namespace atrium::test
