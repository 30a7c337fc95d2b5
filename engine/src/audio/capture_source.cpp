#include "atrium/audio/capture_source.hpp"

#include <AL/al.h>
#include <AL/alc.h>

#include <algorithm>
#include <cmath>

#include "atrium/audio/wav_file.hpp"
#include "openal_names.hpp"

namespace atrium::audio {
namespace {

// A quarter second of device buffer: enough to ride out a slow frame of the app.
constexpr ALCsizei kCaptureBufferSamples = kSampleRate / 4;

class DeviceCapture final : public CaptureSource {
public:
    DeviceCapture(ALCdevice* device, std::string name) : device_(device), name_(std::move(name)) { alcCaptureStart(device_); }
    ~DeviceCapture() override {
        alcCaptureStop(device_);
        alcCaptureCloseDevice(device_);
    }
    DeviceCapture(const DeviceCapture&) = delete;
    DeviceCapture& operator=(const DeviceCapture&) = delete;

    void advance(double) override {}
    std::size_t read(std::span<float> out) override {
        ALCint available = 0;
        alcGetIntegerv(device_, ALC_CAPTURE_SAMPLES, 1, &available);
        const std::size_t n = std::min(out.size(), std::size_t(std::max(0, available)));
        if (n == 0) return 0;
        scratch_.resize(n);
        alcCaptureSamples(device_, scratch_.data(), ALCsizei(n));
        for (std::size_t i = 0; i < n; ++i) out[i] = float(scratch_[i]) / 32768.0f;
        return n;
    }
    bool finished() const override { return false; }
    std::string name() const override { return name_; }

private:
    ALCdevice* device_;
    std::string name_;
    std::vector<ALshort> scratch_;
};

class BufferSource final : public CaptureSource {
public:
    BufferSource(PcmBuffer pcm, std::string name, bool loop) : pcm_(std::move(pcm)), name_(std::move(name)), loop_(loop) {}

    void advance(double seconds) override { released_ += std::max(0.0, seconds) * kSampleRate; }
    std::size_t read(std::span<float> out) override {
        std::size_t written = 0;
        while (written < out.size() && double(taken_) + 1.0 <= released_ && !pcm_.samples.empty()) {
            if (position_ == pcm_.samples.size()) {
                if (!loop_) break;
                position_ = 0;
            }
            out[written++] = pcm_.samples[position_++];
            ++taken_;
        }
        return written;
    }
    bool finished() const override { return !loop_ && position_ == pcm_.samples.size(); }
    std::string name() const override { return name_; }

private:
    PcmBuffer pcm_;
    std::string name_;
    bool loop_;
    double released_ = 0.0;    // samples of time that have passed
    std::uint64_t taken_ = 0;  // samples handed out (loops included)
    std::size_t position_ = 0;
};

}  // namespace

std::vector<std::string> listCaptureDevices() { return splitDeviceList(alcGetString(nullptr, ALC_CAPTURE_DEVICE_SPECIFIER)); }

Result<std::unique_ptr<CaptureSource>> openCaptureDevice(const std::string& device) {
    ALCdevice* d = alcCaptureOpenDevice(device.empty() ? nullptr : device.c_str(), kSampleRate, AL_FORMAT_MONO16, kCaptureBufferSamples);
    if (!d) return Error{device.empty() ? "audio: no default capture device" : "audio: cannot open capture device '" + device + "'"};
    const ALCchar* actual = alcGetString(d, ALC_CAPTURE_DEVICE_SPECIFIER);
    return std::unique_ptr<CaptureSource>(std::make_unique<DeviceCapture>(d, actual ? actual : device));
}

Result<std::unique_ptr<CaptureSource>> openWavSource(const std::filesystem::path& path, bool loop) {
    auto pcm = readWav(path);
    if (!pcm) return pcm.error();
    if (pcm->samples.empty()) return Error{"no samples to play as a microphone", path.string()};
    return makeBufferSource(toVoiceFormat(*pcm), path.filename().string(), loop);
}

std::unique_ptr<CaptureSource> makeBufferSource(const PcmBuffer& pcm, std::string name, bool loop) {
    return std::make_unique<BufferSource>(toVoiceFormat(pcm), std::move(name), loop);
}

}  // namespace atrium::audio
