#pragma once
// A few threads that help the calling thread with one batch of independent jobs at a time
// (extraction splits a big venue's MeshRenderers into chunks). run() returns when every job
// is done, so callers need no further synchronisation.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace atrium::render {

class WorkerPool {
public:
    // `workers` threads besides the caller (0: run() does everything on the calling thread).
    explicit WorkerPool(unsigned workers);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned threads() const { return unsigned(threads_.size()) + 1; }  // the caller included
    // Calls job(k) once for each k in [0, count), on the workers and the calling thread.
    void run(unsigned count, const std::function<void(unsigned)>& job);

    // Threads for extraction on this machine: one per hardware thread, at most 8.
    static unsigned defaultWorkers();

private:
    void drain();
    void workerLoop();

    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    const std::function<void(unsigned)>* job_ = nullptr;
    unsigned count_ = 0;
    std::atomic<unsigned> next_{0};
    std::size_t busy_ = 0;
    std::uint64_t generation_ = 0;
    bool stop_ = false;
};

}  // namespace atrium::render
