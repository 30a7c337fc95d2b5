// The packet_fuzz target itself, compiled without libFuzzer, over its committed inputs.
#define LLVMFuzzerTestOneInput packetFuzzOneInput
#include "packet_fuzz.cpp"
#undef LLVMFuzzerTestOneInput

#include "replay.hpp"

TEST(FuzzReplay, PacketCorpusAndCrashReproducers) { atrium::test::replayFuzzInputs("packet", packetFuzzOneInput); }
