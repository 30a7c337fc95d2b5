#include "handshake.hpp"

#include <sodium.h>

#include <cstring>

namespace atrium::net {
namespace {

void put64(std::uint8_t* out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out[i] = std::uint8_t(v >> (8 * i));
}
std::uint64_t get64(const std::uint8_t* in) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t(in[i]) << (8 * i);
    return v;
}
std::array<std::uint8_t, 6> addressAd(const TokenAddress& a) {
    return {std::uint8_t(a.ip),       std::uint8_t(a.ip >> 8), std::uint8_t(a.ip >> 16),
            std::uint8_t(a.ip >> 24), std::uint8_t(a.port),    std::uint8_t(a.port >> 8)};
}

}  // namespace

std::vector<std::uint8_t> encodeRequest(const ConnectToken& token) {
    std::vector<std::uint8_t> out(kRequestBytes);
    std::uint8_t* p = out.data();
    *p++ = std::uint8_t(PacketType::ConnectionRequest);
    std::memcpy(p, kTransportVersion.data(), 8);
    put64(p + 8, token.protocolId);
    put64(p + 16, token.expireUnix);
    put64(p + 24, token.tokenId);
    std::memcpy(p + 32, token.nonce.data(), 24);
    std::memcpy(p + 56, token.sealedPrivate.data(), kPrivateTokenBytes);
    return out;
}

std::optional<ConnectionRequest> decodeRequest(std::span<const std::uint8_t> datagram) {
    if (datagram.size() != kRequestBytes || datagram[0] != std::uint8_t(PacketType::ConnectionRequest)) return std::nullopt;
    const std::uint8_t* p = datagram.data() + 1;
    if (std::memcmp(p, kTransportVersion.data(), 8) != 0) return std::nullopt;
    ConnectionRequest r;
    r.protocolId = get64(p + 8);
    r.expireUnix = get64(p + 16);
    r.tokenId = get64(p + 24);
    std::memcpy(r.nonce.data(), p + 32, 24);
    std::memcpy(r.sealedPrivate.data(), p + 56, kPrivateTokenBytes);
    return r;
}

std::vector<std::uint8_t> sealCookie(const CookieContents& c, const SessionKey& cookieKey, const TokenAddress& client) {
    std::array<std::uint8_t, kCookiePlainBytes> plain{};
    std::uint8_t* p = plain.data();
    put64(p, c.tokenId);
    put64(p + 8, c.expireUnix);
    for (int i = 0; i < 4; ++i) p[16 + i] = std::uint8_t(c.timeoutSeconds >> (8 * i));
    std::uint64_t issued = 0;
    std::memcpy(&issued, &c.issuedAt, 8);
    put64(p + 20, issued);
    std::memcpy(p + 28, c.clientToServerKey.data(), kKeyBytes);
    std::memcpy(p + 28 + kKeyBytes, c.serverToClientKey.data(), kKeyBytes);
    std::memcpy(p + 28 + 2 * kKeyBytes, c.userData.data(), kTokenUserDataBytes);
    std::vector<std::uint8_t> out(kCookieBytes);
    randombytes_buf(out.data(), 24);
    const auto ad = addressAd(client);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + 24, &written, plain.data(), plain.size(), ad.data(), ad.size(), nullptr, out.data(),
                                               cookieKey.data());
    return out;
}

std::optional<CookieContents> openCookie(std::span<const std::uint8_t> cookie, const SessionKey& cookieKey, const TokenAddress& client) {
    if (cookie.size() != kCookieBytes) return std::nullopt;
    std::array<std::uint8_t, kCookiePlainBytes> plain{};
    const auto ad = addressAd(client);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr, cookie.data() + 24, cookie.size() - 24, ad.data(), ad.size(),
                                                   cookie.data(), cookieKey.data()) != 0) {
        return std::nullopt;
    }
    const std::uint8_t* p = plain.data();
    CookieContents c;
    c.tokenId = get64(p);
    c.expireUnix = get64(p + 8);
    c.timeoutSeconds = std::uint32_t(get64(p + 16) & 0xFFFFFFFFu);
    const std::uint64_t issued = get64(p + 20);
    std::memcpy(&c.issuedAt, &issued, 8);
    std::memcpy(c.clientToServerKey.data(), p + 28, kKeyBytes);
    std::memcpy(c.serverToClientKey.data(), p + 28 + kKeyBytes, kKeyBytes);
    std::memcpy(c.userData.data(), p + 28 + 2 * kKeyBytes, kTokenUserDataBytes);
    return c;
}

std::vector<std::uint8_t> encodeResponse(std::span<const std::uint8_t> cookie, const SessionKey& clientToServerKey) {
    std::vector<std::uint8_t> out(kResponseBytes);
    out[0] = std::uint8_t(PacketType::Response);
    std::memcpy(out.data() + 1, cookie.data(), kCookieBytes);
    std::uint8_t* nonce = out.data() + 1 + kCookieBytes;
    randombytes_buf(nonce, 24);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + 24, &written, nullptr, 0, out.data(), 1 + kCookieBytes, nullptr, nonce,
                                               clientToServerKey.data());
    return out;
}

std::optional<std::span<const std::uint8_t>> responseCookie(std::span<const std::uint8_t> datagram) {
    if (datagram.size() != kResponseBytes || datagram[0] != std::uint8_t(PacketType::Response)) return std::nullopt;
    return datagram.subspan(1, kCookieBytes);
}

bool responseProofHolds(std::span<const std::uint8_t> datagram, const SessionKey& clientToServerKey) {
    if (datagram.size() != kResponseBytes) return false;
    const std::uint8_t* nonce = datagram.data() + 1 + kCookieBytes;
    unsigned long long written = 0;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(nullptr, &written, nullptr, nonce + 24, kMacBytes, datagram.data(), 1 + kCookieBytes,
                                                      nonce, clientToServerKey.data()) == 0;
}

const char* describe(DenyReason reason) {
    switch (reason) {
        case DenyReason::ServerFull: return "the server is full";
        case DenyReason::TokenInUse: return "this connect token is already in use by a live session";
        case DenyReason::TokenRevoked: return "this connect token was revoked";
        case DenyReason::TokenLifetime: return "this connect token outlives the server's maximum token lifetime";
        case DenyReason::TokenExpired: return "join token expired";
        case DenyReason::Count: break;
    }
    return "refused";
}

}  // namespace atrium::net
