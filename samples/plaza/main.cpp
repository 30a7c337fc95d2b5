// Plaza: an outdoor, networked venue. This process runs an atrium::net server on the plaza
// (loopback, any free port), a handful of bots that walk, sit on the benches and chat, and
// your own avatar joining as one more client. The window shows what your client sees: every
// avatar interpolated from snapshots, yours predicted. Arrow keys walk; the fly camera is WASD.
// At the end it prints what every bot saw and fails unless every bot saw every other bot.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "atrium/net/client.hpp"
#include "atrium/net/join_token.hpp"
#include "atrium/net/server.hpp"
#include "canvas.hpp"
#include "sample.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {

constexpr int kBots = 6;
constexpr double kSettleSeconds = 5.0;
const char* const kSecret = "atrium-sample-plaza";  // this process mints and checks its own tokens

struct Bot {
    std::string name;
    std::unique_ptr<net::Client> client;
    vec2 target{0.0f};
    double nextDecision = 0.0;
    bool sitting = false;
    int chats = 0;
    int seatsTaken = 0;
};

// `venue`: the plaza as loaded, for predicting the avatar's walk with the server's physics
// (its stage stairs are mesh colliders, resolved under `assetRoot`).
std::unique_ptr<net::Client> joinAs(const std::string& name, std::uint64_t user, std::uint16_t port, const World& venue,
                                    const std::filesystem::path& assetRoot) {
    net::JoinClaims claims{"plaza", user, name, net::Role::Attendee, std::int64_t(std::time(nullptr)) + 3600};
    auto c = std::make_unique<net::Client>(
        net::ClientConfig{.token = net::mintJoinToken(claims, kSecret), .seed = user, .venue = &venue, .assetRoot = assetRoot});
    if (!c->connect("127.0.0.1", port)) return nullptr;
    return c;
}

class Plaza final : public Sample {
public:
    bool realTime() const override { return true; }

    Status start(Runtime& rt) override {
        serverWorld_ = rt.world();  // the server simulates its own copy of the venue
        float largest = 0.0f;       // the plaza screen, not the kiosks' small ones
        rt.world().each<MediaScreen>([&](Entity e, MediaScreen& m) {
            if (m.width * m.height > largest) largest = m.width * m.height, screen_ = e;
        });
        for (Entity e : serverWorld_.pool<Seat>().entities()) seats_.push_back(serverWorld_.stableId(e));
        server_ = std::make_unique<net::Server>(
            serverWorld_, net::ServerConfig{.venueId = "plaza", .secret = kSecret, .assetRoot = rt.renderer().assets().root()});
        if (Status s = server_->start(); !s) return s;
        for (int i = 0; i < kBots; ++i) {
            Bot b;
            b.name = "bot-" + std::to_string(i);
            b.client = joinAs(b.name, std::uint64_t(100 + i), server_->port(), rt.world(), rt.renderer().assets().root());
            if (!b.client) return Error{"plaza: " + b.name + " could not connect"};
            // Staggered first decisions so even a short run has someone sitting and chatting.
            b.nextDecision = 0.5 + 0.2 * i;
            bots_.push_back(std::move(b));
        }
        me_ = joinAs("you", 1, server_->port(), rt.world(), rt.renderer().assets().root());
        if (!me_) return Error{"plaza: your client could not connect"};
        std::printf("plaza: server on 127.0.0.1:%u with %d bots and you\n", server_->port(), kBots);
        begin_ = std::chrono::steady_clock::now();
        return Ok{};
    }

    // Closer than the overview: the benches, the bandstand's chat screen and the people.
    std::optional<CameraView> view(Runtime&) override { return CameraView{.eye = {12, 9, 30}, .target = {-1, 0, 0}}; }

    Status frame(Runtime& rt, double) override {
        serviceNetwork(rt);
        if (screen_ && frames_++ % 30 == 0) return showChat(rt);
        return Ok{};
    }

