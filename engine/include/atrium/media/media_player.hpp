#pragma once
// One screen's media: a video file, a live stream (anything FFmpeg opens: mp4, webm, mkv files,
// HLS, RTMP, SRT, HTTP) or a PDF's pages. It opens and decodes on a worker thread and the caller
// asks for the picture of a moment; nothing here blocks on the network or the decoder. A source
// that fails (a corrupt file, an unreachable URL, a stream that dies) sets status Error with the
// reason and logs it once; the player stays usable and the venue goes on.
#include <cstdint>
#include <memory>
#include <string>

#include "atrium/media/media_clock.hpp"
#include "atrium/media/media_frame.hpp"

namespace atrium::media {

struct PlayerOptions {
    std::uint32_t width = 0;  // pictures are scaled to this size; 0: the source's own size
    std::uint32_t height = 0;
    bool loop = false;
    double stallSeconds = 5.0;      // a network read waiting this long ends the stream with an error
    std::uint32_t framesAhead = 6;  // pictures decoded ahead of the one shown (memory vs. smoothness)
    int decoderThreads = 1;         // FFmpeg's own threads per decoder (0: as many as cores)
};

class MediaPlayer {
public:
    // Starts opening at once, on the worker; status() is Opening until the source answers.
    explicit MediaPlayer(std::string source, PlayerOptions options = {});
    ~MediaPlayer();
    MediaPlayer(const MediaPlayer&) = delete;
    MediaPlayer& operator=(const MediaPlayer&) = delete;

    const std::string& source() const;
    MediaStatus status() const;
    // Why the status is what it is: for Error the reason ("cannot connect to http://...:
    // Connection refused"), otherwise empty.
    std::string statusMessage() const;
    MediaInfo info() const;  // valid once status() has left Opening

    // The clock: play, pause, seek and loop act on it; update() moves it on by wall time.
    void play();
    void pause();
    void seek(double seconds);
    void setLoop(bool loop);
    void update(double dtSeconds);
    // Steers the clock to where the server says the media is now (see media::follow); true when
    // that was a jump.
    bool follow(double targetSeconds, double dtSeconds);
    const MediaClock& clock() const;

    // The picture for the clock's position (a live stream: the newest one), or null before the
    // first. Its sequence changes only when the picture does, so an uploader can skip repeats.
    std::shared_ptr<const VideoFrame> frame();
    // The picture for a media time (the latest one at or before it); jumps further than the
    // pictures decoded ahead make the worker seek. Slides ignore the time and give the page.
    std::shared_ptr<const VideoFrame> frameAt(double seconds);

    // Decoded sound up to a media time, in order, and no longer kept here (the caller queues it
    // to the audio layer). Sound the caller never takes is dropped after about two seconds.
    AudioBlock takeAudio(double untilSeconds);

    // Scales later pictures to this size (a screen small on screen needs fewer pixels).
    void setOutputSize(std::uint32_t width, std::uint32_t height);

    // Slides: the page shown (0-based), clamped to the document.
    std::uint32_t page() const;
    void setPage(std::uint32_t page);
    void nextPage();
    void previousPage();

    struct Shared;  // the state the worker and the caller share (internal)

private:
    std::shared_ptr<Shared> shared_;
    MediaClock clock_;
};

// True when a source names a PDF (by its extension): such a source is shown as slides.
bool isSlides(const std::string& source);

}  // namespace atrium::media
