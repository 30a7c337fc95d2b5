#include "atrium/cluster/event_bus.hpp"

#include <hiredis.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "atrium/core/log.hpp"
#include "atrium/net/server.hpp"

namespace atrium::cluster {

using nlohmann::json;

namespace {

struct ContextDeleter {
    void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command(redisContext* c, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    for (const std::string& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    return Reply(static_cast<redisReply*>(redisCommandArgv(c, int(argv.size()), argv.data(), lens.data())));
}

Result<Context> connectTo(const std::string& host, std::uint16_t port) {
    timeval timeout{0, 500000};
    Context c(redisConnectWithTimeout(host.c_str(), port, timeout));
    if (!c) return Error{"redis " + host + ":" + std::to_string(port) + ": out of memory"};
    if (c->err) return Error{"redis " + host + ":" + std::to_string(port) + ": " + c->errstr};
    timeval io{1, 0};
    redisSetTimeout(c.get(), io);
    return c;
}

std::string key(const std::string& event, const std::string& what) { return "atrium:" + event + ":" + what; }

}  // namespace

struct EventBus::Impl {
    EventBusConfig config;
    std::thread thread;
    std::atomic<bool> running{false}, up{false};
    std::atomic<std::uint64_t> sent{0}, received{0};
    mutable std::mutex mutex;
    std::vector<std::string> outgoing;                 // JSON messages for the channel
    std::vector<net::ModerationAction> moderationOut;  // also kept in the sets; retried until sent
    std::vector<net::PresenceChange> presence;
    bool presenceDirty = true;
    BusIncoming incoming;
    Context pub, sub;
    bool everUp = false, saidLost = false;

