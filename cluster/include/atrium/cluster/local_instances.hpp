#pragma once
// `atrium-director --local N VENUE`: an event's instances as child processes of the director
// on one machine (what a Kubernetes Fleet does on a cluster, deploy/). Each child is an
// atrium-server that registers with the director and heartbeats; a child that exits without
// being drained is started again under the same instance id; a drained one that exits stays
// stopped.
#include <sys/types.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium::cluster {

class Director;

struct LocalInstancesConfig {
    std::filesystem::path serverBinary;  // atrium-server
    std::string venue;                   // the venue file every instance serves
    int count = 3;
    std::uint32_t capacity = 100;  // attendees per instance
    std::string directorUrl;
    std::string redis;  // HOST:PORT, empty: no shared state
    std::string event = "event";
    bool stage = true;                   // the first instance is the stage
    std::vector<std::string> extraArgs;  // passed to every atrium-server
};

struct LocalInstance {
    std::string id;
    pid_t pid = -1;
    int restarts = 0;
    bool stopped = false;  // drained and exited, or stopped by stopAll
};

class LocalInstances {
public:
    explicit LocalInstances(LocalInstancesConfig config);
    ~LocalInstances();
    LocalInstances(const LocalInstances&) = delete;
    LocalInstances& operator=(const LocalInstances&) = delete;

    Status start();
    // Reaps exited children: restarts the crashed ones (and forgets them in the director until
    // they register again). Returns one line per event ("instance i-2 exited (signal 9): restarted").
    std::vector<std::string> poll(Director& director);
    void stopAll();
    const std::vector<LocalInstance>& instances() const { return instances_; }

private:
    Status spawn(std::size_t index);

    LocalInstancesConfig config_;
    std::vector<LocalInstance> instances_;
};

}  // namespace atrium::cluster
