#pragma once
// A lossy, laggy link for tests, inside the library so every test and tool can use the same
// one: loss, latency, jitter, duplication and reordering, deterministic for a given seed.
// Packets go in with send() and come out of receive() when their delivery time has come.
#include <cstdint>
#include <random>
#include <vector>

namespace atrium::net {

struct LinkConditions {
    double latencySeconds = 0.0;  // one way
    double jitterSeconds = 0.0;   // uniform +-jitter added per packet
    double lossRate = 0.0;        // 0..1
    double duplicateRate = 0.0;   // 0..1
    // Jitter reorders naturally; this adds a further chance of holding a packet back.
    double reorderRate = 0.0;
    double reorderDelaySeconds = 0.03;
    // A bottleneck (GameNetworkingSockets' 64 kbps profile): packets leave one after another
    // at this rate, and one that would wait in the queue longer than queueSeconds is dropped,
    // as a router's full buffer drops it. 0: no limit.
    double bandwidthKbps = 0.0;
    double queueSeconds = 0.25;

    // False for a perfect link: senders then skip the simulator altogether.
    bool active() const {
        return latencySeconds > 0 || jitterSeconds > 0 || lossRate > 0 || duplicateRate > 0 || reorderRate > 0 || bandwidthKbps > 0;
    }
};

class LinkSimulator {
public:
    explicit LinkSimulator(LinkConditions conditions = {}, std::uint64_t seed = 1) : conditions_(conditions), rng_(seed) {}

    void setConditions(const LinkConditions& c) { conditions_ = c; }
    const LinkConditions& conditions() const { return conditions_; }

    // The transport sends its datagrams as unreliable ones, so loss, duplication and reordering
    // reach its reliable messages too. `reliable` packets (for callers above a transport that
    // recovers them) are never dropped or duplicated and keep their order, but still see
    // latency, jitter and the bandwidth limit's queueing.
    void send(std::vector<std::uint8_t> packet, double now, bool reliable = false);
    // Packets due at `now`, in delivery order.
    std::vector<std::vector<std::uint8_t>> receive(double now);

    std::uint64_t sent() const { return sent_; }
    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t duplicated() const { return duplicated_; }
    std::uint64_t overflowed() const { return overflowed_; }  // dropped at the bandwidth limit
    std::size_t inFlight() const { return queue_.size(); }

private:
    struct InFlight {
        double due;
        std::uint64_t order;
        std::vector<std::uint8_t> bytes;
    };
    double delay(bool reliable);

    LinkConditions conditions_;
    std::mt19937_64 rng_;
    std::vector<InFlight> queue_;
    std::uint64_t order_ = 0;
    double lastReliableDue_ = 0.0;
    double linkFreeAt_ = 0.0;  // when the bottleneck has sent what it holds
    std::uint64_t sent_ = 0, dropped_ = 0, duplicated_ = 0, overflowed_ = 0;
};

}  // namespace atrium::net
