#pragma once
// A real redis-server for a test, on 127.0.0.1 at a free port, with nothing saved; stopped (or
// killed, to test losing it) by the test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <string>
#include <thread>

inline std::uint16_t freeTcpPort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    close(fd);
    return ok ? ntohs(a.sin_port) : 0;
}

inline bool tcpAccepts(std::uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

class RedisProcess {
public:
    explicit RedisProcess(std::uint16_t port = freeTcpPort()) : port_(port) {}
    ~RedisProcess() { stop(); }
    // True once it accepts connections (within 5 s).
    bool start() {
        pid_ = fork();
        if (pid_ == 0) {
            const std::string port = std::to_string(port_);
            execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--loglevel", "warning", static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 250; ++i) {
            if (tcpAccepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
    void kill9() { stopWith(SIGKILL); }
    void stop() { stopWith(SIGTERM); }
    std::uint16_t port() const { return port_; }

private:
    void stopWith(int sig) {
        if (pid_ <= 0) return;
        ::kill(pid_, sig);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    std::uint16_t port_;
    pid_t pid_ = -1;
};
