#pragma once
// Talking to atrium-director over HTTP (director.hpp): an attendee app or atrium-bots asking
// where to join, and an instance reporting itself.
#include <cstdint>
#include <string>

#include "atrium/cluster/instance_registry.hpp"
#include "atrium/core/error.hpp"

namespace atrium::cluster {

struct JoinAsk {
    std::string link;  // a join link or token minted with the event's secret (identity, role); or:
    std::uint64_t user = 0;
    std::string name;
    std::string group, friendUser, avoid;  // optional: a group to keep together, a user to join, an instance not to use
};

struct Placement {
    std::string instance;
    std::string host;
    std::uint16_t port = 0;
    std::string token;  // for that instance, with the same identity
    std::string link;
};

// Errors name the director and what it said ("http://127.0.0.1:8080/join: 503: no instance has room ...").
Result<Placement> askToJoin(const std::string& directorUrl, const JoinAsk& ask);

struct HeartbeatAnswer {
    bool drain = false;              // stop admitting and move everyone out
    std::string stageId, stageHost;  // the stage instance, when it is another one
    std::uint16_t stagePort = 0;
};

// Registers or heartbeats.
Result<HeartbeatAnswer> reportInstance(const std::string& directorUrl, const InstanceReport& report);

}  // namespace atrium::cluster
