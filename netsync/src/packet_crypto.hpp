#pragma once
// The authenticated packet layer of the transport (netcode.io's model): every datagram after
// the handshake is ChaCha20-Poly1305-IETF encrypted under its direction's session key, the
// packet's 64-bit sequence as the nonce, the prefix byte and the protocol id as associated
// data. A sequence is used once per key, and the receiver's replay window refuses one it has
// seen or one too old to tell, so a captured datagram replayed, or one forged without the
// key, has no effect at all.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace atrium::net {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kMacBytes = 16;
using SessionKey = std::array<std::uint8_t, kKeyBytes>;

// The first byte of every datagram: the packet type (low 4 bits) and, for sealed packets, how
// many bytes of sequence follow (high 4 bits).
enum class PacketType : std::uint8_t {
    ConnectionRequest = 0,  // plaintext outer, the sealed private token inside; fixed size
    Denied = 1,             // server to client, sealed with the token's server-to-client key
    Challenge = 2,          // server to client: the cookie, sealed with the server-to-client key
    Response = 3,           // client to server: the cookie back, and proof it holds the keys
    KeepAlive = 4,          // sealed; the first one tells a client it is connected
    Payload = 5,            // sealed; the reliable endpoint's packet
    Disconnect = 6,         // sealed; sent several times
    Count
};

// False when libsodium cannot start (no entropy source): nothing in the transport works then.
bool ensureSodium();

// A sealed packet: [prefix][sequence, 1-8 bytes little-endian][ciphertext][16-byte tag].
std::vector<std::uint8_t> sealPacket(PacketType type, std::uint64_t sequence, std::span<const std::uint8_t> payload, const SessionKey& key,
                                     std::uint64_t protocolId);

struct OpenedPacket {
    PacketType type = PacketType::Payload;
    std::uint64_t sequence = 0;
    std::vector<std::uint8_t> payload;
};
// Nullopt for anything not sealed by `key` for `protocolId`: truncated, tampered, forged.
std::optional<OpenedPacket> openPacket(std::span<const std::uint8_t> datagram, const SessionKey& key, std::uint64_t protocolId);

// The bytes a sealed packet adds to its payload, for a sequence of this value.
std::size_t sealedOverhead(std::uint64_t sequence);

// netcode.io's replay protection: the newest sequence seen and a window of the 256 before it.
class ReplayWindow {
public:
    static constexpr std::size_t kSize = 256;
    // True if `sequence` was already accepted or is older than the window can remember.
    bool alreadyReceived(std::uint64_t sequence) const;
    // Call only once the packet has been authenticated: a forgery must not move the window.
    void accept(std::uint64_t sequence);

private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
    std::uint64_t newest_ = 0;
    std::array<std::uint64_t, kSize> seen_ = filled();
    static std::array<std::uint64_t, kSize> filled() {
        std::array<std::uint64_t, kSize> a{};
        a.fill(kEmpty);
        return a;
    }
};

// A handshake packet (denied, challenge): XChaCha20-Poly1305 with a random 24-byte nonce, so it
// never shares a nonce with the session's sequenced packets under the same key.
std::vector<std::uint8_t> sealHandshake(PacketType type, std::span<const std::uint8_t> payload, const SessionKey& key, std::uint64_t protocolId);
std::optional<std::vector<std::uint8_t>> openHandshake(std::span<const std::uint8_t> datagram, PacketType type, const SessionKey& key,
                                                       std::uint64_t protocolId);

}  // namespace atrium::net
