#pragma once
// A non-blocking IPv4 UDP socket: the transport's only contact with the operating system.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/net/connect_token.hpp"

namespace atrium::net {

class UdpSocket {
public:
    UdpSocket() = default;
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;
    UdpSocket(UdpSocket&& other) noexcept;
    UdpSocket& operator=(UdpSocket&& other) noexcept;

    // `host` a numeric IPv4 address ("0.0.0.0" for every interface); port 0 picks a free one.
    Status open(const std::string& host, std::uint16_t port, int bufferBytes = 8 << 20);
    void close();
    bool isOpen() const { return fd_ >= 0; }
    TokenAddress local() const { return local_; }
    int receiveBufferBytes() const;

    void send(const TokenAddress& to, std::span<const std::uint8_t> bytes);
    // One waiting datagram into `buffer` (resized to it); false when none is waiting.
    bool receive(std::vector<std::uint8_t>& buffer, TokenAddress& from);

    std::uint64_t datagramsSent() const { return sent_; }
    std::uint64_t datagramsReceived() const { return received_; }
    std::uint64_t bytesSent() const { return bytesSent_; }
    std::uint64_t bytesReceived() const { return bytesReceived_; }

private:
    int fd_ = -1;
    TokenAddress local_;
    std::uint64_t sent_ = 0, received_ = 0, bytesSent_ = 0, bytesReceived_ = 0;
    // Room for the largest datagram, allocated once: resizing the caller's buffer up to 64 KiB
    // for every datagram zero-filled it each time, the largest single cost of a busy server.
    std::vector<std::uint8_t> scratch_;
};

// Resolves a host name or numeric address to IPv4 (the transport's tokens bind IPv4).
Result<std::uint32_t> resolveIpv4(const std::string& host);
bool isLoopback(const std::string& host);

}  // namespace atrium::net
