#pragma once
// The running venue's media: one media::MediaPlayer per MediaScreen that names a source (a video
// file, a live stream's URL or a PDF), owned here and not by the scene, which keeps only the
// screen's plain data (source, autoplay, loop, volume). Each frame the pictures reach the
// renderer: at most one upload a frame per screen, only when the picture changed, sized to how
// large the screen is on screen, and none for a screen out of view. Their sound goes to an
// audio::VoicePlayback (playAudio): one streaming source per playing screen, at the screen.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "atrium/media/media_player.hpp"
#include "atrium/render/camera_view.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

namespace audio {
class VoicePlayback;
}

class MediaScreens {
public:
    // What one screen is doing, for an app's status line and the tests.
    struct Screen {
        StableId id;
        std::string source;
        media::MediaStatus status = media::MediaStatus::Opening;
        std::string message;      // why, for Error ("cannot open video/x.mp4: ...")
        bool visible = false;     // in view at the last present()
        std::uint32_t width = 0;  // the size pictures are decoded at now (follows the screen's size on screen)
        std::uint32_t height = 0;
        std::uint64_t uploads = 0;  // pictures handed to the renderer so far
        double shownTime = -1.0;    // media time of the picture last handed over (-1: none yet)
        std::uint32_t page = 0;     // slides
        std::uint32_t item = 0;     // a playlist's item playing (0-based; 0 without a playlist)
        bool audible = false;       // a source of the playback is playing its sound (playAudio)
        double heardUntil = -1.0;   // media time of the end of the sound queued so far (-1: none)
    };

    // Relative sources resolve against `root` (the venue file's folder).
    explicit MediaScreens(std::filesystem::path root = {});
    ~MediaScreens();
    MediaScreens(const MediaScreens&) = delete;
    MediaScreens& operator=(const MediaScreens&) = delete;

    // Drops every player (a new venue) and resolves later sources against `root`.
    void reset(std::filesystem::path root);

    // Starts, replaces and drops players to match the World's screens (a new or changed source
    // starts a player: playing when the screen autoplays), then moves the clocks of the screens
    // no server steers on by `dt`. A screen with a playlist plays its items in turn: an item that
    // ended starts the next at the next update (after the last, the first again if it loops).
    void update(const World& world, double dt);

    // Hands the renderer the new picture of every screen in `view` (an image `aspect` wide for
    // each unit of height, `viewportHeight` pixels high).
    void present(const World& world, Renderer& renderer, const CameraView& view, float aspect, std::uint32_t viewportHeight);

    // The player of a screen (null when it has none): play, pause, seek, pages.
    media::MediaPlayer* player(StableId screen);
    // Plays `source` on a screen instead of its component's (a server's choice, --media); ""
    // goes back to the component's. Takes effect at the next update().
    void setSource(StableId screen, const std::string& source);
    // Steers a screen's clock to the server's position from now on (media::follow) instead of
    // running it on its own; `playing` as the server says.
    void follow(StableId screen, double position, bool playing, double dt);

    // The server's volume for a screen (0 to 1), times the component's own; 1 until set.
    void setVolume(StableId screen, float volume);

    // Queues each playing screen's decoded sound up to its clock (plus `leadSeconds`, so the
    // stream never runs dry between frames) on a streaming source of `playback` at the screen's
    // centre, at the component's volume times the server's. A screen paused, ended or failed is
    // silent at once (its source and what it had queued are dropped). A seek drops the sound
    // queued from before it. Call once a frame after update(); the listener is the app's
    // (VoicePlayback::setListener at the camera). The sources are this object's: a different
    // playback, or none any more, is a call with another playback (or dropAudio()).
    void playAudio(const World& world, audio::VoicePlayback& playback, double leadSeconds = 0.1);
    // Removes every screen's source from the playback playAudio was last given.
    void dropAudio();

    // A line of text on each screen whose source failed, saying why (an app adds them to its
    // Renderer::setLabels); the screen itself turns dark red.
    std::vector<WorldLabel> statusLabels(const World& world) const;

    const Screen* screen(StableId id) const;
    std::vector<Screen> screens() const;
    std::uint32_t uploadsLastFrame() const { return uploadsLastFrame_; }

private:
    struct Entry;
    std::filesystem::path root_;
    std::unordered_map<StableId, std::unique_ptr<Entry>> entries_;
    std::unordered_map<StableId, std::string> sources_;  // setSource's
    std::unordered_map<StableId, float> volumes_;        // setVolume's
    std::unordered_map<StableId, std::size_t> items_;    // each playlist's item now
    std::unordered_set<StableId> advanced_;              // playlists moved on: their next item plays at once
    struct Sound {
        std::uint32_t speaker = 0;                   // audio::SpeakerHandle
        const media::MediaPlayer* player = nullptr;  // whose sound it plays (a new player: a new source)
        double end = -1.0;                           // media time the queued sound reaches
    };
    std::unordered_map<StableId, Sound> sounds_;  // playAudio's sources, by screen
    audio::VoicePlayback* soundPlayback_ = nullptr;
    std::uint32_t uploadsLastFrame_ = 0;
};

// The size a screen's pictures are decoded at when it covers `pixelsWide` pixels of the image:
// the component's resolution halved until one more halving would fall below what is seen (at
// least 64 pixels wide), so a screen far away decodes and uploads a quarter or less, and its size
// changes only in steps (a new size is a new texture).
void mediaPictureSize(std::uint32_t resolutionX, std::uint32_t resolutionY, float pixelsWide, std::uint32_t& width, std::uint32_t& height);

}  // namespace atrium
