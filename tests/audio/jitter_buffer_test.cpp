#include <gtest/gtest.h>

#include "atrium/audio/jitter_buffer.hpp"

using namespace atrium::audio;

namespace {

constexpr double kTick = 0.02;

VoiceFrame frame(std::uint32_t sequence, bool start = false) {
    return VoiceFrame{sequence, std::uint8_t(start ? kTalkspurtStart : 0), {std::uint8_t(sequence)}};
}

// Arrival on time: no jitter, so the depth stays at its minimum of two frames.
double onTime(std::uint32_t sequence) { return sequence * kTick; }

// Pops until something plays or `limit` ticks pass; returns the ticks spent idle.
int idleTicks(JitterBuffer& jb, Playout& out, int limit = 20) {
    for (int i = 0; i < limit; ++i) {
        out = jb.pop();
        if (out.kind != PlayoutKind::Idle) return i;
    }
    return limit;
}

}  // namespace

TEST(JitterBuffer, WaitsForItsDepthThenPlaysInOrder) {
    JitterBuffer jb;
    jb.push(frame(0, true), 0.0);
    EXPECT_EQ(jb.pop().kind, PlayoutKind::Idle);  // one frame, depth two
    jb.push(frame(1), 0.02);
    for (std::uint32_t s = 0; s < 2; ++s) {
        Playout p = jb.pop();
        ASSERT_EQ(p.kind, PlayoutKind::Frame);
        EXPECT_EQ(p.frame.sequence, s);
    }
    EXPECT_EQ(jb.stats().targetFrames, 2);
}

TEST(JitterBuffer, ReordersFramesThatArriveOutOfOrder) {
    JitterBuffer jb;
    for (std::uint32_t s : {0u, 2u, 1u, 4u, 3u}) jb.push(frame(s, s == 0), onTime(s));
    for (std::uint32_t s = 0; s < 5; ++s) {
        Playout p = jb.pop();
        ASSERT_EQ(p.kind, PlayoutKind::Frame) << s;
        EXPECT_EQ(p.frame.sequence, s);
    }
}

TEST(JitterBuffer, AMissingFrameIsRecoveredFromTheNextOrConcealed) {
    JitterBuffer jb;
    for (std::uint32_t s : {0u, 1u, 3u, 6u, 7u}) jb.push(frame(s, s == 0), onTime(s));
    std::vector<PlayoutKind> kinds;
    std::vector<std::uint32_t> sequences;
    for (int i = 0; i < 8; ++i) {
        Playout p = jb.pop();
        kinds.push_back(p.kind);
        sequences.push_back(p.frame.sequence);
    }
    using K = PlayoutKind;
    // 2 is lost with 3 here (FEC from 3); 4 is lost without 5 (concealed); 5 is lost with 6 (FEC).
    EXPECT_EQ(kinds, (std::vector<K>{K::Frame, K::Frame, K::Recovered, K::Frame, K::Concealed, K::Recovered, K::Frame, K::Frame}));
    EXPECT_EQ(sequences[2], 3u);
    EXPECT_EQ(sequences[5], 6u);
    EXPECT_EQ(jb.stats().recovered, 2u);
    EXPECT_EQ(jb.stats().concealed, 1u);
}

TEST(JitterBuffer, LateAndDuplicateFramesAreDroppedAndCounted) {
    JitterBuffer jb;
    jb.push(frame(0, true), onTime(0));
    jb.push(frame(1), onTime(1));
    jb.push(frame(1), onTime(1));
    EXPECT_EQ(jb.stats().duplicate, 1u);
    EXPECT_EQ(jb.pop().frame.sequence, 0u);
    EXPECT_EQ(jb.pop().frame.sequence, 1u);
    jb.push(frame(0), onTime(0));
    EXPECT_EQ(jb.stats().late, 1u);
    EXPECT_EQ(jb.bufferedFrames(), 0);
}

TEST(JitterBuffer, AFrameTooLateIsDroppedAndTheDelayGrowsToTheNewTarget) {
    JitterBuffer jb;
    jb.push(frame(0, true), onTime(0));
    jb.push(frame(1), onTime(1));
    jb.pop();
    jb.pop();
    EXPECT_EQ(jb.pop().kind, PlayoutKind::Concealed);  // 2 has not come: its time passes
    jb.push(frame(2), onTime(2) + 0.045);              // 45 ms late
    EXPECT_EQ(jb.stats().late, 1u);
    EXPECT_EQ(jb.stats().targetFrames, 4);  // a 45 ms spread (less 5 ms of tolerance): 2 frames, the one playing, the next
    jb.push(frame(3), onTime(3));
    jb.push(frame(4), onTime(4));
    // The delay grows to the target, a concealed frame a tick, before 3 plays: from 2 to 4.
    for (int i = 0; i < 2; ++i) EXPECT_EQ(jb.pop().kind, PlayoutKind::Concealed) << i;
    Playout p = jb.pop();
    EXPECT_EQ(p.kind, PlayoutKind::Frame);
    EXPECT_EQ(p.frame.sequence, 3u);
}

