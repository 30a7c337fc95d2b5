#pragma once
// One remote speaker's jitter buffer: frames go in as they arrive (late, early, out of order,
// twice), and come out one per 20 ms playout tick in sequence order, with each gap marked for
// FEC recovery (the next frame is here) or concealment (it is not).
//
// Depth adapts to the measured jitter: the spread of (arrival time - sequence x 20 ms) over the
// last second, held with a slow decay, plus two frames (the one playing and the next, whose FEC
// rebuilds a lost one) gives the target depth: 40 ms on a calm link, 80 ms with 30 ms of jitter. A talkspurt waits for it before
// playing; mid-talkspurt, while the target is above the delay it runs at (late frames, dropped,
// raise it), the buffer stretches by one concealed frame a tick, and a buffer that has held
// more than its target for half a second drops its oldest frame to bring the delay back down.
#include <cstdint>
#include <deque>
#include <map>

#include "atrium/audio/voice_frame.hpp"

namespace atrium::audio {

struct JitterBufferOptions {
    int minFrames = 2;         // 40 ms: the least a talkspurt waits before it plays
    int maxFrames = 10;        // 200 ms: the most; frames beyond are dropped to catch up
    int maxConcealFrames = 3;  // after this much concealment with nothing buffered, the talkspurt ended
};

enum class PlayoutKind {
    Idle,       // nobody is talking (or the buffer is filling): play nothing
    Frame,      // decode `frame`
    Recovered,  // the frame is missing: decode its FEC copy from `frame`, the one after it
    Concealed,  // the frame is missing and so is the next: Opus' concealment
};

struct Playout {
    PlayoutKind kind = PlayoutKind::Idle;
    VoiceFrame frame;
};

struct JitterStats {
    std::uint64_t received = 0, played = 0, recovered = 0, concealed = 0;
    std::uint64_t late = 0, duplicate = 0, dropped = 0;
    double jitterSeconds = 0.0;  // the held spread of arrival times
    int targetFrames = 0;        // the depth the next talkspurt will wait for
};

class JitterBuffer {
public:
    explicit JitterBuffer(const JitterBufferOptions& options = {});

    void push(VoiceFrame frame, double arrivalSeconds);
    // One playout tick (every 20 ms).
    Playout pop();

    int bufferedFrames() const { return int(frames_.size()); }
    bool playing() const { return state_ == State::Playing; }
    const JitterStats& stats() const { return stats_; }

private:
    enum class State { Buffering, Playing };
    void measure(const VoiceFrame& frame, double arrivalSeconds);
    Playout playNext();
    void dropOverflow();
    void startPlaying();
    void restartBuffering();

    JitterBufferOptions options_;
    State state_ = State::Buffering;
    std::map<std::uint32_t, VoiceFrame> frames_;  // by sequence (wraps after 2.7 years of speech)
    std::uint32_t expected_ = 0;
    int waited_ = 0;         // ticks spent buffering with something buffered
    int concealStreak_ = 0;  // consecutive ticks concealed with nothing buffered
    int delayFrames_ = 0;    // the playout delay this talkspurt runs at, in frames
    int surplusTicks_ = 0;   // consecutive ticks with more buffered than the target
    std::deque<double> transits_;
    double heldSpread_ = 0.0;
    JitterStats stats_;
};

}  // namespace atrium::audio
