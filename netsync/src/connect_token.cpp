#include "atrium/net/connect_token.hpp"

#include <arpa/inet.h>
#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "packet_crypto.hpp"

namespace atrium::net {
namespace {

constexpr char kTokenVersion[] = "ATRIUM-TOKEN-1";  // in the AD: a token of another layout never opens
constexpr std::size_t kAddressBytes = 6;

struct Writer {
    std::vector<std::uint8_t>& out;
    void u8(std::uint8_t v) { out.push_back(v); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(v >> (8 * i)));
    }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(std::uint8_t(v >> (8 * i)));
    }
    void bytes(const std::uint8_t* p, std::size_t n) { out.insert(out.end(), p, p + n); }
    void address(const TokenAddress& a) {
        u32(a.ip);
        u8(std::uint8_t(a.port));
        u8(std::uint8_t(a.port >> 8));
    }
};

struct Reader {
    std::span<const std::uint8_t> in;
    std::size_t at = 0;
    bool ok = true;
    bool need(std::size_t n) {
        ok = ok && at + n <= in.size();
        return ok;
    }
    std::uint64_t uint(int n) {
        if (!need(std::size_t(n))) return 0;
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= std::uint64_t(in[at + std::size_t(i)]) << (8 * i);
        at += std::size_t(n);
        return v;
    }
    void bytes(std::uint8_t* p, std::size_t n) {
        if (!need(n)) return;
        std::copy_n(in.begin() + std::ptrdiff_t(at), n, p);
        at += n;
    }
    TokenAddress address() {
        TokenAddress a;
        a.ip = std::uint32_t(uint(4));
        a.port = std::uint16_t(uint(2));
        return a;
    }
};

std::vector<std::uint8_t> tokenAd(std::uint64_t protocolId, std::uint64_t expireUnix, std::uint64_t tokenId) {
    std::vector<std::uint8_t> ad(kTokenVersion, kTokenVersion + sizeof kTokenVersion);
    Writer w{ad};
    w.u64(protocolId);
    w.u64(expireUnix);
    w.u64(tokenId);
    return ad;
}

std::vector<std::uint8_t> privatePlaintext(const PrivateToken& p) {
    std::vector<std::uint8_t> out;
    Writer w{out};
    w.u64(p.tokenId);
    w.u32(p.timeoutSeconds);
    w.u8(std::uint8_t(p.addresses.size()));
    for (const TokenAddress& a : p.addresses) w.address(a);
    w.bytes(p.clientToServerKey.data(), kTokenKeyBytes);
    w.bytes(p.serverToClientKey.data(), kTokenKeyBytes);
    w.bytes(p.userData.data(), p.userData.size());
    out.resize(kPrivateTokenBytes - kMacBytes, 0);  // padded: every token is the same size
    return out;
}

}  // namespace

TokenKey deriveServerKey(std::string_view secret) {
    ensureSodium();
    TokenKey key{};
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
    return key;
}

Result<ConnectToken> mintConnectToken(const ConnectTokenRequest& request, const TokenKey& serverKey) {
    if (!ensureSodium()) return Error{"connect token: libsodium failed to start"};
    if (request.addresses.size() > kMaxTokenAddresses) {
        return Error{"connect token: at most " + std::to_string(kMaxTokenAddresses) + " server addresses, not " +
                     std::to_string(request.addresses.size())};
    }
    if (request.userData.size() > kTokenUserDataBytes) {
        return Error{"connect token: user data is " + std::to_string(request.userData.size()) + " bytes, the most is " +
                     std::to_string(kTokenUserDataBytes)};
    }
    ConnectToken t;
    t.protocolId = request.protocolId;
    t.createUnix = request.nowUnix;
    t.expireUnix = request.nowUnix + request.lifetimeSeconds;
    randombytes_buf(&t.tokenId, sizeof t.tokenId);
    t.timeoutSeconds = request.timeoutSeconds;
    t.addresses = request.addresses;
    crypto_aead_chacha20poly1305_ietf_keygen(t.clientToServerKey.data());
    crypto_aead_chacha20poly1305_ietf_keygen(t.serverToClientKey.data());
    randombytes_buf(t.nonce.data(), t.nonce.size());
    PrivateToken p{t.tokenId, t.timeoutSeconds, t.addresses, t.clientToServerKey, t.serverToClientKey, {}};
    std::copy(request.userData.begin(), request.userData.end(), p.userData.begin());
    const std::vector<std::uint8_t> plain = privatePlaintext(p);
    const std::vector<std::uint8_t> ad = tokenAd(t.protocolId, t.expireUnix, t.tokenId);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(t.sealedPrivate.data(), &written, plain.data(), plain.size(), ad.data(), ad.size(), nullptr,
                                               t.nonce.data(), serverKey.data());
    return t;
}

