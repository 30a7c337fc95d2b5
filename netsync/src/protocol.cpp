#include "atrium/net/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "wire_fields.hpp"

namespace atrium::net {
namespace {

void writeString(BitWriter& w, const std::string& s, std::size_t maxBytes) {
    std::size_t n = std::min(s.size(), maxBytes);
    w.writeVarint(std::uint32_t(n));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(s.data()), n});
}

// Move directions to 8 bits per axis, yaw to 10 bits: inputs are sent 60 times a second.
std::uint32_t packUnit(float v, int bits) {
    float t = (std::clamp(v, -1.0f, 1.0f) + 1.0f) * 0.5f;
    return std::uint32_t(std::lround(t * float((1 << bits) - 1)));
}
float unpackUnit(std::uint32_t q, int bits) { return float(q) / float((1 << bits) - 1) * 2.0f - 1.0f; }

}  // namespace

void writeMessageHeader(BitWriter& w, MessageType type) {
    w.write(kProtocolMagic, 16);
    w.write(std::uint8_t(type), 8);
}

BitWriter beginMessage(MessageType type) {
    BitWriter w;
    writeMessageHeader(w, type);
    return w;
}

std::vector<std::uint8_t> encodeJoin(const std::string& token, std::uint32_t version) {
    BitWriter w = beginMessage(MessageType::Join);
    writeString(w, token, 4096);
    w.writeVarint(version);
    return w.bytes();
}

std::optional<JoinRequest> readJoin(BitReader& r) {
    JoinRequest m;
    auto token = readText(r, 4096);
    if (!token) return std::nullopt;
    m.token = std::move(*token);
    // Version 1 ended with the token: nothing (or only padding) after it.
    if (r.bitsLeft() >= 8) {
        m.version = r.readVarint();
        if (!r.ok()) return std::nullopt;
    }
    return m;
}

std::vector<std::uint8_t> encodeText(MessageType type, const std::string& text) {
    BitWriter w = beginMessage(type);
    writeString(w, text, kMaxPacketBytes - 16);
    return w.bytes();
}

std::vector<std::uint8_t> encodeJoinAccept(const JoinAccept& m) {
    BitWriter w = beginMessage(MessageType::JoinAccept);
    w.write(m.clientId, 32);
    w.write(m.avatar, 16);
    for (int a = 0; a < 3; ++a) writeFloat(w, m.bounds.min[a]);
    for (int a = 0; a < 3; ++a) writeFloat(w, m.bounds.max[a]);
    writeFloat(w, m.snapshotRate);
    w.write(std::uint8_t(m.role), 2);
    // Added after the role, in what used to be the last byte's zero padding: a client from
    // before reads nothing more, and this client reads a server from before as "no physics".
    w.writeBool(m.characterPhysics);
    return w.bytes();
}

namespace {
struct PackedInput {
    std::uint32_t moveX, moveY, yaw;
};

PackedInput packInput(const AvatarInput& in) {
    return {packUnit(in.move.x, 8), packUnit(in.move.y, 8), packUnit(std::remainder(in.yaw, 2.0f * 3.14159265f) / 3.14159265f, 10)};
}

void unpackInput(const PackedInput& p, AvatarInput& in) {
    in.move.x = unpackUnit(p.moveX, 8);
    in.move.y = unpackUnit(p.moveY, 8);
    in.yaw = unpackUnit(p.yaw, 10) * 3.14159265f;
    if (glm::length(in.move) > 1.0f) in.move = glm::normalize(in.move);  // no speed hacks
    if (std::abs(in.move.x) < 0.01f) in.move.x = 0.0f;                   // 8-bit centre is not exactly 0
    if (std::abs(in.move.y) < 0.01f) in.move.y = 0.0f;
}
}  // namespace

AvatarInput asReceived(const AvatarInput& in) {
    AvatarInput out = in;
    unpackInput(packInput(in), out);
    return out;
}

