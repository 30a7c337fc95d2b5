#pragma once
// The director's view of an event's instances: each one's address, capacity, load and health
// as it last reported, and where the people sent to it went. Choosing an instance for a joining
// attendee happens here, with no I/O, so it is tested on its own.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/join_token.hpp"

namespace atrium::cluster {

struct InstanceReport {
    std::string id;
    std::string host;
    std::uint16_t port = 0;
    std::uint32_t capacity = 0;  // attendees it admits
    std::uint32_t load = 0;      // attendees in it now
    bool healthy = true;
    bool stage = false;  // the presenters' instance
    // Attendees it has admitted since it started (a count that only grows), so that the
    // director knows which of those it sent are in `load` already. 0: not reported.
    std::uint64_t admitted = 0;
};

struct InstanceState {
    InstanceReport report;
    double lastSeen = 0.0;  // seconds, the registry's clock
    bool draining = false;
    // Sent here and not yet counted in a report (oldest first): a burst of joins between two
    // heartbeats would otherwise all go to the same emptiest instance. A report's `admitted`
    // retires the oldest; one not admitted within 5 s (it went elsewhere) is dropped.
    std::vector<double> pendingSince;
    std::uint64_t placed = 0;  // sent here since it registered
    std::uint64_t admittedAtRegistration = 0;
    bool registered = false;
    std::uint32_t effectiveLoad() const { return report.load + std::uint32_t(pendingSince.size()); }
};

struct JoinRequest {
    std::uint64_t userId = 0;
    net::Role role = net::Role::Attendee;
    std::string group;         // friends asking to be together; empty: none
    std::string avoid;         // an instance not to use (the one that just failed the client)
    std::string friendUserId;  // join the instance this user is in; empty: none
};

class InstanceRegistry {
public:
    explicit InstanceRegistry(double heartbeatTimeoutSeconds = 3.0) : timeout_(heartbeatTimeoutSeconds) {}

    // A registration or heartbeat. Errors name the field that is wrong.
    Status report(const InstanceReport& r, double now);
    Status drain(const std::string& id);
    bool draining(const std::string& id) const;
    void remove(const std::string& id);

    // The instance a joiner goes to: a presenter or host to the stage instance (if one is up),
    // a friend to the friend's instance, a group to where the group already is; otherwise the
    // instance with the most room relative to its capacity. Only healthy, fresh, undrained
    // instances with room are chosen. Error: none has room (says how many are up).
    Result<std::string> place(const JoinRequest& request, double now);

    std::optional<InstanceState> instance(const std::string& id) const;
    std::vector<InstanceState> instances() const;
    std::optional<std::string> instanceOf(std::uint64_t userId) const;

private:
    bool usable(const InstanceState& s, double now) const;
    void expirePending(double now);

    double timeout_;
    std::map<std::string, InstanceState> instances_;
    std::map<std::string, std::string> groups_;       // group -> instance
    std::map<std::uint64_t, std::string> userPlace_;  // user -> instance it was sent to
};

}  // namespace atrium::cluster
