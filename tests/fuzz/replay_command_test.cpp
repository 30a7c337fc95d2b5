// The command_fuzz target itself, compiled without libFuzzer, over its committed inputs.
#define LLVMFuzzerTestOneInput commandFuzzOneInput
#include "command_fuzz.cpp"
#undef LLVMFuzzerTestOneInput

#include "replay.hpp"

TEST(FuzzReplay, CommandCorpusAndCrashReproducers) { atrium::test::replayFuzzInputs("command", commandFuzzOneInput); }
