// The show messages' wire format (show_protocol.hpp): fixed-width fields, every enumeration and
// float checked on reading, so a malformed change is refused rather than half-applied.
#include "atrium/net/show_protocol.hpp"

#include <cmath>
#include <cstring>

#include "atrium/net/protocol.hpp"
#include "wire_fields.hpp"

namespace atrium::net {
namespace {

void writeText(BitWriter& w, const std::string& s, std::size_t maxBytes) {
    // Cut short, a name or URL would mean something else: one too long goes as none.
    const std::size_t n = s.size() <= maxBytes ? s.size() : 0;
    w.writeVarint(std::uint32_t(n));
    w.writeBytes({reinterpret_cast<const std::uint8_t*>(s.data()), n});
}
template <typename E>
std::optional<E> readEnum(BitReader& r, E last) {
    const std::uint32_t v = r.read(8);
    if (!r.ok() || v > std::uint32_t(last)) return std::nullopt;
    return E(v);
}

}  // namespace

std::vector<std::uint8_t> encodeUse(StableId interactable) {
    BitWriter w = beginMessage(MessageType::Use);
    writeId(w, interactable);
    return w.bytes();
}

std::optional<StableId> readUse(BitReader& r) {
    const StableId id = readId(r);
    return r.ok() && id.valid() ? std::optional<StableId>(id) : std::nullopt;
}

std::vector<std::uint8_t> encodeCue(const std::string& name) {
    BitWriter w = beginMessage(MessageType::Cue);
    writeText(w, name, kMaxCueBytes);
    return w.bytes();
}

std::optional<std::string> readCue(BitReader& r) {
    auto name = readText(r, kMaxCueBytes);
    return name && !name->empty() ? name : std::nullopt;
}

std::vector<std::uint8_t> encodeShowChange(const ShowChangeMsg& m) {
    BitWriter w = beginMessage(MessageType::ShowChange);
    const ShowAction& a = m.action;
    w.write(m.serverTick, 32);
    w.write(std::uint32_t(a.kind), 8);
    writeId(w, a.target);
    for (int i = 0; i < 3; ++i) writeFloat(w, a.value[i]);
    writeFloat(w, a.amount);
    writeFloat(w, a.seconds);
    w.write(std::uint32_t(a.easing), 8);
    writeText(w, a.text, kMaxShowTextBytes);
    return w.bytes();
}

std::optional<ShowChangeMsg> readShowChange(BitReader& r) {
    ShowChangeMsg m;
    m.serverTick = r.read(32);
    auto kind = readEnum(r, ShowAction::Kind::OpenUrl);
    if (!kind) return std::nullopt;
    ShowAction& a = m.action;
    a.kind = *kind;
    a.target = readId(r);
    for (int i = 0; i < 3; ++i) a.value[i] = readFloat(r);
    a.amount = readFloat(r);
    a.seconds = readFloat(r);
    auto easing = readEnum(r, Easing::Step);
    auto text = readText(r, kMaxShowTextBytes);
    if (!easing || !text || !r.ok() || a.seconds < 0.0f) return std::nullopt;
    a.easing = *easing;
    a.text = std::move(*text);
    return m;
}

std::vector<std::uint8_t> encodeShowEffect(const ShowEffectMsg& m) {
    BitWriter w = beginMessage(MessageType::ShowEffect);
    w.write(m.serverTick, 32);
    w.write(std::uint32_t(m.kind), 8);
    writeId(w, m.target);
    writeFloat(w, m.seconds);
    writeText(w, m.text, kMaxShowTextBytes);
    return w.bytes();
}

std::optional<ShowEffectMsg> readShowEffect(BitReader& r) {
    ShowEffectMsg m;
    m.serverTick = r.read(32);
    auto kind = readEnum(r, ShowEffect::Kind::OpenUrl);
    if (!kind) return std::nullopt;
    m.kind = *kind;
    m.target = readId(r);
    m.seconds = readFloat(r);
    auto text = readText(r, kMaxShowTextBytes);
    if (!text || !r.ok()) return std::nullopt;
    m.text = std::move(*text);
    return m;
}

}  // namespace atrium::net
