#include "atrium/audio/voice_chat.hpp"

#include <array>

namespace atrium::audio {
namespace {

constexpr double kFrameSeconds = kFrameMs / 1000.0;
constexpr double kSpeakingHoldSeconds = 0.25;

// Keeps the first failure of a pass that goes on after it.
void keepFirst(Status& first, Status next) {
    if (first.ok() && !next.ok()) first = std::move(next);
}

}  // namespace

struct VoiceChat::Remote {
    Remote(std::uint64_t id, const JitterBufferOptions& options, VoiceDecoder d, SpeakerHandle h)
        : jitter(options), decoder(std::move(d)), handle(h) {
        state.id = id;
    }
    RemoteSpeaker state;
    JitterBuffer jitter;
    VoiceDecoder decoder;
    SpeakerHandle handle = 0;
    double lastVoiceTime = -1e9;
};

VoiceChat::VoiceChat(std::unique_ptr<CaptureSource> microphone, VoiceEncoder encoder, std::unique_ptr<VoicePlayback> playback,
                     const VoiceChatOptions& options)
    : microphone_(std::move(microphone)), encoder_(std::move(encoder)), playback_(std::move(playback)), options_(options) {
    local_.talkMode = options.talkMode;
}

VoiceChat::~VoiceChat() = default;

Result<std::unique_ptr<VoiceChat>> VoiceChat::create(std::unique_ptr<CaptureSource> microphone, const VoiceChatOptions& options) {
    auto encoder = VoiceEncoder::create(options.encoder);
    if (!encoder) return encoder.error();
    auto playback = VoicePlayback::open(options.playback);
    if (!playback) return playback.error();
    return std::unique_ptr<VoiceChat>(new VoiceChat(std::move(microphone), std::move(*encoder), std::move(*playback), options));
}

Status VoiceChat::update(double dt) {
    if (!(dt >= 0.0)) return Error{"voice: update() with a negative time step"};
    time_ += dt;
    Status result = captureFrames(dt);
    playoutClock_ += dt;
    while (playoutClock_ >= kFrameSeconds - 1e-9) {
        playoutClock_ -= kFrameSeconds;
        keepFirst(result, playoutTick());
    }
    return result;
}

Status VoiceChat::captureFrames(double dt) {
    if (!microphone_) return Ok{};
    microphone_->advance(dt);
    std::array<float, kFrameSamples> chunk{};
    Status result = Ok{};
    for (;;) {
        const std::size_t need = kFrameSamples - pending_.size();
        const std::size_t got = microphone_->read(std::span<float>(chunk.data(), need));
        pending_.insert(pending_.end(), chunk.begin(), chunk.begin() + std::ptrdiff_t(got));
        if (pending_.size() < kFrameSamples) break;
        keepFirst(result, processFrame(pending_));
        pending_.clear();
    }
    return result;
}

Status VoiceChat::processFrame(std::span<float> frame) {
    applyGain(frame, options_.inputGain);
    processNoiseGate(gate_, options_.gate, frame);
    local_.voiceDetected = detectVoice(vad_, options_.activity, frame);
    local_.inputLevelDb = vad_.lastLevelDb;
    const bool send = shouldTransmit(local_.talkMode, local_.pushToTalkHeld, local_.voiceDetected);
    if (!send) {
        if (local_.transmitting) encoder_.restartTalkspurt();
        local_.transmitting = false;
        return Ok{};
    }
    auto encoded = encoder_.encode(frame);
    if (!encoded) return encoded.error();
    local_.transmitting = encoded->has_value();
    if (!local_.transmitting) return Ok{};
    outgoing_.push_back(encodeVoiceFrame(**encoded));
    ++local_.framesSent;
    return Ok{};
}

std::vector<std::vector<std::uint8_t>> VoiceChat::takeOutgoing() {
    std::vector<std::vector<std::uint8_t>> out;
    out.swap(outgoing_);
    return out;
}

void VoiceChat::setListener(vec3 position, vec3 forward, vec3 up) { playback_->setListener(position, forward, up); }

Result<VoiceChat::Remote*> VoiceChat::remote(std::uint64_t id) {
    auto it = remotes_.find(id);
    if (it != remotes_.end()) return it->second.get();
    auto decoder = VoiceDecoder::create();
    if (!decoder) return decoder.error();
    auto handle = playback_->addSpeaker();
    if (!handle) return handle.error();
    auto r = std::make_unique<Remote>(id, options_.jitter, std::move(*decoder), *handle);
    return remotes_.emplace(id, std::move(r)).first->second.get();
}

Status VoiceChat::receive(std::uint64_t id, std::span<const std::uint8_t> bytes) {
    auto r = remote(id);
    if (!r) return r.error();
    auto frame = decodeVoiceFrame(bytes);
    if (!frame) {
        ++(*r)->state.refused;
        return Error{"voice from " + std::to_string(id) + ": " + frame.error().message};
    }
    (*r)->jitter.push(std::move(*frame), time_);
    return Ok{};
}

void VoiceChat::setSpeakerPosition(std::uint64_t id, vec3 head) {
    if (auto r = remote(id)) {
        (*r)->state.position = head;
        playback_->setPosition((*r)->handle, head);
    }
}

void VoiceChat::setSpeakerMode(std::uint64_t id, SpeakerMode mode) {
    if (auto r = remote(id)) {
        (*r)->state.mode = mode;
        playback_->setMode((*r)->handle, mode);
    }
}

void VoiceChat::setSpeakerVolume(std::uint64_t id, float volume) {
    if (auto r = remote(id)) {
        (*r)->state.volume = volume;
        playback_->setVolume((*r)->handle, volume);
    }
}

void VoiceChat::setSpeakerMuted(std::uint64_t id, bool muted) {
    if (auto r = remote(id)) {
        (*r)->state.muted = muted;
        playback_->setMuted((*r)->handle, muted);
    }
}

void VoiceChat::removeSpeaker(std::uint64_t id) {
    auto it = remotes_.find(id);
    if (it == remotes_.end()) return;
    playback_->removeSpeaker(it->second->handle);
    remotes_.erase(it);
}

std::vector<RemoteSpeaker> VoiceChat::speakers() const {
    std::vector<RemoteSpeaker> out;
    out.reserve(remotes_.size());
    for (const auto& [id, r] : remotes_) {
        RemoteSpeaker s = r->state;
        s.speaking = time_ - r->lastVoiceTime < kSpeakingHoldSeconds;
        s.jitter = r->jitter.stats();
        out.push_back(s);
    }
    return out;
}

Status VoiceChat::playoutTick() {
    Status result = Ok{};
    for (auto& [id, r] : remotes_) keepFirst(result, playRemote(*r));
    return result;
}

Status VoiceChat::playRemote(Remote& r) {
    Playout p = r.jitter.pop();
    if (p.kind == PlayoutKind::Idle) return Ok{};
    std::array<float, kFrameSamples> pcm{};
    Status decoded = Ok{};
    switch (p.kind) {
        case PlayoutKind::Frame: decoded = r.decoder.decode(p.frame, pcm); break;
        case PlayoutKind::Recovered: decoded = r.decoder.recover(p.frame, pcm); break;
        case PlayoutKind::Concealed: decoded = r.decoder.conceal(pcm); break;
        case PlayoutKind::Idle: break;
    }
    if (!decoded) {
        ++r.state.refused;
        return Error{"voice from " + std::to_string(r.state.id) + ": " + decoded.error().message};
    }
    r.state.levelDb = rmsDbfs(pcm);
    if (p.kind != PlayoutKind::Concealed && r.state.levelDb >= options_.speakingThresholdDb) r.lastVoiceTime = time_;
    return playback_->queue(r.handle, pcm);
}

}  // namespace atrium::audio