std::vector<std::uint8_t> encodeInputs(std::uint16_t ackedSnapshot, bool hasAck, const std::vector<AvatarInput>& newestFirst) {
    BitWriter w = beginMessage(MessageType::Input);
    w.writeBool(hasAck);
    w.write(ackedSnapshot, 16);
    std::size_t n = std::min<std::size_t>(newestFirst.size(), 8);
    w.write(std::uint32_t(n), 4);
    for (std::size_t i = 0; i < n; ++i) {
        const AvatarInput& in = newestFirst[i];
        PackedInput p = packInput(in);
        w.write(in.sequence, 16);
        w.write(p.moveX, 8);
        w.write(p.moveY, 8);
        w.write(p.yaw, 10);
        w.writeBool(in.run);
        w.writeBool(in.jump);
    }
    return w.bytes();
}

std::vector<std::uint8_t> encodeSpawn(const SpawnInfo& m) {
    BitWriter w = beginMessage(MessageType::Spawn);
    w.write(m.id, 16);
    w.write(std::uint8_t(m.kind), 2);
    w.write(m.owner, 32);
    writeId(w, m.stableId);
    writeString(w, m.name, 64);
    return w.bytes();
}

std::vector<std::uint8_t> encodeDespawn(NetId id) {
    BitWriter w = beginMessage(MessageType::Despawn);
    w.write(id, 16);
    return w.bytes();
}

std::vector<std::uint8_t> encodeChatLine(const ChatLine& m) {
    BitWriter w = beginMessage(MessageType::ChatMessage);
    w.write(m.sequence, 32);
    w.write(m.from, 32);
    writeString(w, m.name, 64);
    writeString(w, m.text, kMaxChatBytes);
    return w.bytes();
}

std::vector<std::uint8_t> encodeSeat(MessageType type, StableId seat) {
    BitWriter w = beginMessage(type);
    writeId(w, seat);
    return w.bytes();
}

std::vector<std::uint8_t> encodeSeatState(const SeatStateMsg& m) {
    BitWriter w = beginMessage(MessageType::SeatState);
    writeId(w, m.seat);
    w.write(m.occupant, 32);
    return w.bytes();
}

double MediaStateMsg::positionAt(double serverSeconds) const {
    if (!playing) return position;
    return std::max(0.0, position + (serverSeconds - double(tick) / kMediaTickRate));
}

std::vector<std::uint8_t> encodeMedia(const MediaStateMsg& m) {
    BitWriter w = beginMessage(MessageType::MediaState);
    writeId(w, m.screen);
    w.write(m.page, 32);
    w.writeBool(m.playing);
    writeString(w, m.source, kMaxMediaSourceBytes);
    writeDouble(w, m.position);
    w.write(m.tick, 32);
    writeFloat(w, m.volume);
    return w.bytes();
}

std::vector<std::uint8_t> encodeMediaControl(const MediaControlMsg& m) {
    BitWriter w = beginMessage(MessageType::MediaControl);
    writeId(w, m.screen);
    w.write(std::uint32_t(m.action), 8);
    writeDouble(w, m.seconds);
    w.write(m.page, 32);
    writeFloat(w, m.volume);
    writeString(w, m.source, kMaxMediaSourceBytes);
    return w.bytes();
}

std::vector<std::uint8_t> encodeClientAction(MessageType type, std::uint32_t clientId) {
    BitWriter w = beginMessage(type);
    w.write(clientId, 32);
    return w.bytes();
}

std::vector<std::uint8_t> encodeEdit(const EditMsg& m) {
    BitWriter w = beginMessage(MessageType::Edit);
    writeId(w, m.entity);
    for (int a = 0; a < 3; ++a) writeFloat(w, m.position[a]);
    writeFloat(w, m.rotation.x);
    writeFloat(w, m.rotation.y);
    writeFloat(w, m.rotation.z);
    writeFloat(w, m.rotation.w);
    return w.bytes();
}

