#pragma once
// atrium-director's service: the front door of an event of many instances of one venue.
// HTTP + JSON (cpp-httplib), every answer a JSON object, errors as {"error": "..."} with 400
// (bad request), 404 (no such instance) or 503 (no room):
//
//   POST /instances            {"id","host","port","capacity","load","healthy","stage"}: register
//                              or heartbeat; answers {"drain": bool} (true: stop admitting, move out)
//                              and, when another instance is the stage, "stage": {"id","host","port"}
//   GET  /instances            {"instances": [{"id",...,"draining","age"}]}
//   POST /instances/ID/drain   stop sending anyone to ID and tell it to move its attendees out
//   POST /join                 {"link": "atrium://..."} or {"token": "..."} (identity and role
//                              from a token minted with the event's secret) or {"user": N,
//                              "name": "..."} (an attendee), with optional "group", "friend"
//                              (a user id to join) and "avoid" (an instance id); answers
//                              {"instance","host","port","token","link"}: a join token for that
//                              instance carrying the same identity, role and expiry.
//   GET  /health               {"ok": true}
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "atrium/cluster/instance_registry.hpp"
#include "atrium/core/error.hpp"

namespace atrium::cluster {

struct DirectorConfig {
    std::string secret;  // the event's ATRIUM_SECRET: checks links and mints instance tokens
    std::string venueId = "venue";
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port (Director::port())
    double heartbeatTimeoutSeconds = 3.0;
    std::int64_t attendeeTokenSeconds = 4 * 3600;  // lifetime of tokens for {"user","name"} joins
};

class Director {
public:
    explicit Director(DirectorConfig config);
    ~Director();
    Director(const Director&) = delete;
    Director& operator=(const Director&) = delete;

    Status start();  // serves on its own thread
    void stop();
    std::uint16_t port() const;
    std::string url() const;  // http://HOST:PORT

    // The registry, under the service's lock (the supervisor drains and removes through it).
    void withRegistry(const std::function<void(InstanceRegistry&, double now)>& f);
    double now() const;  // the registry's clock, seconds

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::cluster
