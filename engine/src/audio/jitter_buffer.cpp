#include "atrium/audio/jitter_buffer.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/audio/pcm.hpp"

namespace atrium::audio {
namespace {

constexpr double kFrameSeconds = kFrameMs / 1000.0;
constexpr std::size_t kJitterWindow = 50;  // one second of frames
// Per-frame decay of the held spread: halves in about 7 s of speech, so a burst of jitter is
// remembered across talkspurts but a calm link brings the depth back down.
constexpr double kSpreadDecay = 0.998;
// Spreads this small are timer noise, and the decayed memory of old jitter ends here too.
constexpr double kSpreadTolerance = 0.005;
// A sender that jumps this far ahead restarted (or the loss was hopeless): start over.
constexpr std::int32_t kResyncFrames = 250;
// Half a second above the target before the delay shrinks by a frame.
constexpr int kShrinkTicks = 25;

// Sequence order that survives the wrap of 32 bits.
std::int32_t ahead(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b); }

}  // namespace

JitterBuffer::JitterBuffer(const JitterBufferOptions& options) : options_(options) { stats_.targetFrames = options_.minFrames; }

void JitterBuffer::measure(const VoiceFrame& frame, double arrivalSeconds) {
    // The sender's clock is the sequence; a new talkspurt restarts it (the silence in between was
    // not counted), so the window restarts too while the held spread carries over.
    if (frame.talkspurtStart()) transits_.clear();
    transits_.push_back(arrivalSeconds - double(frame.sequence) * kFrameSeconds);
    if (transits_.size() > kJitterWindow) transits_.pop_front();
    auto [lo, hi] = std::minmax_element(transits_.begin(), transits_.end());
    heldSpread_ = std::max(*hi - *lo, heldSpread_ * kSpreadDecay);
    stats_.jitterSeconds = heldSpread_;
    // Frames to ride out the spread, plus the one playing, plus the one after it: a lost frame
    // can be rebuilt from the next one's FEC only if the next one is already here.
    const int frames = int(std::ceil(std::max(0.0, heldSpread_ - kSpreadTolerance) / kFrameSeconds)) + 2;
    stats_.targetFrames = std::clamp(frames, options_.minFrames, options_.maxFrames);
}

void JitterBuffer::restartBuffering() {
    state_ = State::Buffering;
    waited_ = 0;
}

void JitterBuffer::startPlaying() {
    state_ = State::Playing;
    expected_ = frames_.begin()->first;
    concealStreak_ = 0;
    surplusTicks_ = 0;
    delayFrames_ = stats_.targetFrames;
}

void JitterBuffer::push(VoiceFrame frame, double arrivalSeconds) {
    ++stats_.received;
    if (state_ == State::Playing) {
        const std::int32_t d = ahead(frame.sequence, expected_);
        // A new talkspurt that reaches a buffer still concealing the end of the last one.
        if (d < 0 && frame.talkspurtStart() && frames_.empty()) {
            restartBuffering();
        } else if (d < 0) {
            ++stats_.late;
            measure(frame, arrivalSeconds);  // the evidence that the depth must grow
            return;
        } else if (d > kResyncFrames) {
            frames_.clear();
            restartBuffering();
        }
    }
    measure(frame, arrivalSeconds);
    if (!frames_.emplace(frame.sequence, std::move(frame)).second) {
        ++stats_.duplicate;
        return;
    }
    dropOverflow();
}

void JitterBuffer::dropOverflow() {
    // The map orders by raw value; within the resync window that is sequence order except right
    // at the wrap, where at most one tick plays out of order.
    while (int(frames_.size()) > options_.maxFrames) {
        frames_.erase(frames_.begin());
        ++stats_.dropped;
        if (state_ == State::Playing) expected_ = frames_.begin()->first;
    }
}

Playout JitterBuffer::pop() {
    if (state_ == State::Buffering) {
        if (frames_.empty()) return {};
        ++waited_;
        // A talkspurt shorter than the depth still plays once it has waited as long.
        if (bufferedFrames() < stats_.targetFrames && waited_ < stats_.targetFrames) return {};
        startPlaying();
    }
    return playNext();
}

Playout JitterBuffer::playNext() {
    if (delayFrames_ < stats_.targetFrames) {
        // The jitter grew: one more frame of delay, concealed without advancing, so that what is
        // buffered waits a tick.
        ++delayFrames_;
        ++stats_.concealed;
        return {PlayoutKind::Concealed, {}};
    }
    surplusTicks_ = bufferedFrames() > stats_.targetFrames ? surplusTicks_ + 1 : 0;
    if (surplusTicks_ >= kShrinkTicks && delayFrames_ > stats_.targetFrames) {
        // Held more than needed for half a second: play one frame less of delay.
        frames_.erase(frames_.begin());
        ++stats_.dropped;
        --delayFrames_;
        surplusTicks_ = 0;
        expected_ = frames_.begin()->first;
    }
    if (frames_.empty()) {
        if (++concealStreak_ > options_.maxConcealFrames) {
            restartBuffering();
            return {};
        }
        // Lost or late: either way its time has come. A late one is dropped when it arrives.
        ++expected_;
        ++stats_.concealed;
        return {PlayoutKind::Concealed, {}};
    }
    auto first = frames_.begin();
    if (first->first == expected_) {
        // A new talkspurt reached a buffer that had run dry: give it its depth before it plays.
        if (first->second.talkspurtStart() && concealStreak_ > 0 && bufferedFrames() < stats_.targetFrames) {
            restartBuffering();
            waited_ = 1;
            return {};
        }
        Playout out{PlayoutKind::Frame, std::move(first->second)};
        frames_.erase(first);
        ++expected_;
        concealStreak_ = 0;
        ++stats_.played;
        return out;
    }
    // `expected_` is missing while later frames are here: it is lost.
    const bool nextHere = first->first == expected_ + 1;
    ++expected_;
    concealStreak_ = 0;
    if (nextHere) {
        ++stats_.recovered;
        return {PlayoutKind::Recovered, first->second};
    }
    ++stats_.concealed;
    return {PlayoutKind::Concealed, {}};
}

}  // namespace atrium::audio
