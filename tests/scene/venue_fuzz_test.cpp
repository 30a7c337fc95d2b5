// Feeds many deterministic mutations of a real venue file through the loader: each must either
// load or fail with an error naming the file, never crash, hang or read out of bounds (this
// test runs under AddressSanitizer in the sanitizer build).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "atrium/scene/venue_file.hpp"

using namespace atrium;

namespace {
std::string readSample() {
    std::ifstream in(std::filesystem::path(ATRIUM_ASSETS_DIR) / "venues" / "small_hall.venue.json");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string mutate(std::string text, std::mt19937& rng) {
    static const char* tokens[] = {"{",
                                   "}",
                                   "[",
                                   "]",
                                   ",",
                                   ":",
                                   "\"",
                                   "null",
                                   "true",
                                   "-1e309",
                                   "1e39",
                                   "\"\\u0000\"",
                                   "0.0",
                                   "\"0000000000000000\"",
                                   "\"a000000000000001\"",
                                   "[[[[[[",
                                   "-0",
                                   "99999999999999999999"};
    int edits = 1 + int(rng() % 4);
    for (int i = 0; i < edits && !text.empty(); ++i) {
        std::size_t at = rng() % text.size();
        switch (rng() % 4) {
            case 0: text[at] = char(rng() % 256); break;
            case 1: text.erase(at, 1 + rng() % 16); break;
            case 2: text.insert(at, tokens[rng() % std::size(tokens)]); break;
            case 3: text.resize(at); break;  // truncation
        }
    }
    return text;
}
}  // namespace

TEST(VenueFuzz, MutatedVenuesLoadOrFailCleanly) {
    std::string sample = readSample();
    ASSERT_FALSE(sample.empty());
    std::mt19937 rng(1234);
    int loaded = 0, rejected = 0;
    for (int i = 0; i < 600; ++i) {
        std::string text = mutate(sample, rng);
        VenueLoadReport report;
        Result<World> r = loadVenueFromString(text, "fuzz.venue.json", &report);
        if (r.ok()) {
            ++loaded;
            // Anything that loads must also save and load again.
            ASSERT_TRUE(loadVenueFromString(saveVenueToString(*r), "again.venue.json").ok());
        } else {
            ++rejected;
            ASSERT_EQ(r.error().file, "fuzz.venue.json");
            ASSERT_FALSE(report.errors.empty());
        }
    }
    EXPECT_GT(rejected, 100);  // the mutations really break files
    EXPECT_GT(loaded, 0);      // and some survive (e.g. edits inside names)
}