std::vector<std::vector<std::uint8_t>> packBatches(std::span<const std::span<const std::uint8_t>> messages) {
    std::vector<std::vector<std::uint8_t>> packets;
    std::size_t i = 0;
    while (i < messages.size()) {
        // A message that fills a packet alone goes as it is.
        if (messages[i].size() + 8 > kMaxPacketBytes) {
            packets.emplace_back(messages[i].begin(), messages[i].end());
            ++i;
            continue;
        }
        std::size_t size = 3 + 3, n = 0;  // header + count
        while (i + n < messages.size() && size + messages[i + n].size() + 2 <= kMaxPacketBytes && n < 255) {
            size += messages[i + n].size() + 2;
            ++n;
        }
        if (n == 1) {
            packets.emplace_back(messages[i].begin(), messages[i].end());
            ++i;
            continue;
        }
        BitWriter w = beginMessage(MessageType::Batch);
        w.writeVarint(std::uint32_t(n));
        for (std::size_t k = 0; k < n; ++k) {
            w.writeVarint(std::uint32_t(messages[i + k].size()));
            w.writeBytes(messages[i + k]);
        }
        packets.push_back(w.bytes());
        i += n;
    }
    return packets;
}

std::vector<std::vector<std::uint8_t>> packBatches(const std::vector<std::vector<std::uint8_t>>& messages) {
    std::vector<std::span<const std::uint8_t>> views(messages.begin(), messages.end());
    return packBatches(std::span<const std::span<const std::uint8_t>>(views));
}

std::optional<std::vector<std::vector<std::uint8_t>>> readBatch(BitReader& r) {
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n > 255) return std::nullopt;
    std::vector<std::vector<std::uint8_t>> out;
    for (std::uint32_t k = 0; k < n; ++k) {
        std::uint32_t len = r.readVarint();
        if (!r.ok() || len > kMaxPacketBytes) return std::nullopt;
        std::vector<std::uint8_t> m(len);
        if (!r.readBytes(m)) return std::nullopt;
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<MessageType> readHeader(BitReader& r) {
    std::uint32_t magic = r.read(16), type = r.read(8);
    if (!r.ok() || magic != kProtocolMagic || type < 1 || type >= std::uint32_t(MessageType::End)) return std::nullopt;
    return MessageType(type);
}

std::optional<std::string> readText(BitReader& r, std::size_t maxBytes) {
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n > maxBytes) return std::nullopt;
    std::string s(n, '\0');
    if (!r.readBytes({reinterpret_cast<std::uint8_t*>(s.data()), n})) return std::nullopt;
    return s;
}

std::optional<JoinAccept> readJoinAccept(BitReader& r) {
    JoinAccept m;
    m.clientId = r.read(32);
    m.avatar = NetId(r.read(16));
    for (int a = 0; a < 3; ++a) m.bounds.min[a] = readFloat(r);
    for (int a = 0; a < 3; ++a) m.bounds.max[a] = readFloat(r);
    m.snapshotRate = readFloat(r);
    std::uint32_t role = r.read(2);
    if (!r.ok() || role > 2 || m.snapshotRate <= 0.0f) return std::nullopt;
    m.role = Role(role);
    m.characterPhysics = r.bitsLeft() > 0 && r.readBool();
    return m;
}

std::optional<InputPacket> readInputs(BitReader& r) {
    InputPacket p;
    p.hasAck = r.readBool();
    p.ackedSnapshot = std::uint16_t(r.read(16));
    std::uint32_t n = r.read(4);
    if (!r.ok() || n > 8) return std::nullopt;
    for (std::uint32_t i = 0; i < n; ++i) {
        AvatarInput in;
        in.sequence = std::uint16_t(r.read(16));
        PackedInput packed;
        packed.moveX = r.read(8);
        packed.moveY = r.read(8);
        packed.yaw = r.read(10);
        unpackInput(packed, in);
        in.run = r.readBool();
        in.jump = r.readBool();
        p.newestFirst.push_back(in);
    }
    if (!r.ok()) return std::nullopt;
    return p;
}

std::optional<SpawnInfo> readSpawn(BitReader& r) {
    SpawnInfo m;
    m.id = NetId(r.read(16));
    std::uint32_t kind = r.read(2);
    m.owner = r.read(32);
    m.stableId = readId(r);
    auto name = readText(r, 64);
    if (!r.ok() || !name || kind > 1) return std::nullopt;
    m.kind = EntityKind(kind);
    m.name = *name;
    return m;
}