    int finish(Runtime& rt) override {
        // A short or heavily loaded run may end before the last snapshots arrived: keep the
        // network going a little (at most kSettleSeconds) until every bot sees every other.
        double lastFrame = now_, settleUntil = now_ + kSettleSeconds;
        while (!everyBotSeesEveryOther() && now_ < settleUntil) {
            serviceNetwork(rt);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (now_ > lastFrame) std::printf("plaza: kept the network going %.2f s after the last frame\n", now_ - lastFrame);
        bool everyoneSeen = true;
        for (const Bot& b : bots_) {
            std::vector<std::string> seen = avatarsSeenBy(*b.client);
            std::string list;
            int others = 0;
            for (const std::string& n : seen) list += (list.empty() ? "" : ", ") + n;
            for (const Bot& o : bots_) {
                bool found = std::find(seen.begin(), seen.end(), o.name) != seen.end();
                if (&o != &b) others += found, everyoneSeen &= found;
            }
            std::printf("plaza: %s (%s, %s, %d seat claim(s), %d chat line(s) sent, %zu received) sees %d of %d other bots: %s\n",
                        b.name.c_str(), b.client->joined() ? "joined" : "NOT JOINED", b.sitting ? "sitting" : "walking", b.seatsTaken, b.chats,
                        b.client->chat().size(), others, kBots - 1, list.c_str());
        }
        std::vector<std::string> mine = avatarsSeenBy(*me_);
        std::printf("plaza: you see %zu avatars; %u chat lines on the server; %zu seats taken now\n", mine.size(), server_->chatCount(),
                    me_->seats().size());
        for (const net::ChatLine& line : me_->chat()) std::printf("plaza: chat  %s: %s\n", line.name.c_str(), line.text.c_str());
        std::printf("plaza: every bot sees every other bot: %s\n", everyoneSeen ? "yes" : "no");
        return everyoneSeen ? 0 : 1;
    }

private:
    void serviceNetwork(Runtime& rt) {
        double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count();
        server_->update(now);
        for (std::size_t i = 0; i < bots_.size(); ++i) driveBot(bots_[i], int(i), now);
        me_->setInput(myInput(rt, now));
        me_->update(now);
        showAvatars(rt.world(), rt.crowd(), now);
        now_ = now;
    }

    bool everyBotSeesEveryOther() const {
        for (const Bot& b : bots_) {
            std::vector<std::string> seen = avatarsSeenBy(*b.client);
            for (const Bot& o : bots_) {
                if (&o != &b && std::find(seen.begin(), seen.end(), o.name) == seen.end()) return false;
            }
        }
        return true;
    }

    // The plaza screen shows the chat as your client received it.
    Status showChat(Runtime& rt) {
        chatCanvas_.verticalGradient(vec3(0.05f, 0.1f, 0.25f), vec3(0.02f, 0.02f, 0.08f));
        chatCanvas_.text(10, 8, "PLAZA CHAT", 2, vec3(1.0f, 0.85f, 0.3f));
        const auto& lines = me_->chat();
        std::size_t first = lines.size() > 6 ? lines.size() - 6 : 0;
        for (std::size_t i = first; i < lines.size(); ++i) {
            chatCanvas_.text(10, 40 + int(i - first) * 20, lines[i].name + ": " + lines[i].text, 1, vec3(1.0f));
        }
        return rt.renderer().setMediaScreenPixels(screen_, chatCanvas_.width, chatCanvas_.height, chatCanvas_.rgba.data());
    }

    std::vector<std::string> avatarsSeenBy(const net::Client& c) const {
        std::vector<std::string> names;
        for (const net::RemoteEntity& e : c.view(now_)) {
            if (e.kind == net::EntityKind::Avatar && e.id != c.avatarId()) names.push_back(e.name);
        }
        return names;
    }

    // Bots behave like people: walk somewhere, sit on a bench for a while, say hello.
    void driveBot(Bot& b, int index, double now) {
        b.client->update(now);
        if (!b.client->joined()) return;
        if (now >= b.nextDecision) {
            b.nextDecision = now + 1.5 + 2.5 * unit_(rng_);
            int choice = b.seatsTaken == 0 && b.chats == 0 ? index % 3 : int(unit_(rng_) * 4.0f);
            if (b.sitting) {
                b.client->releaseSeat();
                b.sitting = false;
            } else if (choice == 0 && !seats_.empty()) {
                b.client->claimSeat(seats_[std::size_t(index * 5 + b.seatsTaken) % seats_.size()]);
                b.sitting = true;
                ++b.seatsTaken;
            } else if (choice == 1 && b.chats < 3) {
                b.client->sendChat("hello from " + b.name);
                ++b.chats;
            }
            b.target = vec2(unit_(rng_) * 2 - 1, unit_(rng_) * 2 - 1) * 9.0f;  // around the benches
        }
        vec3 me = b.client->predictedPosition();
        vec2 to = b.target - vec2(me.x, me.z);
        vec2 move = b.sitting || glm::length(to) < 0.5f ? vec2(0.0f) : glm::normalize(to);
        b.client->setInput(move, false, false, std::atan2(move.x, move.y));
    }

    // Arrow keys in a window; headless, your avatar strolls in a circle.
    vec2 myInput(Runtime& rt, double now) const {
        if (!rt.window()) return vec2(std::cos(now * 0.5), std::sin(now * 0.5));
        const InputState& in = rt.window()->input();
        vec2 m(float(in.down(Key::Right)) - float(in.down(Key::Left)), float(in.down(Key::Down)) - float(in.down(Key::Up)));
        return glm::length(m) > 0.0f ? glm::normalize(m) : m;
    }

    // Mirrors what your client sees into the drawn World: an entity per avatar (name tag from
    // Avatar::displayName; the runtime draws it as a mannequin), moved every frame, removed
    // when it leaves.
    void showAvatars(World& w, CrowdAnimation& crowd, double now) {
        std::map<net::NetId, vec3> present;
        for (const net::RemoteEntity& e : me_->view(now)) {
            if (e.kind == net::EntityKind::Avatar && e.hasState && e.id != me_->avatarId()) present[e.id] = e.position;
        }
        if (me_->joined()) present[me_->avatarId()] = me_->predictedPosition();
        for (auto it = drawn_.begin(); it != drawn_.end();) {
            if (present.count(it->first)) {
                ++it;
                continue;
            }
            w.destroy(it->second);
            it = drawn_.erase(it);
        }
        for (const auto& [id, position] : present) {
            auto [it, added] = drawn_.try_emplace(id);
            if (added) it->second = makeAvatar(w, crowd, nameOf(id), id == me_->avatarId());
            w.get<Transform>(it->second)->position = position;
        }
    }

    std::string nameOf(net::NetId id) const {
        if (id == me_->avatarId()) return "you";
        for (const net::RemoteEntity& e : me_->view(now_)) {
            if (e.id == id) return e.name;
        }
        return "?";
    }

    // You wear red; the others get a look picked from their name, the same every run.
    static Entity makeAvatar(World& w, CrowdAnimation& crowd, const std::string& name, bool mine) {
        Entity a = w.create(name);
        w.add<Avatar>(a, Avatar{.displayName = name});
        AvatarLook look;
        std::size_t h = std::hash<std::string>{}(name);
        look.body = kBodyPresets[h % kBodyPresets.size()];
        look.top = mine ? vec3(0.75f, 0.06f, 0.05f) : vec3(float(h >> 8 & 255), float(h >> 16 & 255), float(h >> 24 & 255)) / 300.0f;
        crowd.setLook(w.stableId(a), look);
        return a;
    }

    World serverWorld_;
    std::vector<StableId> seats_;
    std::unique_ptr<net::Server> server_;
    std::vector<Bot> bots_;
    std::unique_ptr<net::Client> me_;
    std::map<net::NetId, Entity> drawn_;
    Entity screen_;
    Canvas chatCanvas_{320, 180};
    std::uint64_t frames_ = 0;
    std::chrono::steady_clock::time_point begin_;
    double now_ = 0.0;
    std::mt19937 rng_{2026};
    std::uniform_real_distribution<float> unit_{0.0f, 1.0f};
};

}  // namespace

int main(int argc, char** argv) {
    Plaza sample;
    return runSample(argc, argv, "atrium-sample-plaza", ATRIUM_SAMPLE_VENUE, sample);
}
