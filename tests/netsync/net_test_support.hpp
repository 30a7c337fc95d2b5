#pragma once
// Join tokens and a simulated-time loop shared by the tests that run a Server and Clients over
// loopback ENet.
#include <cstdint>
#include <ctime>
#include <string>
#include <thread>

#include "atrium/net/client.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"

namespace atrium::test {

inline constexpr const char* kTestSecret = "test-secret";
inline constexpr const char* kTestVenue = "hall";

// Signed with kTestSecret; `ttlSeconds` from now, negative for one already expired.
inline std::string joinToken(std::uint64_t user, net::Role role = net::Role::Attendee, std::int64_t ttlSeconds = 3600,
                             const char* venue = kTestVenue) {
    return net::mintJoinToken({venue, user, "user" + std::to_string(user), role, std::int64_t(std::time(nullptr)) + ttlSeconds}, kTestSecret);
}

// Simulated time advancing 1 ms per step: a loaded machine runs the session slower but not
// differently, so the timings the tests assert are the protocol's, not the scheduler's.
// (Loopback ENet loses nothing; loss, latency and jitter come from the link simulator.)
// Runs the server and `clients` (a range of Client* or std::unique_ptr<Client>) until `done`
// or `seconds` have passed, advancing `t`; returns whether `done` happened.
template <typename Clients, typename Done>
bool pump(net::Server& server, const Clients& clients, double& t, double seconds, Done done) {
    double end = t + seconds;
    while (t < end) {
        t += 0.001;
        server.update(t);
        for (const auto& c : clients) c->update(t);
        if (done()) return true;
        std::this_thread::yield();
    }
    return false;
}

}  // namespace atrium::test
