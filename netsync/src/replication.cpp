#include "replication.hpp"

#include <algorithm>

namespace atrium::net {
namespace {
// An entity that has just come to rest gets this much more priority for a second: its final
// pose must reach everyone soon, or late and lossy clients keep a stale one (Fiedler).
constexpr float kJustStoppedBoost = 4.0f;
constexpr std::uint32_t kJustStoppedTicks = 60;
}  // namespace

void Replication::gatherStates(std::uint32_t tick) {
    tick_ = tick;
    world_.updateTransforms();
    const auto& replicas = replicas_.all();
    std::size_t n = replicas.empty() ? 0 : std::size_t(replicas.rbegin()->first) + 1;
    frames_.resize(n);
    for (Frame& f : frames_) f.alive = false;
    items_.clear();
    for (const auto& [id, r] : replicas) {
        const mat4& m = world_.worldMatrix(r.entity);
        vec3 p(m[3]);
        quat q = glm::quat_cast(glm::mat3(glm::normalize(vec3(m[0])), glm::normalize(vec3(m[1])), glm::normalize(vec3(m[2]))));
        EntityState now{quantizer_->quantize(p), quantizeRotation(q)};
        Frame& f = frames_[id];
        if (!(f.state == now)) f.movedAt = tick;
        f.state = now;
        f.position = p;
        f.priority = r.priority;
        f.alive = true;
        items_.push_back({id, p});
    }
    grid_.rebuild(items_);
}

std::span<const std::uint8_t> Replication::snapshot(ClientReplication& c, const SnapshotSubject& subject, double now,
                                                    std::vector<NetId>& undescribed) {
    c.nextSnapshot_ = std::max(c.nextSnapshot_ + 1.0 / config_.snapshotRate, now - 0.5);
    std::size_t budget = c.snapshotBudget(config_);
    if (budget == 0) return {};
    gatherCandidates(c, subject, undescribed);
    SnapshotHeader h{++c.snapshotSequence_, std::nullopt, tick_, subject.lastInput};
    packet_.clear();
    writeMessageHeader(packet_, MessageType::Snapshot);
    c.encoder_->encode(h, candidates_, budget, packet_);
    c.snapshotBytesTotal_ += double(packet_.byteCount());
    c.snapshotSentAt_[h.sequence % c.snapshotSentAt_.size()] = now;
    ++c.snapshots_;
    return packet_.bytes();
}

// This snapshot's candidates: the view's entities as they are now, nearer ones with more
// priority, the client's own avatar above everything (reconciliation needs it).
void Replication::gatherCandidates(ClientReplication& c, const SnapshotSubject& subject, std::vector<NetId>& undescribed) {
    ClientView& view = c.view_;
    const vec3 me = subject.position;
    if (view.ids.empty() || ++view.age >= kViewRefreshSnapshots) {
        bool selfAlive = subject.avatar < frames_.size() && frames_[subject.avatar].alive;
        chooser_.choose(grid_, {me, subject.avatar, selfAlive, config_.interestRadius, config_.maxInterest}, view, undescribed);
    }
    // Room for the whole view, filled through a plain pointer: an emplace_back per entity
    // was a third of this loop's instructions.
    candidates_.resize(view.ids.size());
    SnapshotCandidate* candidate = candidates_.data();
    for (NetId id : view.ids) {
        if (id >= frames_.size() || !frames_[id].alive) continue;  // destroyed since the view was chosen
        const Frame& f = frames_[id];
        float priority = id == subject.avatar ? 1000.0f : f.priority / (1.0f + glm::length(f.position - me) / 8.0f);
        std::uint32_t still = tick_ - f.movedAt;
        if (still > 0 && still <= kJustStoppedTicks) priority *= kJustStoppedBoost;
        // Field by field: built as a temporary, the candidate's 2-byte id store and the
        // 16-byte copy reading it back stalled store forwarding (the hottest spot of this loop).
        candidate->id = id;
        candidate->state = f.state;
        candidate->priority = priority;
        ++candidate;
    }
    candidates_.resize(std::size_t(candidate - candidates_.data()));
}

}  // namespace atrium::net
