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

    // False for a perfect link: senders then skip the simulator altogether.
    bool active() const { return latencySeconds > 0 || jitterSeconds > 0 || lossRate > 0 || duplicateRate > 0 || reorderRate > 0; }
};

class LinkSimulator {
public:
    explicit LinkSimulator(LinkConditions conditions = {}, std::uint64_t seed = 1) : conditions_(conditions), rng_(seed) {}

    void setConditions(const LinkConditions& c) { conditions_ = c; }
    const LinkConditions& conditions() const { return conditions_; }

    // `reliable` packets are never dropped or duplicated (the transport would have recovered
    // them) and keep their order, but still see latency and jitter.
    void send(std::vector<std::uint8_t> packet, double now, bool reliable = false);
    // Packets due at `now`, in delivery order.
    std::vector<std::vector<std::uint8_t>> receive(double now);

    std::uint64_t sent() const { return sent_; }
    std::uint64_t dropped() const { return dropped_; }
    std::uint64_t duplicated() const { return duplicated_; }
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
    std::uint64_t sent_ = 0, dropped_ = 0, duplicated_ = 0;
};

}  // namespace atrium::net
