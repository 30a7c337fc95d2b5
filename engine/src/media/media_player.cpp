#include "atrium/media/media_player.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "atrium/core/log.hpp"
#include "player_shared.hpp"

namespace atrium::media {

const char* toString(MediaStatus status) {
    switch (status) {
        case MediaStatus::Opening: return "opening";
        case MediaStatus::Playing: return "playing";
        case MediaStatus::Paused: return "paused";
        case MediaStatus::Ended: return "ended";
        case MediaStatus::Error: return "error";
    }
    return "error";
}

bool isSlides(const std::string& source) {
    std::string path = source.substr(0, source.find_first_of("?#"));
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".pdf";
}

void MediaPlayer::Shared::fail(const std::string& message) {
    {
        std::lock_guard lock(mutex);
        if (failed) return;
        failed = true;
        error = message;
    }
    logWarn("media", message);
}

void MediaPlayer::Shared::pushFrame(VideoFrame frame) {
    std::lock_guard lock(mutex);
    frame.sequence = nextSequence++;
    frames.push_back(std::make_shared<const VideoFrame>(std::move(frame)));
    // A live stream never waits for the viewer: pictures it has not shown yet go stale.
    if (info.live)
        while (frames.size() > std::max<std::size_t>(options.framesAhead, 1)) frames.pop_front();
}

void MediaPlayer::Shared::pushAudio(AudioBlock block) {
    std::lock_guard lock(mutex);
    audioSamples += block.samples.size();
    audio.push_back(std::move(block));
    const std::size_t keep = 2 * std::size_t(kAudioSampleRate);
    while (audioSamples > keep && audio.size() > 1) {
        audioSamples -= audio.front().samples.size();
        audio.pop_front();
    }
}

void MediaPlayer::Shared::markOpened(const MediaInfo& found) {
    std::lock_guard lock(mutex);
    info = found;
    opened = true;
}

MediaPlayer::MediaPlayer(std::string source, PlayerOptions options) : shared_(std::make_shared<Shared>()) {
    shared_->source = std::move(source);
    shared_->options = options;
    shared_->outWidth = options.width;
    shared_->outHeight = options.height;
    Shared& s = *shared_;
    if (isSlides(s.source)) s.worker = std::thread([&s] { runSlidesWorker(s); });
    else s.worker = std::thread([&s] { runVideoWorker(s); });
}

MediaPlayer::~MediaPlayer() {
    shared_->stop = true;
    shared_->wake.notify_all();
    if (shared_->worker.joinable()) shared_->worker.join();
}

const std::string& MediaPlayer::source() const { return shared_->source; }

MediaStatus MediaPlayer::status() const {
    std::lock_guard lock(shared_->mutex);
    const Shared& s = *shared_;
    if (s.failed) return MediaStatus::Error;
    if (!s.opened) return MediaStatus::Opening;
    if (s.info.slides) return MediaStatus::Playing;
    if (!s.info.live && !s.options.loop) {
        const bool pastEnd = s.info.duration > 0.0 && clock_.position >= s.info.duration;
        const bool lastShown = s.endOfMedia && s.frames.size() <= 1 && s.shown && clock_.position >= s.shown->time;
        if (pastEnd || lastShown) return MediaStatus::Ended;
    }
    return clock_.playing ? MediaStatus::Playing : MediaStatus::Paused;
}

std::string MediaPlayer::statusMessage() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->failed ? shared_->error : std::string();
}

MediaInfo MediaPlayer::info() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->info;
}

void MediaPlayer::play() { clock_.playing = true; }
void MediaPlayer::pause() {
    clock_.playing = false;
    clock_.rate = 1.0;
}
void MediaPlayer::seek(double seconds) { clock_.position = std::max(0.0, seconds); }
void MediaPlayer::setLoop(bool loop) {
    std::lock_guard lock(shared_->mutex);
    shared_->options.loop = loop;
}

void MediaPlayer::update(double dtSeconds) {
    advance(clock_, dtSeconds);
    std::lock_guard lock(shared_->mutex);
    const double duration = shared_->info.duration;
    if (!shared_->options.loop && duration > 0.0) clock_.position = std::min(clock_.position, duration);
}

bool MediaPlayer::follow(double targetSeconds, double dtSeconds) {
    double interval = 1.0 / 30.0;
    {
        std::lock_guard lock(shared_->mutex);
        if (shared_->info.frameRate > 0.0) interval = 1.0 / shared_->info.frameRate;
    }
    return media::follow(clock_, targetSeconds, dtSeconds, interval);
}

