#pragma once
// Where in its media a screen is, and how a client keeps that where the server says it is.
namespace atrium::media {

struct MediaClock {
    double position = 0.0;  // seconds into the media
    double rate = 1.0;      // media seconds per wall second (1, nudged a little while catching up)
    bool playing = false;
};

// How far the rate may be nudged: 5% is not heard as a pitch change on speech and music, and closes
// a gap of one frame interval (33 ms at 30 fps) in under a second.
inline constexpr double kMaxRateNudge = 0.05;

// Moves a playing clock `dt` wall seconds on at its rate; a paused clock stays.
void advance(MediaClock& clock, double dt);

// Moves the clock `dt` on while steering it to `target` (where the server says the media is at
// this moment). Off by more than `frameInterval`: jumps there (a seek) and returns true. Closer:
// the rate is nudged (at most kMaxRateNudge) so that the gap closes over about a second, because
// a jump of less than a frame is visible as a stutter while a rate change is not.
bool follow(MediaClock& clock, double target, double dt, double frameInterval);

}  // namespace atrium::media
