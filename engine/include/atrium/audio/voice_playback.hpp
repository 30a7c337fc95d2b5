#pragma once
// Spatial voice playback through OpenAL Soft: one streaming source per remote speaker at their
// avatar's head, the listener at the local camera, inverse-clamped distance roll-off and HRTF.
// Without a device (CI, servers, the file sink) the same mix is rendered by ALC_SOFT_loopback into
// a buffer the caller pulls, so distance attenuation and HRTF are real there too.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "atrium/audio/pcm.hpp"
#include "atrium/core/error.hpp"
#include "atrium/core/math.hpp"

namespace atrium::audio {

enum class HrtfMode {
    Auto,  // a device: OpenAL decides (headphones detected); loopback: on when a data set exists
    On,    // requested; still off when no HRTF data fits the output (see hrtfEnabled())
    Off,
};

// OpenAL's inverse distance clamped model: gain = ref / (ref + rolloff x (clamp(d, ref, max) - ref)).
struct DistanceModel {
    float referenceDistance = 1.5f;  // metres: full level up to here
    float maxDistance = 30.0f;       // metres: no quieter beyond here
    float rolloff = 1.0f;
};

struct PlaybackOptions {
    std::string device;     // a name from listPlaybackDevices(); empty: the default
    bool loopback = false;  // no device: the caller renders the mix with render()
    HrtfMode hrtf = HrtfMode::Auto;
    DistanceModel distance;
};

enum class SpeakerMode {
    Spatial,  // at their position, attenuated by distance
    Stage,    // a PA: non-positional at full level wherever the listener is
};

using SpeakerHandle = std::uint32_t;

std::vector<std::string> listPlaybackDevices();

class VoicePlayback {
public:
    static Result<std::unique_ptr<VoicePlayback>> open(const PlaybackOptions& options = {});
    ~VoicePlayback();
    VoicePlayback(const VoicePlayback&) = delete;
    VoicePlayback& operator=(const VoicePlayback&) = delete;

    const std::string& deviceName() const;
    bool loopback() const;
    bool hrtfEnabled() const;
    const DistanceModel& distance() const;

    // Looking along `forward` with `up` up; right-handed like the World.
    void setListener(vec3 position, vec3 forward, vec3 up = {0.0f, 1.0f, 0.0f});

    Result<SpeakerHandle> addSpeaker();
    void removeSpeaker(SpeakerHandle speaker);
    void setPosition(SpeakerHandle speaker, vec3 position);
    void setMode(SpeakerHandle speaker, SpeakerMode mode);
    void setVolume(SpeakerHandle speaker, float volume);  // linear, 1 = as sent
    void setMuted(SpeakerHandle speaker, bool muted);
    // Appends mono 48 kHz samples to the speaker's stream; a stream that ran dry restarts.
    Status queue(SpeakerHandle speaker, std::span<const float> samples);
    // Samples queued and not played yet.
    std::size_t pendingSamples(SpeakerHandle speaker) const;

    // Loopback only: renders out.size() / 2 stereo frames (interleaved left, right) of the mix.
    Status render(std::span<float> stereo);

    struct State;  // OpenAL objects; defined in src/

private:
    explicit VoicePlayback(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace atrium::audio
