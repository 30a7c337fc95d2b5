// Voice messages (voice.hpp): a frame is a length and opaque bytes, byte-aligned so the server
// copies it into each listener's message with one memcpy.
#include "atrium/net/protocol.hpp"
#include "atrium/net/voice.hpp"

namespace atrium::net {

std::vector<std::uint8_t> encodeVoiceSend(std::uint16_t sequence, bool announcement, std::span<const std::uint8_t> frame) {
    BitWriter w = beginMessage(MessageType::VoiceSend);
    w.write(sequence, 16);
    w.writeBool(announcement);
    w.align();
    w.writeVarint(std::uint32_t(frame.size()));
    w.writeBytes(frame);
    return w.release();
}

VoiceSendRead readVoiceSend(BitReader& r) {
    VoiceSendMsg m;
    m.sequence = std::uint16_t(r.read(16));
    m.announcement = r.readBool();
    r.align();
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n == 0) return {};
    if (n > kMaxVoiceFrameBytes) return {std::nullopt, VoiceReadError::Oversized};
    m.frame.resize(n);
    if (!r.readBytes(m.frame)) return {};
    return {std::move(m)};
}

std::vector<std::uint8_t> encodeVoicePacket(const VoicePacket& h, std::span<const std::uint8_t> frame) {
    BitWriter w = beginMessage(MessageType::VoicePacket);
    w.reserve(frame.size() + 16);
    w.writeVarint(h.speaker);
    w.write(h.avatar, 16);
    w.write(h.sequence, 16);
    w.writeBool(h.stage);
    w.writeBool(h.announcement);
    w.align();
    w.writeVarint(std::uint32_t(frame.size()));
    w.writeBytes(frame);
    return w.release();
}

std::optional<VoicePacket> readVoicePacket(BitReader& r) {
    VoicePacket p;
    p.speaker = r.readVarint();
    p.avatar = NetId(r.read(16));
    p.sequence = std::uint16_t(r.read(16));
    p.stage = r.readBool();
    p.announcement = r.readBool();
    r.align();
    std::uint32_t n = r.readVarint();
    if (!r.ok() || n == 0 || n > kMaxVoiceFrameBytes) return std::nullopt;
    p.frame.resize(n);
    if (!r.readBytes(p.frame)) return std::nullopt;
    return p;
}

std::vector<std::uint8_t> encodeVoiceMute(bool muted) {
    BitWriter w = beginMessage(MessageType::VoiceMute);
    w.writeBool(muted);
    return w.release();
}

std::optional<bool> readVoiceMute(BitReader& r) {
    bool muted = r.readBool();
    if (!r.ok()) return std::nullopt;
    return muted;
}

std::vector<std::uint8_t> encodeSetRole(std::uint32_t clientId, Role role) {
    BitWriter w = beginMessage(MessageType::SetRole);
    w.write(clientId, 32);
    w.write(std::uint32_t(role), 2);
    return w.release();
}

std::optional<SetRoleMsg> readSetRole(BitReader& r) {
    SetRoleMsg m;
    m.clientId = r.read(32);
    std::uint32_t role = r.read(2);
    if (!r.ok() || role > std::uint32_t(Role::Host)) return std::nullopt;
    m.role = Role(role);
    return m;
}

}  // namespace atrium::net
