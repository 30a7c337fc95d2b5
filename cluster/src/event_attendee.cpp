#include "atrium/cluster/event_attendee.hpp"

#include "atrium/core/log.hpp"

namespace atrium::cluster {

EventAttendee::EventAttendee(EventAttendeeConfig config) : config_(std::move(config)) {}
EventAttendee::~EventAttendee() = default;

Status EventAttendee::connectTo(const Placement& p, double now) {
    net::ClientConfig c = config_.client;
    c.token = p.token;
    client_ = std::make_unique<net::Client>(c);
    placement_ = p;
    restored_ = false;
    lost_ = false;
    lastSnapshotAt_ = now;
    connectedAt_ = now;
    lastSnapshots_ = 0;
    nextTry_ = now + config_.retrySeconds;  // at most one handoff per retry interval
    return client_->connect(p.host, p.port);
}

Status EventAttendee::join(double now) {
    Result<Placement> p = askToJoin(config_.directorUrl, config_.ask);
    if (!p) return p.error();
    return connectTo(*p, now);
}

void EventAttendee::handOff(const std::string& why, double now) {
    if (now < nextTry_) return;
    JoinAsk ask = config_.ask;
    ask.link = placement_.token;  // the same identity and role, minted for the instance we leave
    ask.avoid = placement_.instance;
    Result<Placement> p = askToJoin(config_.directorUrl, ask);
    if (!p) {
        lastError_ = p.error().message;
        nextTry_ = now + config_.retrySeconds;
        return;
    }
    logInfo("attendee", "moving from " + placement_.instance + " to " + p->instance + ": " + why);
    if (client_ && client_->connected()) client_->leave();
    ++handoffs_;
    if (Status s = connectTo(*p, now); !s) lastError_ = s.error().message;
}

void EventAttendee::update(double now) {
    if (!client_) return;
    // A gap between our own updates (this process was busy or descheduled) is not the
    // instance's silence.
    if (lastUpdateAt_ > 0.0 && now - lastUpdateAt_ > 0.25) lastSnapshotAt_ += now - lastUpdateAt_;
    lastUpdateAt_ = now;
    client_->update(now);
    // Anything from the instance (snapshots, keep-alives, acks) shows it is there, even when
    // this process is too busy to keep up with its snapshots.
    const std::uint64_t snapshots = client_->stats().datagramsReceived;
    if (snapshots != lastSnapshots_) {
        lastSnapshots_ = snapshots;
        lastSnapshotAt_ = now;
    }
    if (client_->joined() && !restored_) {
        if (look_) client_->setLook(*look_);
        if (seat_) client_->claimSeat(*seat_);
        restored_ = true;
    }
    const bool closed = !client_->connected() && !client_->closeReason().empty();
    // Silence counts once joined; before that, the join has its own, longer deadline.
    const bool silent = client_->joined() ? now - lastSnapshotAt_ > config_.silenceSeconds : now - connectedAt_ > config_.joinSeconds;
    if (closed && client_->closeReason().find("removed from this event") != std::string::npos) return;  // banned: stay out
    if (closed || silent || lost_) {
        lost_ = true;
        handOff(closed ? client_->closeReason() : "nothing from the instance for " + std::to_string(int(config_.silenceSeconds)) + " s", now);
    }
}

Status EventAttendee::joinFriend(const std::string& friendUserId, double now) {
    JoinAsk ask = config_.ask;
    ask.link = placement_.token;
    ask.friendUser = friendUserId;
    Result<Placement> p = askToJoin(config_.directorUrl, ask);
    if (!p) return p.error();
    if (p->instance == placement_.instance) return Ok{};
    if (client_ && client_->connected()) client_->leave();
    ++handoffs_;
    return connectTo(*p, now);
}

void EventAttendee::setLook(const net::AvatarLookMsg& look) {
    look_ = look;
    if (client_ && client_->joined()) client_->setLook(look);
}

void EventAttendee::claimSeat(StableId seat) {
    seat_ = seat;
    if (client_ && client_->joined()) client_->claimSeat(seat);
}

void EventAttendee::releaseSeat() {
    seat_.reset();
    if (client_ && client_->joined()) client_->releaseSeat();
}

}  // namespace atrium::cluster