const MediaClock& MediaPlayer::clock() const { return clock_; }

std::shared_ptr<const VideoFrame> MediaPlayer::frame() { return frameAt(clock_.position); }

namespace {

// Where a time falls in media that loops: wrapped into [0, duration).
double mediaTime(double seconds, const MediaInfo& info, bool loop) {
    if (loop && info.duration > 0.0) return std::fmod(std::max(0.0, seconds), info.duration);
    return std::max(0.0, seconds);
}

// Asks the worker to seek when `t` lies outside what it has decoded or is decoding toward.
void requestSeekIfNeeded(MediaPlayer::Shared& s, double t) {
    const double interval = s.info.frameRate > 0.0 ? 1.0 / s.info.frameRate : 1.0 / 30.0;
    const double reach = std::max(0.5, (s.options.framesAhead + 2) * interval);
    if (s.seekPending) {
        if (std::abs(t - s.seekTarget) > reach) s.seekTarget = t;
        return;
    }
    bool seek = false;
    if (s.frames.empty()) {
        seek = std::abs(t - s.decodeTarget) > reach && !(s.endOfMedia && t > s.decodeTarget);
    } else {
        const bool behind = t < s.frames.front()->time - interval / 2 && t < s.decodeTarget - interval / 2;
        const bool beyond = t > s.frames.back()->time + reach && !s.endOfMedia;
        seek = behind || beyond;
    }
    if (!seek) return;
    s.seekPending = true;
    s.seekTarget = t;
    s.decodeTarget = t;
    s.wake.notify_all();
}

}  // namespace

std::shared_ptr<const VideoFrame> MediaPlayer::frameAt(double seconds) {
    std::lock_guard lock(shared_->mutex);
    Shared& s = *shared_;
    if (s.info.live || s.info.slides) {
        if (clock_.playing || s.info.slides || !s.shown)
            while (s.frames.size() > 1) s.frames.pop_front();
        if (!s.frames.empty()) s.shown = s.frames.front();
        s.wake.notify_all();
        return s.shown;
    }
    if (!s.opened) return s.shown;
    const double t = mediaTime(seconds, s.info, s.options.loop);
    requestSeekIfNeeded(s, t);
    if (s.seekPending) return s.shown;
    constexpr double kEpsilon = 1e-4;
    while (s.frames.size() >= 2 && s.frames[1]->time <= t + kEpsilon) s.frames.pop_front();
    if (!s.frames.empty() && s.frames.front()->time <= t + kEpsilon) s.shown = s.frames.front();
    s.wake.notify_all();
    return s.shown;
}

AudioBlock MediaPlayer::takeAudio(double untilSeconds) {
    std::lock_guard lock(shared_->mutex);
    Shared& s = *shared_;
    AudioBlock out;
    const double until = mediaTime(untilSeconds, s.info, s.options.loop);
    bool first = true;
    while (!s.audio.empty() && s.audio.front().time < until) {
        AudioBlock& block = s.audio.front();
        if (first) out.time = block.time;
        first = false;
        out.samples.insert(out.samples.end(), block.samples.begin(), block.samples.end());
        s.audioSamples -= block.samples.size();
        s.audio.pop_front();
    }
    return out;
}

void MediaPlayer::setOutputSize(std::uint32_t width, std::uint32_t height) {
    std::lock_guard lock(shared_->mutex);
    if (shared_->outWidth == width && shared_->outHeight == height) return;
    shared_->outWidth = width;
    shared_->outHeight = height;
    shared_->pageChanged = shared_->info.slides;  // slides render again at the new size
    shared_->wake.notify_all();
}

std::uint32_t MediaPlayer::page() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->page;
}

void MediaPlayer::setPage(std::uint32_t page) {
    std::lock_guard lock(shared_->mutex);
    Shared& s = *shared_;
    if (s.info.pageCount > 0) page = std::min(page, s.info.pageCount - 1);
    if (page == s.page) return;
    s.page = page;
    s.pageChanged = true;
    s.wake.notify_all();
}

void MediaPlayer::nextPage() { setPage(page() + 1); }
void MediaPlayer::previousPage() {
    const std::uint32_t p = page();
    setPage(p > 0 ? p - 1 : 0);
}

}  // namespace atrium::media