std::optional<NetId> readDespawn(BitReader& r) {
    NetId id = NetId(r.read(16));
    return r.ok() ? std::optional<NetId>(id) : std::nullopt;
}

std::optional<ChatLine> readChatLine(BitReader& r) {
    ChatLine m;
    m.sequence = r.read(32);
    m.from = r.read(32);
    auto name = readText(r, 64);
    auto text = name ? readText(r, kMaxChatBytes) : std::nullopt;
    if (!r.ok() || !text) return std::nullopt;
    m.name = *name;
    m.text = *text;
    return m;
}

std::optional<StableId> readSeat(BitReader& r) {
    StableId id = readId(r);
    return r.ok() ? std::optional<StableId>(id) : std::nullopt;
}

std::optional<SeatStateMsg> readSeatState(BitReader& r) {
    SeatStateMsg m;
    m.seat = readId(r);
    m.occupant = r.read(32);
    return r.ok() ? std::optional<SeatStateMsg>(m) : std::nullopt;
}

std::optional<MediaStateMsg> readMedia(BitReader& r) {
    MediaStateMsg m;
    m.screen = readId(r);
    m.page = r.read(32);
    m.playing = r.readBool();
    auto source = readText(r, kMaxMediaSourceBytes);
    if (!source) return std::nullopt;
    m.source = std::move(*source);
    m.position = readDouble(r);
    m.tick = r.read(32);
    m.volume = readFloat(r);
    if (!r.ok() || m.position < 0.0 || m.volume < 0.0f || m.volume > 1.0f) return std::nullopt;
    return m;
}

std::optional<MediaControlMsg> readMediaControl(BitReader& r) {
    MediaControlMsg m;
    m.screen = readId(r);
    const std::uint32_t action = r.read(8);
    if (action > std::uint32_t(MediaAction::SetSource)) return std::nullopt;
    m.action = MediaAction(action);
    m.seconds = readDouble(r);
    m.page = r.read(32);
    m.volume = readFloat(r);
    auto source = readText(r, kMaxMediaSourceBytes);
    if (!source || !r.ok() || m.seconds < 0.0) return std::nullopt;
    m.source = std::move(*source);
    return m;
}

std::optional<std::uint32_t> readClientAction(BitReader& r) {
    std::uint32_t id = r.read(32);
    return r.ok() ? std::optional<std::uint32_t>(id) : std::nullopt;
}

std::optional<EditMsg> readEdit(BitReader& r) {
    EditMsg m;
    m.entity = readId(r);
    for (int a = 0; a < 3; ++a) m.position[a] = readFloat(r);
    m.rotation.x = readFloat(r);
    m.rotation.y = readFloat(r);
    m.rotation.z = readFloat(r);
    m.rotation.w = readFloat(r);
    if (!r.ok() || glm::length(m.rotation) < 1e-3f) return std::nullopt;
    m.rotation = glm::normalize(m.rotation);
    return m;
}

void stepAvatar(AvatarMotion& m, const AvatarInput& input, float dt, float groundY, const Aabb& bounds) {
    constexpr float kWalk = 1.6f, kRun = 4.0f, kJump = 4.5f, kGravity = 9.81f;
    float speed = input.run ? kRun : kWalk;
    m.position.x += input.move.x * speed * dt;
    m.position.z += input.move.y * speed * dt;
    m.yaw = input.yaw;
    bool grounded = m.position.y <= groundY + 1e-4f;
    if (input.jump && grounded) m.verticalSpeed = kJump;
    if (!grounded || m.verticalSpeed > 0.0f) {
        m.verticalSpeed -= kGravity * dt;
        m.position.y += m.verticalSpeed * dt;
    }
    if (m.position.y <= groundY) {
        m.position.y = groundY;
        m.verticalSpeed = 0.0f;
    }
    m.position = glm::clamp(m.position, bounds.min, bounds.max);
}

}  // namespace atrium::net
