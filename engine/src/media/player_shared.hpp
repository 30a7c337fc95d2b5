#pragma once
// The state a MediaPlayer's worker and its caller share, under one mutex. The worker writes
// pictures, sound and what it found; the caller writes requests (seek, page, size, stop).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "atrium/media/media_player.hpp"

namespace atrium::media {

struct MediaPlayer::Shared {
    std::string source;
    PlayerOptions options;

    mutable std::mutex mutex;
    std::condition_variable wake;  // the worker waits on it for room, a request or stop
    std::atomic<bool> stop{false};
    std::thread worker;

    // Written by the worker.
    bool opened = false;
    bool failed = false;
    std::string error;
    MediaInfo info;
    bool endOfMedia = false;                               // a file decoded to its end (a later seek starts it again)
    std::deque<std::shared_ptr<const VideoFrame>> frames;  // in time order; the front is shown
    std::deque<AudioBlock> audio;
    std::size_t audioSamples = 0;
    std::uint64_t nextSequence = 1;

    // Written by the caller.
    bool seekPending = false;
    double seekTarget = 0.0;
    double decodeTarget = 0.0;  // where the worker was last sent (0: the start)
    std::uint32_t outWidth = 0;
    std::uint32_t outHeight = 0;
    std::uint32_t page = 0;
    bool pageChanged = false;
    std::shared_ptr<const VideoFrame> shown;

    // Sets the error status (once) and logs it on the "media" channel. Call without the lock.
    void fail(const std::string& message);
    // Hands a new picture out (assigns its sequence). Call without the lock.
    void pushFrame(VideoFrame frame);
    void pushAudio(AudioBlock block);
    void markOpened(const MediaInfo& found);
};

// The workers, one per kind of source; each returns when `stop` is set or the source failed.
void runVideoWorker(MediaPlayer::Shared& shared);
void runSlidesWorker(MediaPlayer::Shared& shared);

}  // namespace atrium::media
