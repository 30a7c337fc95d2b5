#include "atrium/audio/voice_playback.hpp"

#include <AL/al.h>
#include <AL/alc.h>
#include <AL/alext.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "openal_names.hpp"

namespace atrium::audio {
namespace {

// Half a second queued per speaker at most: more means nothing is draining the stream.
constexpr std::size_t kMaxQueuedSamples = kSampleRate / 2;

struct Speaker {
    ALuint source = 0;
    std::vector<ALuint> freeBuffers;
    std::unordered_map<ALuint, std::size_t> queuedSizes;  // buffer -> samples
    SpeakerMode mode = SpeakerMode::Spatial;
    vec3 position{0.0f};
    float volume = 1.0f;
    bool muted = false;
};

struct Loopback {
    LPALCLOOPBACKOPENDEVICESOFT open = nullptr;
    LPALCRENDERSAMPLESSOFT render = nullptr;
};

Loopback loopbackFunctions() {
    Loopback f;
    if (alcIsExtensionPresent(nullptr, "ALC_SOFT_loopback") != ALC_TRUE) return f;
    // The casts are how OpenAL hands out extension entry points.
    f.open = reinterpret_cast<LPALCLOOPBACKOPENDEVICESOFT>(alcGetProcAddress(nullptr, "alcLoopbackOpenDeviceSOFT"));  // NOLINT
    f.render = reinterpret_cast<LPALCRENDERSAMPLESSOFT>(alcGetProcAddress(nullptr, "alcRenderSamplesSOFT"));          // NOLINT
    return f;
}

ALCint hrtfAttribute(HrtfMode mode, bool loopback) {
    switch (mode) {
        case HrtfMode::On: return ALC_TRUE;
        case HrtfMode::Off: return ALC_FALSE;
        case HrtfMode::Auto: return loopback ? ALC_TRUE : ALC_DONT_CARE_SOFT;
    }
    return ALC_DONT_CARE_SOFT;
}

// ALC_EXT_thread_local_context where OpenAL has it (OpenAL Soft always does), else the process-wide one.
void makeCurrent(ALCcontext* context) {
    using SetThreadContext = ALCboolean(ALC_APIENTRY*)(ALCcontext*);
    // NOLINTNEXTLINE: OpenAL hands out extension entry points as void pointers
    static const auto setThreadContext = reinterpret_cast<SetThreadContext>(alcGetProcAddress(nullptr, "alcSetThreadContext"));
    if (setThreadContext) setThreadContext(context);
    else alcMakeContextCurrent(context);
}

}  // namespace

struct VoicePlayback::State {
    ALCdevice* device = nullptr;
    ALCcontext* context = nullptr;
    Loopback loopback;
    bool isLoopback = false;
    bool hrtf = false;
    std::string name;
    DistanceModel distance;
    std::unordered_map<SpeakerHandle, Speaker> speakers;
    SpeakerHandle nextHandle = 1;
    std::vector<ALshort> scratch;

