// The real server and bots inside a network namespace made by this test, with Linux netem
// adding latency, jitter and loss on the namespace's loopback. Skips, saying why, where
// namespaces or netem are not available (no root, no sch_netem module).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "../tools/run_command.hpp"

TEST(Netem, BotsSeeEachOtherThroughRealPacketLossAndDelay) {
    std::string ns = "atrium-test-" + std::to_string(::getpid());
    CommandResult made = runCommand("ip netns add " + ns);
    if (made.status != 0) GTEST_SKIP() << "cannot create a network namespace: " << made.output;
    struct Cleanup {
        std::string ns;
        ~Cleanup() { runCommand("ip netns delete " + ns); }
    } cleanup{ns};
    runCommand("ip netns exec " + ns + " ip link set lo up");
    CommandResult qdisc = runCommand("ip netns exec " + ns + " tc qdisc add dev lo root netem delay 50ms 10ms loss 5%");
    if (qdisc.status != 0) GTEST_SKIP() << "netem is not available here (tc: " << qdisc.output << ")";

    std::string bin = ATRIUM_BIN_DIR, plaza = std::string(ATRIUM_SOURCE_DIR) + "/samples/plaza/plaza.venue.json";
    std::string inNs = "ip netns exec " + ns + " env ATRIUM_SECRET=netem ";
    CommandResult r = runCommand(inNs + bin + "/atrium-server " + plaza + " --port 7777 --seconds 12 > /dev/null 2>&1 & sleep 1; " + inNs + bin +
                                 "/atrium-bots --server 127.0.0.1:7777 --count 8 --seconds 8 --venue " + plaza + "; s=$?; wait; exit $s");
    ASSERT_EQ(r.status, 0) << r.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.output, m, std::regex("every bot sees (\\d+) to (\\d+) avatars \\((\\d+) present\\)"))) << r.output;
    EXPECT_EQ(m[1], m[3]);
}
