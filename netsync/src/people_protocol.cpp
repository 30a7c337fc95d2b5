// The people messages' wire format (people.hpp): fixed-width fields, read back with every
// value range checked, so a malformed one is refused rather than half-applied.
#include "atrium/net/people.hpp"

#include "atrium/net/protocol.hpp"
#include "atrium/scene/venue_path.hpp"

namespace atrium::net {
namespace {

template <typename T>
std::optional<T> checked(const BitReader& r, T value) {
    return r.ok() ? std::optional<T>(std::move(value)) : std::nullopt;
}

void writeLook(BitWriter& w, const AvatarLookMsg& m) {
    w.write(m.bodyPreset, 8);
    for (const Srgb* c : {&m.skin, &m.top, &m.bottom, &m.shoes}) {
        for (std::uint8_t b : *c) w.write(b, 8);
    }
    // Cut short, a path would name another file: one too long goes as none (the mannequin).
    const std::size_t n = m.model.size() <= kMaxVenuePathLength ? m.model.size() : 0;
    w.writeVarint(std::uint32_t(n));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(m.model.data()), n});
}

std::optional<AvatarLookMsg> readLookBody(BitReader& r) {
    AvatarLookMsg m;
    m.bodyPreset = std::uint8_t(r.read(8));
    for (Srgb* c : {&m.skin, &m.top, &m.bottom, &m.shoes}) {
        for (std::uint8_t& b : *c) b = std::uint8_t(r.read(8));
    }
    if (m.bodyPreset >= kBodyPresets) return std::nullopt;
    // A look from before custom avatars ends here (less than a byte of padding left).
    if (r.ok() && r.bitsLeft() >= 8) {
        std::optional<std::string> model = readText(r, kMaxVenuePathLength);
        if (!model || (!model->empty() && venuePathProblem(*model))) return std::nullopt;
        m.model = std::move(*model);
    }
    return checked(r, m);
}

}  // namespace

std::vector<std::uint8_t> encodeEmote(std::uint8_t emote) {
    BitWriter w = beginMessage(MessageType::Emote);
    w.write(emote, 8);
    return w.bytes();
}

std::optional<std::uint8_t> readEmote(BitReader& r) {
    auto emote = std::uint8_t(r.read(8));
    if (emote > kMaxEmote) return std::nullopt;
    return checked(r, emote);
}

std::vector<std::uint8_t> encodeEmoteEvent(const EmoteEvent& m) {
    BitWriter w = beginMessage(MessageType::EmoteEvent);
    w.write(m.clientId, 32);
    w.write(m.avatar, 16);
    w.write(m.emote, 8);
    w.write(m.serverTick, 32);
    return w.bytes();
}

std::optional<EmoteEvent> readEmoteEvent(BitReader& r) {
    EmoteEvent m;
    m.clientId = r.read(32);
    m.avatar = NetId(r.read(16));
    m.emote = std::uint8_t(r.read(8));
    m.serverTick = r.read(32);
    if (m.emote > kMaxEmote) return std::nullopt;
    return checked(r, m);
}

std::vector<std::uint8_t> encodeLook(const AvatarLookMsg& m) {
    BitWriter w = beginMessage(MessageType::Look);
    writeLook(w, m);
    return w.bytes();
}

std::optional<AvatarLookMsg> readLook(BitReader& r) { return readLookBody(r); }

std::vector<std::uint8_t> encodeLookState(std::uint32_t clientId, const AvatarLookMsg& m) {
    BitWriter w = beginMessage(MessageType::LookState);
    w.write(clientId, 32);
    writeLook(w, m);
    return w.bytes();
}

std::optional<std::pair<std::uint32_t, AvatarLookMsg>> readLookState(BitReader& r) {
    std::uint32_t id = r.read(32);
    auto look = readLookBody(r);
    if (!look) return std::nullopt;
    return std::pair{id, *look};
}

std::vector<std::uint8_t> encodeParticipant(const Participant& m) {
    BitWriter w = beginMessage(MessageType::ParticipantState);
    w.write(m.clientId, 32);
    w.write(std::uint8_t(m.role), 2);
    w.write(m.avatar, 16);
    std::size_t n = std::min<std::size_t>(m.displayName.size(), 64);
    w.writeVarint(std::uint32_t(n));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(m.displayName.data()), n});
    return w.bytes();
}

std::optional<Participant> readParticipant(BitReader& r) {
    Participant m;
    m.clientId = r.read(32);
    std::uint32_t role = r.read(2);
    m.avatar = NetId(r.read(16));
    auto name = readText(r, 64);
    if (!r.ok() || !name || role > std::uint32_t(Role::Host)) return std::nullopt;
    m.role = Role(role);
    m.displayName = *name;
    return m;
}

std::vector<std::uint8_t> encodeParticipantLeft(std::uint32_t clientId) {
    BitWriter w = beginMessage(MessageType::ParticipantLeft);
    w.write(clientId, 32);
    return w.bytes();
}

std::optional<std::uint32_t> readParticipantLeft(BitReader& r) {
    std::uint32_t id = r.read(32);
    return checked(r, id);
}

std::vector<std::uint8_t> encodeLeave() { return beginMessage(MessageType::Leave).bytes(); }

std::string displayNameProblem(std::string_view name) {
    if (name.empty()) return "a display name cannot be empty";
    if (name.size() > kMaxDisplayNameBytes) {
        return "a display name is at most " + std::to_string(kMaxDisplayNameBytes) + " bytes (this one has " + std::to_string(name.size()) + ")";
    }
    bool visible = false;
    for (unsigned char ch : name) {
        if (ch < 0x20 || ch == 0x7f) return "a display name cannot hold control characters";
        visible |= ch != ' ';
    }
    if (!visible) return "a display name needs something besides spaces";
    return {};
}

std::vector<std::uint8_t> encodeRename(const std::string& name) { return encodeText(MessageType::Rename, name.substr(0, kMaxDisplayNameBytes)); }

std::optional<std::string> readDisplayName(BitReader& r) { return readText(r, kMaxDisplayNameBytes); }

}  // namespace atrium::net
