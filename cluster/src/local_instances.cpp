#include "atrium/cluster/local_instances.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include "atrium/cluster/director.hpp"

namespace atrium::cluster {

LocalInstances::LocalInstances(LocalInstancesConfig config) : config_(std::move(config)) {}
LocalInstances::~LocalInstances() { stopAll(); }

Status LocalInstances::start() {
    if (!std::filesystem::exists(config_.serverBinary)) return Error{"--local: " + config_.serverBinary.string() + ": no such program"};
    if (!std::filesystem::exists(config_.venue)) return Error{"--local: " + config_.venue + ": no such venue file"};
    if (config_.count < 1) return Error{"--local: the number of instances must be at least 1"};
    for (int i = 0; i < config_.count; ++i) instances_.push_back({"i-" + std::to_string(i + 1)});
    for (std::size_t i = 0; i < instances_.size(); ++i) {
        if (Status s = spawn(i); !s) return s;
    }
    return Ok{};
}

Status LocalInstances::spawn(std::size_t index) {
    LocalInstance& inst = instances_[index];
    std::vector<std::string> args{config_.serverBinary.string(), config_.venue,   "--port", "0",          "--director",
                                  config_.directorUrl,           "--instance-id", inst.id,  "--capacity", std::to_string(config_.capacity)};
    if (config_.stage && index == 0) args.insert(args.end(), {"--stage", "1"});
    if (!config_.redis.empty()) args.insert(args.end(), {"--redis", config_.redis, "--event", config_.event});
    args.insert(args.end(), config_.extraArgs.begin(), config_.extraArgs.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) return Error{"--local: cannot start instance " + inst.id + ": " + std::strerror(errno)};
    if (pid == 0) {
        execv(argv[0], argv.data());
        std::fprintf(stderr, "atrium-director: cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    inst.pid = pid;
    inst.stopped = false;
    return Ok{};
}

std::vector<std::string> LocalInstances::poll(Director& director) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < instances_.size(); ++i) {
        LocalInstance& inst = instances_[i];
        if (inst.pid <= 0) continue;
        int status = 0;
        if (waitpid(inst.pid, &status, WNOHANG) != inst.pid) continue;
        inst.pid = -1;
        const std::string how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                                    : "status " + std::to_string(WEXITSTATUS(status));
        bool drained = false;
        director.withRegistry([&](InstanceRegistry& r, double) {
            drained = r.draining(inst.id);
            r.remove(inst.id);
        });
        if (drained) {
            inst.stopped = true;
            lines.push_back("instance " + inst.id + " drained and stopped (" + how + ")");
            continue;
        }
        ++inst.restarts;
        Status s = spawn(i);
        lines.push_back("instance " + inst.id + " exited (" + how + "): " + (s ? "restarted" : s.error().message));
    }
    return lines;
}

void LocalInstances::stopAll() {
    for (LocalInstance& inst : instances_) {
        if (inst.pid > 0) kill(inst.pid, SIGTERM);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (LocalInstance& inst : instances_) {
        while (inst.pid > 0) {
            if (waitpid(inst.pid, nullptr, WNOHANG) == inst.pid) inst.pid = -1;
            else if (std::chrono::steady_clock::now() > deadline) {
                kill(inst.pid, SIGKILL);
                waitpid(inst.pid, nullptr, 0);
                inst.pid = -1;
            } else std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        inst.stopped = true;
    }
}

}  // namespace atrium::cluster
