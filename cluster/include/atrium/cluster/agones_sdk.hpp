#pragma once
// The Agones game server lifecycle through the SDK sidecar's local REST API
// (http://localhost:$AGONES_SDK_HTTP_PORT): POST /ready once serving, POST /health every
// `healthSeconds`, player tracking (alpha: POST /alpha/player/connect and /disconnect with
// {"playerID"}, PUT /alpha/player/capacity with {"count"}), POST /allocate once someone is in,
// and POST /shutdown when stopping.
// Calls go out from the SDK's own thread, in order, retried while the sidecar is not up yet
// (it may start after the server); the server's ticks never wait on it.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "atrium/core/error.hpp"

namespace atrium::cluster {

class AgonesSdk {
public:
    // `port` 0: read AGONES_SDK_HTTP_PORT; enabled() is false when it is not set.
    explicit AgonesSdk(std::uint16_t port = 0, double healthSeconds = 2.0);
    ~AgonesSdk();
    AgonesSdk(const AgonesSdk&) = delete;
    AgonesSdk& operator=(const AgonesSdk&) = delete;

    bool enabled() const;
    void ready();
    // POST /allocate: this GameServer holds people now, so a scale-down must not pick it.
    void allocate();
    void setPlayerCapacity(std::uint32_t count);
    void playerConnect(const std::string& playerId);
    void playerDisconnect(const std::string& playerId);
    // Sends /shutdown after everything queued, and stops the health pings.
    void shutdown();
    std::uint64_t callsFailed() const;
    // GET /gameserver's status.address and first status.ports[].port: where attendees reach this
    // pod (the node's address and the host port Agones gave it), for the director. Waits up to
    // `seconds` for the sidecar and for an address.
    Result<std::pair<std::string, std::uint16_t>> publicAddress(double seconds = 10.0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::cluster
