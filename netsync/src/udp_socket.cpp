#include "udp_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace atrium::net {
namespace {
sockaddr_in toSockaddr(const TokenAddress& a) {
    sockaddr_in s{};
    s.sin_family = AF_INET;
    s.sin_addr.s_addr = htonl(a.ip);
    s.sin_port = htons(a.port);
    return s;
}
}  // namespace

UdpSocket::~UdpSocket() { close(); }

UdpSocket::UdpSocket(UdpSocket&& other) noexcept { *this = std::move(other); }

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        local_ = other.local_;
        sent_ = other.sent_;
        received_ = other.received_;
        bytesSent_ = other.bytesSent_;
        bytesReceived_ = other.bytesReceived_;
    }
    return *this;
}

Status UdpSocket::open(const std::string& host, std::uint16_t port, int bufferBytes) {
    close();
    in_addr parsed{};
    if (inet_pton(AF_INET, host.c_str(), &parsed) != 1) return Error{"bad host address \"" + host + "\" (expected numeric IPv4)"};
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Error{std::string("cannot create a UDP socket: ") + std::strerror(errno)};
    // The kernel caps these at net.core.rmem_max / wmem_max: a crowd's datagrams between two
    // polls need megabytes, not the default few hundred kilobytes.
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bufferBytes, sizeof bufferBytes);
    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &bufferBytes, sizeof bufferBytes);
    sockaddr_in address = toSockaddr({ntohl(parsed.s_addr), port});
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const std::string why = std::strerror(errno);
        close();
        return Error{"cannot listen on " + host + ":" + std::to_string(port) + " (" + why + ")"};
    }
    socklen_t len = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &len);
    local_ = {ntohl(address.sin_addr.s_addr), ntohs(address.sin_port)};
    return Ok{};
}

void UdpSocket::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

int UdpSocket::receiveBufferBytes() const {
    int granted = 0;
    socklen_t size = sizeof granted;
    if (fd_ < 0 || getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &granted, &size) != 0) return 0;
    return granted;
}

void UdpSocket::send(const TokenAddress& to, std::span<const std::uint8_t> bytes) {
    if (fd_ < 0) return;
    const sockaddr_in address = toSockaddr(to);
    // A full send buffer drops the datagram, as a congested network would: the reliable layer resends.
    if (::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&address), sizeof address) >= 0) {
        ++sent_;
        bytesSent_ += bytes.size();
    }
}

bool UdpSocket::receive(std::vector<std::uint8_t>& buffer, TokenAddress& from) {
    if (fd_ < 0) return false;
    constexpr std::size_t kMostDatagram = 65536;
    if (scratch_.size() != kMostDatagram) scratch_.resize(kMostDatagram);
    sockaddr_in address{};
    socklen_t len = sizeof address;
    const ssize_t n = ::recvfrom(fd_, scratch_.data(), scratch_.size(), 0, reinterpret_cast<sockaddr*>(&address), &len);
    if (n < 0) return false;
    buffer.assign(scratch_.begin(), scratch_.begin() + n);
    from = {ntohl(address.sin_addr.s_addr), ntohs(address.sin_port)};
    ++received_;
    bytesReceived_ += std::size_t(n);
    return true;
}

Result<std::uint32_t> resolveIpv4(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return Error{"unknown host \"" + host + "\""};
    const std::uint32_t ip = ntohl(reinterpret_cast<const sockaddr_in*>(found->ai_addr)->sin_addr.s_addr);
    freeaddrinfo(found);
    return ip;
}

bool isLoopback(const std::string& host) {
    in_addr parsed{};
    if (host == "localhost") return true;
    return inet_pton(AF_INET, host.c_str(), &parsed) == 1 && (ntohl(parsed.s_addr) >> 24) == 127;
}

}  // namespace atrium::net
