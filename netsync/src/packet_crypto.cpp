#include "packet_crypto.hpp"

#include <sodium.h>

#include <cstring>
#include <mutex>

namespace atrium::net {
namespace {

int sequenceBytes(std::uint64_t sequence) {
    int n = 1;
    while (n < 8 && (sequence >> (8 * n)) != 0) ++n;
    return n;
}

// Associated data: the protocol id (so packets of another deployment never open) and the
// prefix (so a packet's type cannot be changed in flight).
std::array<std::uint8_t, 9> associatedData(std::uint8_t prefix, std::uint64_t protocolId) {
    std::array<std::uint8_t, 9> ad{};
    for (int i = 0; i < 8; ++i) ad[std::size_t(i)] = std::uint8_t(protocolId >> (8 * i));
    ad[8] = prefix;
    return ad;
}

std::array<std::uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> sequenceNonce(std::uint64_t sequence) {
    std::array<std::uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> nonce{};
    for (int i = 0; i < 8; ++i) nonce[std::size_t(4 + i)] = std::uint8_t(sequence >> (8 * i));
    return nonce;
}

}  // namespace

bool ensureSodium() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] { ok = sodium_init() >= 0; });
    return ok;
}

std::size_t sealedOverhead(std::uint64_t sequence) { return 1 + std::size_t(sequenceBytes(sequence)) + kMacBytes; }

std::vector<std::uint8_t> sealPacket(PacketType type, std::uint64_t sequence, std::span<const std::uint8_t> payload, const SessionKey& key,
                                     std::uint64_t protocolId) {
    const int seqBytes = sequenceBytes(sequence);
    const auto prefix = std::uint8_t(std::uint8_t(type) | (seqBytes << 4));
    std::vector<std::uint8_t> out(1 + std::size_t(seqBytes) + payload.size() + kMacBytes);
    out[0] = prefix;
    for (int i = 0; i < seqBytes; ++i) out[std::size_t(1 + i)] = std::uint8_t(sequence >> (8 * i));
    const auto ad = associatedData(prefix, protocolId);
    const auto nonce = sequenceNonce(sequence);
    unsigned long long written = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + 1 + seqBytes, &written, payload.data(), payload.size(), ad.data(), ad.size(), nullptr,
                                              nonce.data(), key.data());
    return out;
}

std::optional<OpenedPacket> openPacket(std::span<const std::uint8_t> datagram, const SessionKey& key, std::uint64_t protocolId) {
    if (datagram.empty()) return std::nullopt;
    const std::uint8_t prefix = datagram[0];
    const int type = prefix & 0x0F;
    const int seqBytes = prefix >> 4;
    if (type >= int(PacketType::Count) || seqBytes < 1 || seqBytes > 8) return std::nullopt;
    if (datagram.size() < 1 + std::size_t(seqBytes) + kMacBytes) return std::nullopt;
    OpenedPacket p;
    p.type = PacketType(type);
    for (int i = 0; i < seqBytes; ++i) p.sequence |= std::uint64_t(datagram[std::size_t(1 + i)]) << (8 * i);
    const auto ad = associatedData(prefix, protocolId);
    const auto nonce = sequenceNonce(p.sequence);
    const std::span<const std::uint8_t> sealed = datagram.subspan(1 + std::size_t(seqBytes));
    p.payload.resize(sealed.size() - kMacBytes);
    unsigned long long written = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(p.payload.data(), &written, nullptr, sealed.data(), sealed.size(), ad.data(), ad.size(),
                                                  nonce.data(), key.data()) != 0) {
        return std::nullopt;
    }
    return p;
}

bool ReplayWindow::alreadyReceived(std::uint64_t sequence) const {
    if (sequence + kSize <= newest_) return true;  // too old to tell apart from a replay
    const std::uint64_t slot = seen_[sequence % kSize];
    return slot != kEmpty && slot >= sequence;
}

void ReplayWindow::accept(std::uint64_t sequence) {
    if (sequence > newest_) newest_ = sequence;
    seen_[sequence % kSize] = sequence;
}

std::vector<std::uint8_t> sealHandshake(PacketType type, std::span<const std::uint8_t> payload, const SessionKey& key,
                                        std::uint64_t protocolId) {
    constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    const auto prefix = std::uint8_t(type);
    std::vector<std::uint8_t> out(1 + kNonce + payload.size() + kMacBytes);
    out[0] = prefix;
    randombytes_buf(out.data() + 1, kNonce);
    const auto ad = associatedData(prefix, protocolId);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + 1 + kNonce, &written, payload.data(), payload.size(), ad.data(), ad.size(), nullptr,
                                               out.data() + 1, key.data());
    return out;
}

std::optional<std::vector<std::uint8_t>> openHandshake(std::span<const std::uint8_t> datagram, PacketType type, const SessionKey& key,
                                                       std::uint64_t protocolId) {
    constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (datagram.size() < 1 + kNonce + kMacBytes || datagram[0] != std::uint8_t(type)) return std::nullopt;
    const auto ad = associatedData(datagram[0], protocolId);
    std::vector<std::uint8_t> plain(datagram.size() - 1 - kNonce - kMacBytes);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr, datagram.data() + 1 + kNonce, datagram.size() - 1 - kNonce,
                                                   ad.data(), ad.size(), datagram.data() + 1, key.data()) != 0) {
        return std::nullopt;
    }
    return plain;
}

}  // namespace atrium::net
