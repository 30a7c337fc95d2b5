#pragma once
// An attendee of a many-instance event: joins through the director and stays in the event
// when its instance goes (drained, crashed) or when it moves to a friend's. A handoff asks the
// director again with the join token it holds (same identity and role, no new login), avoiding
// the instance it leaves, connects to the new instance and restores its look and seat choice
// there. An instance from which nothing arrives for `silenceSeconds` (not counting gaps in
// this process's own updates) counts as gone.
#include <memory>
#include <optional>
#include <string>

#include "atrium/cluster/director_client.hpp"
#include "atrium/net/client.hpp"
#include "atrium/net/people.hpp"

namespace atrium::cluster {

struct EventAttendeeConfig {
    std::string directorUrl;
    JoinAsk ask;                  // the first join: a link, or a user id and name
    net::ClientConfig client;     // its token is the director's each time
    double silenceSeconds = 3.0;  // joined, and no datagram for this long: the instance is gone
    double joinSeconds = 10.0;    // connected and not joined within this: try another
    double retrySeconds = 1.0;    // between asks while the director has no room or no answer, and between handoffs
};

class EventAttendee {
public:
    explicit EventAttendee(EventAttendeeConfig config);
    ~EventAttendee();

    Status join(double now);
    void update(double now);
    // Moves to the instance `friendUserId` is in (no-op if already there).
    Status joinFriend(const std::string& friendUserId, double now);
    // Remembered across handoffs.
    void setLook(const net::AvatarLookMsg& look);
    void claimSeat(StableId seat);
    void releaseSeat();

    net::Client& client() { return *client_; }
    const net::Client& client() const { return *client_; }
    const std::string& instance() const { return placement_.instance; }
    int handoffs() const { return handoffs_; }
    const std::string& lastError() const { return lastError_; }

private:
    Status connectTo(const Placement& p, double now);
    void handOff(const std::string& why, double now);

    EventAttendeeConfig config_;
    std::unique_ptr<net::Client> client_;
    Placement placement_;
    std::optional<net::AvatarLookMsg> look_;
    std::optional<StableId> seat_;
    bool restored_ = false;
    int handoffs_ = 0;
    double lastSnapshotAt_ = 0.0, nextTry_ = 0.0, connectedAt_ = 0.0, lastUpdateAt_ = 0.0;
    std::uint64_t lastSnapshots_ = 0;
    bool lost_ = false;
    std::string lastError_;
};

}  // namespace atrium::cluster