    // Every call makes this context current on the calling thread, so several playbacks (two
    // listeners in one test, or an editor preview beside the app) never act on each other.
    void use() const { makeCurrent(context); }
    Speaker* find(SpeakerHandle h) {
        auto it = speakers.find(h);
        return it == speakers.end() ? nullptr : &it->second;
    }
    void apply(const Speaker& s) const {
        const bool stage = s.mode == SpeakerMode::Stage;
        alSourcei(s.source, AL_SOURCE_RELATIVE, stage ? AL_TRUE : AL_FALSE);
        const vec3 p = stage ? vec3(0.0f) : s.position;
        alSource3f(s.source, AL_POSITION, p.x, p.y, p.z);
        alSourcef(s.source, AL_ROLLOFF_FACTOR, stage ? 0.0f : distance.rolloff);
        alSourcef(s.source, AL_GAIN, s.muted ? 0.0f : std::max(0.0f, s.volume));
    }
    void reclaim(Speaker& s) const {
        ALint processed = 0;
        alGetSourcei(s.source, AL_BUFFERS_PROCESSED, &processed);
        while (processed-- > 0) {
            ALuint b = 0;
            alSourceUnqueueBuffers(s.source, 1, &b);
            s.queuedSizes.erase(b);
            s.freeBuffers.push_back(b);
        }
    }
    ~State() {
        if (context) {
            use();
            for (auto& [h, s] : speakers) {
                alSourceStop(s.source);
                alSourcei(s.source, AL_BUFFER, 0);
                alDeleteSources(1, &s.source);
                for (auto& [b, n] : s.queuedSizes) alDeleteBuffers(1, &b);
                if (!s.freeBuffers.empty()) alDeleteBuffers(ALsizei(s.freeBuffers.size()), s.freeBuffers.data());
            }
            makeCurrent(nullptr);
            alcDestroyContext(context);
        }
        if (device) alcCloseDevice(device);
    }
};

std::vector<std::string> listPlaybackDevices() {
    if (alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT") == ALC_TRUE)
        return splitDeviceList(alcGetString(nullptr, ALC_ALL_DEVICES_SPECIFIER));
    return splitDeviceList(alcGetString(nullptr, ALC_DEVICE_SPECIFIER));
}

VoicePlayback::VoicePlayback(std::unique_ptr<State> state) : state_(std::move(state)) {}
VoicePlayback::~VoicePlayback() = default;

Result<std::unique_ptr<VoicePlayback>> VoicePlayback::open(const PlaybackOptions& options) {
    const DistanceModel& d = options.distance;
    if (!(d.referenceDistance > 0.0f) || !(d.maxDistance >= d.referenceDistance) || !(d.rolloff >= 0.0f))
        return Error{"audio: distance model needs 0 < referenceDistance <= maxDistance and rolloff >= 0"};
    auto state = std::make_unique<State>();
    state->distance = d;
    state->isLoopback = options.loopback;
    std::vector<ALCint> attributes;
    if (options.loopback) {
        state->loopback = loopbackFunctions();
        if (!state->loopback.open || !state->loopback.render)
            return Error{"audio: OpenAL has no ALC_SOFT_loopback: cannot render without a device"};
        state->device = state->loopback.open(nullptr);
        if (!state->device) return Error{"audio: cannot open an OpenAL loopback device"};
        attributes = {ALC_FORMAT_CHANNELS_SOFT, ALC_STEREO_SOFT, ALC_FORMAT_TYPE_SOFT, ALC_FLOAT_SOFT, ALC_FREQUENCY, kSampleRate};
        state->name = "loopback";
    } else {
        state->device = alcOpenDevice(options.device.empty() ? nullptr : options.device.c_str());
        if (!state->device)
            return Error{options.device.empty() ? "audio: no default playback device"
                                                : "audio: cannot open playback device '" + options.device + "'"};
        const ALCchar* name = alcGetString(state->device, ALC_ALL_DEVICES_SPECIFIER);
        state->name = name ? name : options.device;
        attributes = {ALC_FREQUENCY, kSampleRate};
    }
    if (alcIsExtensionPresent(state->device, "ALC_SOFT_HRTF") == ALC_TRUE)
        attributes.insert(attributes.end(), {ALC_HRTF_SOFT, hrtfAttribute(options.hrtf, options.loopback)});
    attributes.push_back(0);
    state->context = alcCreateContext(state->device, attributes.data());
    if (!state->context) return Error{"audio: cannot create an OpenAL context on '" + state->name + "'"};
    state->use();
    ALCint hrtf = ALC_FALSE;
    if (alcIsExtensionPresent(state->device, "ALC_SOFT_HRTF") == ALC_TRUE) alcGetIntegerv(state->device, ALC_HRTF_SOFT, 1, &hrtf);
    state->hrtf = hrtf == ALC_TRUE;
    alDistanceModel(AL_INVERSE_DISTANCE_CLAMPED);
    return std::unique_ptr<VoicePlayback>(new VoicePlayback(std::move(state)));
}

const std::string& VoicePlayback::deviceName() const { return state_->name; }
bool VoicePlayback::loopback() const { return state_->isLoopback; }
bool VoicePlayback::hrtfEnabled() const { return state_->hrtf; }
const DistanceModel& VoicePlayback::distance() const { return state_->distance; }

void VoicePlayback::setListener(vec3 position, vec3 forward, vec3 up) {
    state_->use();
    alListener3f(AL_POSITION, position.x, position.y, position.z);
    const ALfloat orientation[6] = {forward.x, forward.y, forward.z, up.x, up.y, up.z};
    alListenerfv(AL_ORIENTATION, orientation);
}

Result<SpeakerHandle> VoicePlayback::addSpeaker() {
    state_->use();
    Speaker s;
    alGetError();
    alGenSources(1, &s.source);
    if (alGetError() != AL_NO_ERROR) return Error{"audio: out of OpenAL sources (" + std::to_string(state_->speakers.size()) + " speakers)"};
    alSourcef(s.source, AL_REFERENCE_DISTANCE, state_->distance.referenceDistance);
    alSourcef(s.source, AL_MAX_DISTANCE, state_->distance.maxDistance);
    state_->apply(s);
    SpeakerHandle h = state_->nextHandle++;
    state_->speakers.emplace(h, std::move(s));
    return h;
}

void VoicePlayback::removeSpeaker(SpeakerHandle speaker) {
    Speaker* s = state_->find(speaker);
    if (!s) return;
    state_->use();
    alSourceStop(s->source);
    alSourcei(s->source, AL_BUFFER, 0);  // unqueues everything
    alDeleteSources(1, &s->source);
    for (auto& [b, n] : s->queuedSizes) s->freeBuffers.push_back(b);
    if (!s->freeBuffers.empty()) alDeleteBuffers(ALsizei(s->freeBuffers.size()), s->freeBuffers.data());
    state_->speakers.erase(speaker);
}

void VoicePlayback::setPosition(SpeakerHandle speaker, vec3 position) {
    if (Speaker* s = state_->find(speaker)) {
        s->position = position;
        state_->use();
        state_->apply(*s);
    }
}

void VoicePlayback::setMode(SpeakerHandle speaker, SpeakerMode mode) {
    if (Speaker* s = state_->find(speaker)) {
        s->mode = mode;
        state_->use();
        state_->apply(*s);
    }
}

void VoicePlayback::setVolume(SpeakerHandle speaker, float volume) {
    if (Speaker* s = state_->find(speaker)) {
        s->volume = volume;
        state_->use();
        state_->apply(*s);
    }
}

void VoicePlayback::setMuted(SpeakerHandle speaker, bool muted) {
    if (Speaker* s = state_->find(speaker)) {
        s->muted = muted;
        state_->use();
        state_->apply(*s);
    }
}

Status VoicePlayback::queue(SpeakerHandle speaker, std::span<const float> samples) {
    Speaker* s = state_->find(speaker);
    if (!s) return Error{"audio: no speaker " + std::to_string(speaker)};
    if (samples.empty()) return Ok{};
    state_->use();
    state_->reclaim(*s);
    if (pendingSamples(speaker) + samples.size() > kMaxQueuedSamples)
        return Error{"audio: speaker " + std::to_string(speaker) + " is not draining (half a second queued)"};
    ALuint buffer = 0;
    if (s->freeBuffers.empty()) {
        alGenBuffers(1, &buffer);
    } else {
        buffer = s->freeBuffers.back();
        s->freeBuffers.pop_back();
    }
    state_->scratch.resize(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) state_->scratch[i] = ALshort(std::lround(std::clamp(samples[i], -1.0f, 1.0f) * 32767.0f));
    alGetError();
    alBufferData(buffer, AL_FORMAT_MONO16, state_->scratch.data(), ALsizei(samples.size() * sizeof(ALshort)), kSampleRate);
    alSourceQueueBuffers(s->source, 1, &buffer);
    if (ALenum err = alGetError(); err != AL_NO_ERROR) {
        s->freeBuffers.push_back(buffer);
        return Error{std::string("audio: queueing samples failed: ") + alGetString(err)};
    }
    s->queuedSizes[buffer] = samples.size();
    ALint playing = 0;
    alGetSourcei(s->source, AL_SOURCE_STATE, &playing);
    if (playing != AL_PLAYING) alSourcePlay(s->source);
    return Ok{};
}

std::size_t VoicePlayback::pendingSamples(SpeakerHandle speaker) const {
    Speaker* s = state_->find(speaker);
    if (!s) return 0;
    state_->use();
    state_->reclaim(*s);
    std::size_t total = 0;
    for (auto& [b, n] : s->queuedSizes) total += n;
    ALint offset = 0;
    alGetSourcei(s->source, AL_SAMPLE_OFFSET, &offset);
    return total - std::min(total, std::size_t(std::max(0, offset)));
}

Status VoicePlayback::render(std::span<float> stereo) {
    if (!state_->isLoopback) return Error{"audio: render() needs a loopback playback; '" + state_->name + "' is a device"};
    if (stereo.size() % 2 != 0) return Error{"audio: render() takes interleaved stereo: an even number of samples"};
    state_->use();
    state_->loopback.render(state_->device, stereo.data(), ALCsizei(stereo.size() / 2));
    return Ok{};
}

}  // namespace atrium::audio