    explicit Impl(EventBusConfig c) : config(std::move(c)) {}
    void run();
    bool connect();
    void lose(const std::string& why);
    bool sendPending();
    bool writePresence(bool full);
    bool readMessages(int waitMs);
    void onMessage(const std::string& payload);
    void notice(const std::string& text) {
        std::lock_guard lock(mutex);
        incoming.notices.push_back(text);
    }
};

bool EventBus::Impl::connect() {
    Result<Context> p = connectTo(config.host, config.port);
    if (!p) return false;
    Result<Context> s = connectTo(config.host, config.port);
    if (!s) return false;
    Reply subscribed = command(s->get(), {"SUBSCRIBE", key(config.event, "events")});
    if (!subscribed || (*s)->err) return false;
    // Bans and mutes decided while this instance was away (or before it started).
    Reply banned = command(p->get(), {"SMEMBERS", key(config.event, "banned")});
    Reply muted = command(p->get(), {"SMEMBERS", key(config.event, "muted")});
    if (!banned || !muted || banned->type != REDIS_REPLY_ARRAY || muted->type != REDIS_REPLY_ARRAY) return false;
    {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < banned->elements; ++i) {
            incoming.moderation.push_back({net::ModerationKind::Ban, std::strtoull(banned->element[i]->str, nullptr, 10)});
        }
        for (std::size_t i = 0; i < muted->elements; ++i) {
            incoming.moderation.push_back({net::ModerationKind::Mute, std::strtoull(muted->element[i]->str, nullptr, 10)});
        }
        presenceDirty = true;
    }
    pub = std::move(*p);
    sub = std::move(*s);
    if (everUp || saidLost) notice("event chat is back: lines reach every instance again");
    everUp = true;
    saidLost = false;
    up = true;
    logInfo("event", "instance " + config.instanceId + " connected to redis " + config.host + ":" + std::to_string(config.port));
    return true;
}

void EventBus::Impl::lose(const std::string& why) {
    pub.reset();
    sub.reset();
    up = false;
    if (!saidLost) {
        notice("event chat lost (" + why + "): lines reach only the people in this instance until it is back");
        logInfo("event", "instance " + config.instanceId + ": redis lost: " + why);
        saidLost = true;
    }
    std::lock_guard lock(mutex);
    outgoing.clear();  // chat said meanwhile stays local, as the notice says
}

bool EventBus::Impl::sendPending() {
    std::vector<std::string> lines;
    std::vector<net::ModerationAction> actions;
    {
        std::lock_guard lock(mutex);
        lines.swap(outgoing);
        actions = moderationOut;
    }
    for (const net::ModerationAction& a : actions) {
        const std::string user = std::to_string(a.userId);
        Reply r = a.kind == net::ModerationKind::Ban    ? command(pub.get(), {"SADD", key(config.event, "banned"), user})
                  : a.kind == net::ModerationKind::Mute ? command(pub.get(), {"SADD", key(config.event, "muted"), user})
                                                        : command(pub.get(), {"SREM", key(config.event, "muted"), user});
        if (!r) return false;
        json m{{"o", config.instanceId}, {"k", net::toString(a.kind)}, {"u", a.userId}};
        if (!command(pub.get(), {"PUBLISH", key(config.event, "events"), m.dump()})) return false;
        ++sent;
    }
    {
        std::lock_guard lock(mutex);
        moderationOut.erase(moderationOut.begin(), moderationOut.begin() + std::ptrdiff_t(actions.size()));
    }
    for (const std::string& line : lines) {
        if (!command(pub.get(), {"PUBLISH", key(config.event, "events"), line})) return false;
        ++sent;
    }
    return true;
}

bool EventBus::Impl::writePresence(bool full) {
    const std::string hash = key(config.event, "presence:" + config.instanceId);
    const std::string ttl = std::to_string(std::max(1, int(config.presenceTtlSeconds)));
    if (!full) return bool(command(pub.get(), {"EXPIRE", hash, ttl}));
    std::vector<net::PresenceChange> people;
    {
        std::lock_guard lock(mutex);
        people = presence;
        presenceDirty = false;
    }
    std::vector<std::string> hset{"HSET", hash};
    for (const net::PresenceChange& p : people) {
        hset.push_back(std::to_string(p.userId));
        hset.push_back(json{{"name", p.name}, {"role", net::toString(p.role)}, {"instance", config.instanceId}}.dump());
    }
    if (!command(pub.get(), {"MULTI"})) return false;
    command(pub.get(), {"DEL", hash});
    if (people.size() > 0) command(pub.get(), hset);
    command(pub.get(), {"EXPIRE", hash, ttl});
    command(pub.get(), {"SADD", key(config.event, "instances"), config.instanceId});
    Reply done = command(pub.get(), {"EXEC"});
    return done && done->type == REDIS_REPLY_ARRAY;
}

void EventBus::Impl::onMessage(const std::string& payload) {
    json m = json::parse(payload, nullptr, false);
    if (!m.is_object() || m.value("o", std::string()) == config.instanceId) return;  // our own, or not ours to read
    const std::string kind = m.value("k", std::string());
    std::lock_guard lock(mutex);
    if (kind == "chat") {
        incoming.chat.push_back({m.value("u", std::uint64_t(0)), m.value("n", std::string()), m.value("t", std::string())});
    } else if (net::ModerationKind k; net::parseModerationKind(kind, k)) {
        incoming.moderation.push_back({k, m.value("u", std::uint64_t(0))});
    } else {
        return;
    }
    ++received;
}

bool EventBus::Impl::readMessages(int waitMs) {
    redisContext* c = sub.get();
    auto drain = [&]() -> bool {
        for (;;) {
            void* raw = nullptr;
            if (redisReaderGetReply(c->reader, &raw) != REDIS_OK) return false;
            if (!raw) return true;
            Reply r(static_cast<redisReply*>(raw));
            if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 && std::string(r->element[0]->str) == "message") {
                onMessage(std::string(r->element[2]->str, r->element[2]->len));
            }
        }
    };
    if (!drain()) return false;
    pollfd p{c->fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, waitMs);
    if (ready < 0) return errno == EINTR;
    if (ready == 0) return true;
    if (redisBufferRead(c) != REDIS_OK) return false;
    return drain();
}

void EventBus::Impl::run() {
    double backoff = 0.1;
    auto lastPresence = std::chrono::steady_clock::now() - std::chrono::hours(1);
    while (running) {
        if (!up) {
            if (!connect()) {
                if (!saidLost) lose("cannot reach redis " + config.host + ":" + std::to_string(config.port));
                std::this_thread::sleep_for(std::chrono::duration<double>(backoff));
                backoff = std::min(backoff * 2.0, config.maxBackoffSeconds);
                continue;
            }
            backoff = 0.1;
            lastPresence = std::chrono::steady_clock::now() - std::chrono::hours(1);
        }
        bool ok = sendPending();
        const auto now = std::chrono::steady_clock::now();
        bool dirty;
        {
            std::lock_guard lock(mutex);
            dirty = presenceDirty;
        }
        if (ok && (dirty || now - lastPresence > std::chrono::duration<double>(config.presenceTtlSeconds / 3))) {
            ok = writePresence(dirty || now - lastPresence > std::chrono::minutes(1));
            lastPresence = now;
        }
        if (ok) ok = readMessages(20);
        if (!ok) lose(pub && pub->err ? pub->errstr : sub && sub->err ? sub->errstr : "connection closed");
    }
}

EventBus::EventBus(EventBusConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
EventBus::~EventBus() { stop(); }

void EventBus::start() {
    if (impl_->running.exchange(true)) return;
    impl_->thread = std::thread([this] { impl_->run(); });
}

void EventBus::stop() {
    if (!impl_->running.exchange(false)) return;
    impl_->thread.join();
    if (impl_->up) command(impl_->pub.get(), {"DEL", key(impl_->config.event, "presence:" + impl_->config.instanceId)});
}

void EventBus::publish(const net::EventOutbox& out) {
    std::lock_guard lock(impl_->mutex);
    for (const net::EventChat& c : out.chat) {
        if (!impl_->up) continue;  // stays local
        impl_->outgoing.push_back(json{{"o", impl_->config.instanceId}, {"k", "chat"}, {"u", c.userId}, {"n", c.name}, {"t", c.text}}.dump());
    }
    for (const net::ModerationAction& a : out.moderation) impl_->moderationOut.push_back(a);
}

void EventBus::setPresence(std::vector<net::PresenceChange> people) {
    std::lock_guard lock(impl_->mutex);
    impl_->presence = std::move(people);
    impl_->presenceDirty = true;
}

BusIncoming EventBus::take() {
    std::lock_guard lock(impl_->mutex);
    return std::exchange(impl_->incoming, {});
}

bool EventBus::connected() const { return impl_->up; }
std::uint64_t EventBus::messagesSent() const { return impl_->sent; }
std::uint64_t EventBus::messagesReceived() const { return impl_->received; }

void exchange(net::Server& server, EventBus& bus) { exchange(server, bus, server.takeEventOutbox()); }

void exchange(net::Server& server, EventBus& bus, const net::EventOutbox& out) {
    if (!out.presence.empty()) bus.setPresence(server.people());
    if (!out.chat.empty() || !out.moderation.empty()) bus.publish(out);
    BusIncoming in = bus.take();
    for (const std::string& n : in.notices) server.systemNotice(n);
    for (const net::EventChat& c : in.chat) server.relayChat(c.name, c.text);
    for (const net::ModerationAction& a : in.moderation) server.applyModeration(a);
}

Result<std::vector<PresenceEntry>> readPresence(const std::string& host, std::uint16_t port, const std::string& event) {
    Result<Context> c = connectTo(host, port);
    if (!c) return c.error();
    Reply instances = command(c->get(), {"SMEMBERS", key(event, "instances")});
    if (!instances || instances->type != REDIS_REPLY_ARRAY) return Error{"redis " + host + ":" + std::to_string(port) + ": SMEMBERS failed"};
    std::vector<PresenceEntry> out;
    for (std::size_t i = 0; i < instances->elements; ++i) {
        Reply all = command(c->get(), {"HGETALL", key(event, std::string("presence:") + instances->element[i]->str)});
        if (!all || all->type != REDIS_REPLY_ARRAY) continue;
        for (std::size_t k = 0; k + 1 < all->elements; k += 2) {
            json v = json::parse(std::string(all->element[k + 1]->str, all->element[k + 1]->len), nullptr, false);
            if (!v.is_object()) continue;
            out.push_back({std::strtoull(all->element[k]->str, nullptr, 10), v.value("name", ""), v.value("role", ""), v.value("instance", "")});
        }
    }
    return out;
}

}  // namespace atrium::cluster
