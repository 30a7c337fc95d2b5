// The transport's sealed packets, connect tokens and handshake packets, without sockets.
#include <gtest/gtest.h>

#include "atrium/net/connect_token.hpp"
#include "handshake.hpp"
#include "packet_crypto.hpp"

using namespace atrium::net;

namespace {
constexpr std::uint64_t kProtocol = 0x1234;

SessionKey keyOf(std::uint8_t seed) {
    SessionKey k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = std::uint8_t(seed + i * 7);
    return k;
}

ConnectTokenRequest tokenRequest(std::uint64_t now = 1'000'000) {
    ConnectTokenRequest r;
    r.protocolId = kProtocol;
    r.addresses = {*parseTokenAddress("127.0.0.1:7777")};
    r.nowUnix = now;
    r.lifetimeSeconds = 600;
    r.userData = "venue\n42\nhost";
    return r;
}
}  // namespace

TEST(SealedPacket, OpensWithItsKeyAndGivesBackPayloadTypeAndSequence) {
    ASSERT_TRUE(ensureSodium());
    const std::vector<std::uint8_t> payload{1, 2, 3, 4, 5};
    auto sealed = sealPacket(PacketType::Payload, 70000, payload, keyOf(1), kProtocol);
    EXPECT_EQ(sealed.size(), payload.size() + sealedOverhead(70000));
    auto opened = openPacket(sealed, keyOf(1), kProtocol);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->type, PacketType::Payload);
    EXPECT_EQ(opened->sequence, 70000u);
    EXPECT_EQ(opened->payload, payload);
}

TEST(SealedPacket, PayloadIsEncryptedNotCopied) {
    const std::vector<std::uint8_t> payload(64, 0xAB);
    auto sealed = sealPacket(PacketType::Payload, 1, payload, keyOf(1), kProtocol);
    EXPECT_EQ(std::search(sealed.begin(), sealed.end(), payload.begin(), payload.begin() + 8), sealed.end());
}

TEST(SealedPacket, AnyFlippedBitIsRefused) {
    const std::vector<std::uint8_t> payload{9, 8, 7, 6};
    const auto sealed = sealPacket(PacketType::Payload, 5, payload, keyOf(1), kProtocol);
    for (std::size_t byte = 0; byte < sealed.size(); ++byte) {
        for (int bit = 0; bit < 8; ++bit) {
            auto tampered = sealed;
            tampered[byte] ^= std::uint8_t(1 << bit);
            EXPECT_FALSE(openPacket(tampered, keyOf(1), kProtocol)) << "byte " << byte << " bit " << bit;
        }
    }
}

TEST(SealedPacket, WrongKeyOrProtocolOrTruncationIsRefused) {
    const std::vector<std::uint8_t> payload{1, 2, 3};
    const auto sealed = sealPacket(PacketType::KeepAlive, 3, payload, keyOf(1), kProtocol);
    EXPECT_FALSE(openPacket(sealed, keyOf(2), kProtocol));
    EXPECT_FALSE(openPacket(sealed, keyOf(1), kProtocol + 1));
    for (std::size_t n = 0; n < sealed.size(); ++n) {
        EXPECT_FALSE(openPacket(std::span(sealed).first(n), keyOf(1), kProtocol)) << n;
    }
}

TEST(ReplayWindow, RefusesRepeatsAndSequencesOlderThanTheWindow) {
    ReplayWindow w;
    EXPECT_FALSE(w.alreadyReceived(0));
    w.accept(0);
    EXPECT_TRUE(w.alreadyReceived(0));
    w.accept(10);
    EXPECT_FALSE(w.alreadyReceived(5));  // late but new: reordering is allowed
    w.accept(5);
    EXPECT_TRUE(w.alreadyReceived(5));
    w.accept(1000);
    EXPECT_TRUE(w.alreadyReceived(1000 - ReplayWindow::kSize));  // too old to tell from a replay
    EXPECT_FALSE(w.alreadyReceived(1000 - ReplayWindow::kSize + 1));
    EXPECT_TRUE(w.alreadyReceived(10));
}

TEST(ConnectToken, PrivatePartOpensOnlyWithTheServerKeyAndItsOwnHeader) {
    const TokenKey serverKey = deriveServerKey("operator secret");
    auto token = mintConnectToken(tokenRequest(), serverKey);
    ASSERT_TRUE(token) << token.error().message;
    auto opened = openPrivateToken(token->sealedPrivate, token->nonce, token->protocolId, token->expireUnix, token->tokenId, serverKey);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->tokenId, token->tokenId);
    EXPECT_EQ(opened->clientToServerKey, token->clientToServerKey);
    EXPECT_EQ(opened->serverToClientKey, token->serverToClientKey);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(opened->userData.data())), "venue\n42\nhost");
    EXPECT_EQ(opened->addresses, token->addresses);
    // Another server's key, or an expiry or id changed in the public part, does not open it.
    auto other = openPrivateToken(token->sealedPrivate, token->nonce, token->protocolId, token->expireUnix, token->tokenId,
                                  deriveServerKey("development"));
    ASSERT_FALSE(other);
    EXPECT_NE(other.error().message.find("forged"), std::string::npos);
    EXPECT_FALSE(openPrivateToken(token->sealedPrivate, token->nonce, token->protocolId, token->expireUnix + 3600, token->tokenId, serverKey));
    EXPECT_FALSE(openPrivateToken(token->sealedPrivate, token->nonce, token->protocolId, token->expireUnix, token->tokenId + 1, serverKey));
}

