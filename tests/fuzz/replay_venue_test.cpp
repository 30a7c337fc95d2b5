// The venue_fuzz target itself, compiled without libFuzzer, over its committed inputs.
#define LLVMFuzzerTestOneInput venueFuzzOneInput
#include "venue_fuzz.cpp"
#undef LLVMFuzzerTestOneInput

#include "replay.hpp"

TEST(FuzzReplay, VenueCorpusAndCrashReproducers) { atrium::test::replayFuzzInputs("venue", venueFuzzOneInput); }
