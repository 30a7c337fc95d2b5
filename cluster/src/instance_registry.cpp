#include "atrium/cluster/instance_registry.hpp"

#include <algorithm>

namespace atrium::cluster {

namespace {
constexpr double kPendingSeconds = 5.0;  // a client sent to an instance has joined it by then
}

Status InstanceRegistry::report(const InstanceReport& r, double now) {
    if (r.id.empty()) return Error{"instance report: \"id\" is empty"};
    if (r.host.empty()) return Error{"instance report " + r.id + ": \"host\" is empty"};
    if (r.port == 0) return Error{"instance report " + r.id + ": \"port\" must be from 1 to 65535"};
    InstanceState& s = instances_[r.id];
    if (!s.registered) {
        s.registered = true;
        s.admittedAtRegistration = r.admitted;
    }
    s.report = r;
    s.lastSeen = now;
    if (r.admitted > 0) {
        // Those admitted since registration are in the load: the oldest sent are the ones in.
        const std::uint64_t in = r.admitted - std::min(r.admitted, s.admittedAtRegistration);
        const std::uint64_t outstanding = s.placed > in ? s.placed - in : 0;
        if (s.pendingSince.size() > outstanding)
            s.pendingSince.erase(s.pendingSince.begin(), s.pendingSince.end() - std::ptrdiff_t(outstanding));
    } else {
        // No count: assume whoever was sent over a second ago is in the load.
        std::erase_if(s.pendingSince, [&](double t) { return now - t > 1.0; });
    }
    return Ok{};
}

Status InstanceRegistry::drain(const std::string& id) {
    auto it = instances_.find(id);
    if (it == instances_.end()) return Error{"drain: no instance \"" + id + "\""};
    it->second.draining = true;
    return Ok{};
}

bool InstanceRegistry::draining(const std::string& id) const {
    auto it = instances_.find(id);
    return it != instances_.end() && it->second.draining;
}

void InstanceRegistry::remove(const std::string& id) {
    instances_.erase(id);
    std::erase_if(groups_, [&](const auto& g) { return g.second == id; });
}

bool InstanceRegistry::usable(const InstanceState& s, double now) const {
    return s.report.healthy && !s.draining && now - s.lastSeen <= timeout_ && s.effectiveLoad() < s.report.capacity;
}

void InstanceRegistry::expirePending(double now) {
    for (auto& [id, s] : instances_) std::erase_if(s.pendingSince, [&](double t) { return now - t > kPendingSeconds; });
}

Result<std::string> InstanceRegistry::place(const JoinRequest& request, double now) {
    expirePending(now);
    auto ok = [&](const std::string& id) {
        auto it = instances_.find(id);
        return it != instances_.end() && id != request.avoid && usable(it->second, now);
    };
    std::string chosen;
    if (request.role != net::Role::Attendee) {
        for (const auto& [id, s] : instances_) {
            if (s.report.stage && ok(id)) chosen = id;
        }
    }
    if (chosen.empty() && !request.friendUserId.empty()) {
        char* end = nullptr;
        const std::uint64_t friendId = std::strtoull(request.friendUserId.c_str(), &end, 10);
        if (auto it = userPlace_.find(friendId); it != userPlace_.end() && ok(it->second)) chosen = it->second;
    }
    if (chosen.empty() && !request.group.empty()) {
        if (auto it = groups_.find(request.group); it != groups_.end() && ok(it->second)) chosen = it->second;
    }
    if (chosen.empty()) {
        double best = 2.0;
        for (const auto& [id, s] : instances_) {
            if (!ok(id)) continue;
            const double fill = double(s.effectiveLoad()) / double(std::max<std::uint32_t>(s.report.capacity, 1));
            // Attendees fill the stage instance last: presenters need its room.
            const double score = fill + (s.report.stage && request.role == net::Role::Attendee ? 0.5 : 0.0);
            if (score < best) {
                best = score;
                chosen = id;
            }
        }
    }
    if (chosen.empty()) {
        std::size_t up = 0;
        for (const auto& [id, s] : instances_) up += now - s.lastSeen <= timeout_ && s.report.healthy && !s.draining;
        return Error{"no instance has room (" + std::to_string(up) + " of " + std::to_string(instances_.size()) + " up and admitting)"};
    }
    instances_[chosen].pendingSince.push_back(now);
    ++instances_[chosen].placed;
    if (!request.group.empty()) groups_[request.group] = chosen;
    userPlace_[request.userId] = chosen;
    return chosen;
}

std::optional<InstanceState> InstanceRegistry::instance(const std::string& id) const {
    auto it = instances_.find(id);
    if (it == instances_.end()) return std::nullopt;
    return it->second;
}

std::vector<InstanceState> InstanceRegistry::instances() const {
    std::vector<InstanceState> out;
    for (const auto& [id, s] : instances_) out.push_back(s);
    return out;
}

std::optional<std::string> InstanceRegistry::instanceOf(std::uint64_t userId) const {
    auto it = userPlace_.find(userId);
    if (it == userPlace_.end()) return std::nullopt;
    return it->second;
}

}  // namespace atrium::cluster