TEST(JitterBuffer, TheDelayShrinksBackWhenTheLinkCalmsDown) {
    JitterBuffer jb;
    std::uint32_t s = 0;
    // A second of 60 ms jitter, then calm: at 0.998 a frame the held spread is under the 5 ms
    // tolerance after about 25 s.
    for (; s < 50; ++s) {
        jb.push(frame(s, s == 0), onTime(s) + (s % 2 ? 0.06 : 0.0));
        jb.pop();
    }
    const int jittery = jb.stats().targetFrames;
    EXPECT_EQ(jittery, 5);
    for (; s < 1400; ++s) {
        jb.push(frame(s), onTime(s) + 0.06);
        jb.pop();
    }
    EXPECT_EQ(jb.stats().targetFrames, 2);
    EXPECT_LE(jb.bufferedFrames(), 3);
    EXPECT_GE(jb.stats().dropped, 1u);
}

TEST(JitterBuffer, ATalkspurtEndsAfterConcealingAndTheNextOneBuffersAgain) {
    JitterBufferOptions options;
    options.maxConcealFrames = 3;
    JitterBuffer jb(options);
    jb.push(frame(0, true), 0.0);
    jb.push(frame(1), 0.02);
    jb.pop();
    jb.pop();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(jb.pop().kind, PlayoutKind::Concealed);
    EXPECT_EQ(jb.pop().kind, PlayoutKind::Idle);
    EXPECT_FALSE(jb.playing());
    jb.push(frame(2, true), 1.0);
    Playout p;
    EXPECT_EQ(idleTicks(jb, p), 1);  // waits one tick for its depth of two
    EXPECT_EQ(p.kind, PlayoutKind::Frame);
    EXPECT_EQ(p.frame.sequence, 2u);
}

TEST(JitterBuffer, DepthGrowsWithMeasuredJitterAndStaysInBounds) {
    JitterBuffer calm, jittery;
    std::uint32_t seed = 7;
    for (std::uint32_t s = 0; s < 100; ++s) {
        seed = seed * 1664525u + 1013904223u;
        const double jitter = double(seed >> 8) / double(1u << 24) * 0.030;  // 0-30 ms
        calm.push(frame(s, s == 0), s * kTick + 0.005);
        jittery.push(frame(s, s == 0), s * kTick + jitter);
        calm.pop();
        jittery.pop();
    }
    EXPECT_EQ(calm.stats().targetFrames, 2);     // 40 ms, the floor
    EXPECT_EQ(jittery.stats().targetFrames, 4);  // 80 ms for up to 30 ms of jitter
    EXPECT_GT(jittery.stats().jitterSeconds, 0.02);

    JitterBuffer wild;
    for (std::uint32_t s = 0; s < 20; ++s) wild.push(frame(s, s == 0), s % 2 ? s * kTick + 1.0 : s * kTick);
    EXPECT_EQ(wild.stats().targetFrames, JitterBufferOptions{}.maxFrames);
}

TEST(JitterBuffer, OverflowDropsTheOldestToCatchUp) {
    JitterBufferOptions options;
    options.maxFrames = 4;
    JitterBuffer jb(options);
    for (std::uint32_t s = 0; s < 10; ++s) jb.push(frame(s, s == 0), 0.0);
    EXPECT_EQ(jb.bufferedFrames(), 4);
    EXPECT_EQ(jb.stats().dropped, 6u);
    Playout p = jb.pop();
    EXPECT_EQ(p.frame.sequence, 6u);
}

TEST(JitterBuffer, ASenderThatJumpsFarAheadIsResynchronised) {
    JitterBuffer jb;
    jb.push(frame(0, true), onTime(0));
    jb.push(frame(1), onTime(1));
    jb.pop();
    jb.push(frame(100000, true), 0.1);
    jb.push(frame(100001), 0.12);
    Playout p;
    idleTicks(jb, p);
    EXPECT_EQ(p.kind, PlayoutKind::Frame);
    EXPECT_EQ(p.frame.sequence, 100000u);
}
