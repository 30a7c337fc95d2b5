#pragma once
// An event's shared state in Redis (hiredis), one connection pair per instance:
//   channel  atrium:EVENT:events            chat, announcements, bans and mutes, as JSON with
//                                           the origin instance ("o"), which ignores its own
//   hash     atrium:EVENT:presence:INSTANCE user id -> {"name","role","instance"}, rewritten when it
//                                           changes and kept alive (a crashed instance's expires)
//   set      atrium:EVENT:instances         the instances that wrote presence
//   sets     atrium:EVENT:banned, :muted    user ids, read by every instance when it connects
// The bus runs on its own thread: a lost Redis never stalls the server's ticks. While Redis is
// away, chat stays within the instance (a system line says so), bans and mutes wait to be
// sent, and the bus reconnects by itself with backoff; once back it says so and writes its
// presence again.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/event_relay.hpp"

namespace atrium::net {
class Server;
}

namespace atrium::cluster {

struct EventBusConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::string event = "event";
    std::string instanceId;
    double presenceTtlSeconds = 5.0;
    double maxBackoffSeconds = 2.0;
};

struct BusIncoming {
    std::vector<net::EventChat> chat;  // from other instances
    std::vector<net::ModerationAction> moderation;
    std::vector<std::string> notices;  // the bus's own: lost, back
};

struct PresenceEntry {
    std::uint64_t userId = 0;
    std::string name;
    std::string role;
    std::string instance;
};

class EventBus {
public:
    explicit EventBus(EventBusConfig config);
    ~EventBus();
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    void start();
    void stop();
    // What happened here, for the others (queued; sent by the bus's thread).
    void publish(const net::EventOutbox& out);
    // Everyone here now: written as this instance's presence.
    void setPresence(std::vector<net::PresenceChange> people);
    BusIncoming take();
    bool connected() const;
    std::uint64_t messagesSent() const;
    std::uint64_t messagesReceived() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One exchange between a server (ServerConfig::eventRelay on) and its bus: what the server
// collected goes out, what the others said comes in. Call it every loop.
void exchange(net::Server& server, EventBus& bus);
// The same with the server's outbox already taken (when something else reads it too).
void exchange(net::Server& server, EventBus& bus, const net::EventOutbox& out);

// Who is in the event now, from Redis (for the director, tools and tests).
Result<std::vector<PresenceEntry>> readPresence(const std::string& host, std::uint16_t port, const std::string& event);

}  // namespace atrium::cluster