Result<PrivateToken> openPrivateToken(const std::array<std::uint8_t, kPrivateTokenBytes>& sealed, const std::array<std::uint8_t, 24>& nonce,
                                      std::uint64_t protocolId, std::uint64_t expireUnix, std::uint64_t tokenId, const TokenKey& serverKey) {
    std::vector<std::uint8_t> plain(kPrivateTokenBytes - kMacBytes);
    const std::vector<std::uint8_t> ad = tokenAd(protocolId, expireUnix, tokenId);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &written, nullptr, sealed.data(), sealed.size(), ad.data(), ad.size(),
                                                   nonce.data(), serverKey.data()) != 0) {
        return Error{"connect token is forged or for another server"};
    }
    Reader r{plain};
    PrivateToken p;
    p.tokenId = r.uint(8);
    p.timeoutSeconds = std::uint32_t(r.uint(4));
    const auto count = std::size_t(r.uint(1));
    if (count > kMaxTokenAddresses) return Error{"connect token is malformed (" + std::to_string(count) + " addresses)"};
    for (std::size_t i = 0; i < count; ++i) p.addresses.push_back(r.address());
    r.bytes(p.clientToServerKey.data(), kTokenKeyBytes);
    r.bytes(p.serverToClientKey.data(), kTokenKeyBytes);
    r.bytes(p.userData.data(), p.userData.size());
    if (!r.ok || p.tokenId != tokenId) return Error{"connect token is malformed"};
    return p;
}

std::string encodeConnectToken(const ConnectToken& t) {
    std::vector<std::uint8_t> bin;
    Writer w{bin};
    w.u64(t.protocolId);
    w.u64(t.createUnix);
    w.u64(t.expireUnix);
    w.u64(t.tokenId);
    w.u32(t.timeoutSeconds);
    w.u8(std::uint8_t(t.addresses.size()));
    for (const TokenAddress& a : t.addresses) w.address(a);
    w.bytes(t.clientToServerKey.data(), kTokenKeyBytes);
    w.bytes(t.serverToClientKey.data(), kTokenKeyBytes);
    w.bytes(t.nonce.data(), t.nonce.size());
    w.bytes(t.sealedPrivate.data(), t.sealedPrivate.size());
    ensureSodium();
    std::string text(sodium_base64_encoded_len(bin.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), bin.data(), bin.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.size() - 1);  // the terminating NUL
    return text;
}

Result<ConnectToken> decodeConnectToken(std::string_view text) {
    ensureSodium();
    constexpr std::size_t kMostBytes = 8 * 4 + 4 + 1 + kMaxTokenAddresses * kAddressBytes + 2 * kTokenKeyBytes + 24 + kPrivateTokenBytes;
    if (text.size() > kMostBytes * 4 / 3 + 4) return Error{"connect token is malformed (too long)"};
    std::vector<std::uint8_t> bin(kMostBytes);
    std::size_t len = 0;
    if (sodium_base642bin(bin.data(), bin.size(), text.data(), text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) !=
        0) {
        return Error{"connect token is malformed (not URL-safe base64)"};
    }
    bin.resize(len);
    Reader r{bin};
    ConnectToken t;
    t.protocolId = r.uint(8);
    t.createUnix = r.uint(8);
    t.expireUnix = r.uint(8);
    t.tokenId = r.uint(8);
    t.timeoutSeconds = std::uint32_t(r.uint(4));
    const auto count = std::size_t(r.uint(1));
    if (count > kMaxTokenAddresses) return Error{"connect token is malformed (" + std::to_string(count) + " addresses)"};
    for (std::size_t i = 0; i < count; ++i) t.addresses.push_back(r.address());
    r.bytes(t.clientToServerKey.data(), kTokenKeyBytes);
    r.bytes(t.serverToClientKey.data(), kTokenKeyBytes);
    r.bytes(t.nonce.data(), t.nonce.size());
    r.bytes(t.sealedPrivate.data(), t.sealedPrivate.size());
    if (!r.ok || r.at != bin.size()) return Error{"connect token is malformed (wrong length)"};
    return t;
}

Result<TokenAddress> parseTokenAddress(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Error{"address \"" + std::string(text) + "\": expected a.b.c.d:port"};
    const std::string ip(text.substr(0, colon));
    in_addr parsed{};
    if (inet_pton(AF_INET, ip.c_str(), &parsed) != 1) return Error{"address \"" + std::string(text) + "\": not a numeric IPv4 address"};
    unsigned port = 0;
    const std::string_view portText = text.substr(colon + 1);
    auto r = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (r.ec != std::errc() || r.ptr != portText.data() + portText.size() || port == 0 || port > 65535) {
        return Error{"address \"" + std::string(text) + "\": bad port"};
    }
    return TokenAddress{ntohl(parsed.s_addr), std::uint16_t(port)};
}

std::string toString(const TokenAddress& a) {
    return std::to_string(a.ip >> 24) + "." + std::to_string((a.ip >> 16) & 255) + "." + std::to_string((a.ip >> 8) & 255) + "." +
           std::to_string(a.ip & 255) + ":" + std::to_string(a.port);
}

}  // namespace atrium::net
