#include "render/worker_pool.hpp"

#include <algorithm>

namespace atrium::render {

WorkerPool::WorkerPool(unsigned workers) {
    threads_.reserve(workers);
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { workerLoop(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
}

unsigned WorkerPool::defaultWorkers() {
    unsigned hw = std::thread::hardware_concurrency();
    return hw > 1 ? std::min(hw, 8u) - 1 : 0;
}

void WorkerPool::drain() {
    for (unsigned k = next_.fetch_add(1); k < count_; k = next_.fetch_add(1)) (*job_)(k);
}

void WorkerPool::run(unsigned count, const std::function<void(unsigned)>& job) {
    if (threads_.empty() || count <= 1) {
        for (unsigned k = 0; k < count; ++k) job(k);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        job_ = &job;
        count_ = count;
        next_.store(0);
        busy_ = threads_.size();
        ++generation_;
    }
    wake_.notify_all();
    drain();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return busy_ == 0; });
    job_ = nullptr;
}

void WorkerPool::workerLoop() {
    std::uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
        }
        drain();
        std::lock_guard lock(mutex_);
        if (--busy_ == 0) done_.notify_one();
    }
}

}  // namespace atrium::render