TEST(ConnectToken, EachMintHasItsOwnIdAndKeys) {
    const TokenKey serverKey = deriveServerKey("s");
    auto a = mintConnectToken(tokenRequest(), serverKey);
    auto b = mintConnectToken(tokenRequest(), serverKey);
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->tokenId, b->tokenId);
    EXPECT_NE(a->clientToServerKey, b->clientToServerKey);
    EXPECT_EQ(a->expireUnix, 1'000'600u);
}

TEST(ConnectToken, TextFormRoundTripsAndRejectsGarbage) {
    auto token = mintConnectToken(tokenRequest(), deriveServerKey("s"));
    ASSERT_TRUE(token);
    const std::string text = encodeConnectToken(*token);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    auto back = decodeConnectToken(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->tokenId, token->tokenId);
    EXPECT_EQ(back->sealedPrivate, token->sealedPrivate);
    EXPECT_EQ(back->serverToClientKey, token->serverToClientKey);
    EXPECT_FALSE(decodeConnectToken(text.substr(0, text.size() - 10)));
    EXPECT_FALSE(decodeConnectToken("not a token!"));
    EXPECT_FALSE(decodeConnectToken(std::string(100000, 'A')));
}

TEST(ConnectToken, MintingRefusesBadRequestsWithTheReason) {
    ConnectTokenRequest r = tokenRequest();
    r.addresses.assign(kMaxTokenAddresses + 1, r.addresses[0]);
    auto none = mintConnectToken(r, deriveServerKey("s"));
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("addresses"), std::string::npos);
    r = tokenRequest();
    r.userData.assign(kTokenUserDataBytes + 1, 'x');
    auto big = mintConnectToken(r, deriveServerKey("s"));
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("user data"), std::string::npos);
    EXPECT_FALSE(parseTokenAddress("example.org:80"));
    EXPECT_FALSE(parseTokenAddress("127.0.0.1:0"));
    EXPECT_EQ(toString(*parseTokenAddress("10.1.2.3:99")), "10.1.2.3:99");
}

TEST(Handshake, RequestIsFixedSizeAndLargerThanAnyAnswer) {
    auto token = mintConnectToken(tokenRequest(), deriveServerKey("s"));
    ASSERT_TRUE(token);
    const auto request = encodeRequest(*token);
    EXPECT_EQ(request.size(), kRequestBytes);
    auto decoded = decodeRequest(request);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->tokenId, token->tokenId);
    EXPECT_FALSE(decodeRequest(std::span(request).first(request.size() - 1)));
    // The challenge (a sealed cookie) is the largest thing a request makes the server send.
    const std::size_t challengeBytes = 1 + 24 + kCookieBytes + kMacBytes;
    EXPECT_LT(challengeBytes, kRequestBytes);
}

TEST(Handshake, CookieOpensOnlyForTheAddressItWasIssuedTo) {
    const SessionKey cookieKey = keyOf(3);
    const TokenAddress client{0x7F000001, 5000};
    CookieContents c;
    c.tokenId = 77;
    c.expireUnix = 123;
    c.timeoutSeconds = 9;
    c.issuedAt = 4.5;
    c.clientToServerKey = keyOf(4);
    c.serverToClientKey = keyOf(5);
    const auto sealed = sealCookie(c, cookieKey, client);
    auto opened = openCookie(sealed, cookieKey, client);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->tokenId, 77u);
    EXPECT_EQ(opened->timeoutSeconds, 9u);
    EXPECT_DOUBLE_EQ(opened->issuedAt, 4.5);
    EXPECT_EQ(opened->serverToClientKey, keyOf(5));
    EXPECT_FALSE(openCookie(sealed, cookieKey, TokenAddress{0x7F000001, 5001}));
    EXPECT_FALSE(openCookie(sealed, keyOf(9), client));
    // The response proves its sender holds the client-to-server key.
    const auto response = encodeResponse(sealed, c.clientToServerKey);
    EXPECT_TRUE(responseProofHolds(response, c.clientToServerKey));
    EXPECT_FALSE(responseProofHolds(encodeResponse(sealed, keyOf(6)), c.clientToServerKey));
}
