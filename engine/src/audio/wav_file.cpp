#include "atrium/audio/wav_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "atrium/scene/venue_file.hpp"  // writeFileAtomically

namespace atrium::audio {
namespace {

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatFloat = 3;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;

std::uint32_t u32(const unsigned char* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}
std::uint16_t u16(const unsigned char* p) { return std::uint16_t(p[0] | p[1] << 8); }

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xFF));
}
void put16(std::string& out, std::uint16_t v) {
    out.push_back(char(v & 0xFF));
    out.push_back(char(v >> 8));
}

struct Format {
    std::uint16_t tag = 0;
    int channels = 0;
    int sampleRate = 0;
    int bits = 0;
};

Result<Format> parseFmt(const unsigned char* p, std::uint32_t size, const std::string& name) {
    if (size < 16) return Error{"fmt chunk: " + std::to_string(size) + " bytes, expected at least 16", name};
    Format f{u16(p), u16(p + 2), int(u32(p + 4)), u16(p + 14)};
    // WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of its sub-format GUID.
    if (f.tag == kFormatExtensible && size >= 26) f.tag = u16(p + 24);
    if (f.tag != kFormatPcm && f.tag != kFormatFloat)
        return Error{"fmt chunk: format tag " + std::to_string(f.tag) + " is not PCM (1) or IEEE float (3)", name};
    if (f.channels < 1 || f.channels > 8) return Error{"fmt chunk: " + std::to_string(f.channels) + " channels, expected 1 to 8", name};
    if (f.sampleRate < 8000 || f.sampleRate > 192000)
        return Error{"fmt chunk: sample rate " + std::to_string(f.sampleRate) + " Hz, expected 8000 to 192000", name};
    bool supported = (f.tag == kFormatPcm && (f.bits == 16 || f.bits == 24 || f.bits == 32)) || (f.tag == kFormatFloat && f.bits == 32);
    if (!supported)
        return Error{"fmt chunk: " + std::to_string(f.bits) + "-bit samples in format " + std::to_string(f.tag) + " are not supported", name};
    return f;
}

float sampleAt(const unsigned char* p, const Format& f) {
    if (f.tag == kFormatFloat) {
        float v;
        std::memcpy(&v, p, sizeof v);
        return std::isfinite(v) ? std::clamp(v, -1.0f, 1.0f) : 0.0f;
    }
    if (f.bits == 16) return float(std::int16_t(u16(p))) / 32768.0f;
    if (f.bits == 24) {
        auto v = std::int32_t(std::uint32_t(p[0]) << 8 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 24);  // sign from the top byte
        return float(double(v) / 2147483648.0);
    }
    return float(double(std::int32_t(u32(p))) / 2147483648.0);
}

}  // namespace

Result<PcmBuffer> parseWav(std::span<const unsigned char> bytes, const std::string& name) {
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 || std::memcmp(bytes.data() + 8, "WAVE", 4) != 0)
        return Error{"not a WAV file (no RIFF/WAVE header)", name};
    std::optional<Format> format;
    std::size_t at = 12;
    while (at + 8 <= bytes.size()) {
        const unsigned char* chunk = bytes.data() + at;
        std::uint32_t size = u32(chunk + 4);
        std::size_t body = at + 8;
        std::string id(reinterpret_cast<const char*>(chunk), 4);
        if (size > bytes.size() - body)
            return Error{"chunk '" + id + "' at byte " + std::to_string(at) + " runs past the end of the file", name};
        if (id == "fmt ") {
            auto f = parseFmt(bytes.data() + body, size, name);
            if (!f) return f.error();
            format = *f;
        } else if (id == "data") {
            if (!format) return Error{"data chunk before the fmt chunk", name};
            std::size_t step = std::size_t(format->bits / 8);
            std::size_t count = size / step / std::size_t(format->channels) * std::size_t(format->channels);
            PcmBuffer pcm{format->sampleRate, format->channels, {}};
            pcm.samples.resize(count);
            const unsigned char* base = bytes.data() + body;
            for (std::size_t i = 0; i < count; ++i) pcm.samples[i] = sampleAt(base + i * step, *format);
            return pcm;
        }
        at = body + size + (size & 1);  // chunks are padded to an even size
    }
    return Error{format ? "no data chunk" : "no fmt chunk", name};
}

Result<PcmBuffer> readWav(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open for reading", path.string()};
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseWav(bytes, path.string());
}

Status writeWav(const std::filesystem::path& path, const PcmBuffer& pcm) {
    if (pcm.channels < 1 || pcm.sampleRate < 1)
        return Error{"cannot write a WAV with " + std::to_string(pcm.channels) + " channels", path.string()};
    const std::uint32_t dataBytes = std::uint32_t(pcm.samples.size() * 2);
    std::string out;
    out.reserve(44 + dataBytes);
    out += "RIFF";
    put32(out, 36 + dataBytes);
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, kFormatPcm);
    put16(out, std::uint16_t(pcm.channels));
    put32(out, std::uint32_t(pcm.sampleRate));
    put32(out, std::uint32_t(pcm.sampleRate * pcm.channels * 2));
    put16(out, std::uint16_t(pcm.channels * 2));
    put16(out, 16);
    out += "data";
    put32(out, dataBytes);
    for (float s : pcm.samples) put16(out, std::uint16_t(std::int16_t(std::lround(std::clamp(s, -1.0f, 1.0f) * 32767.0f))));
    return writeFileAtomically(path, out);
}

PcmBuffer toVoiceFormat(const PcmBuffer& pcm) {
    const std::size_t frames = pcm.frames();
    std::vector<float> mono(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        float sum = 0.0f;
        for (int c = 0; c < pcm.channels; ++c) sum += pcm.samples[i * std::size_t(pcm.channels) + std::size_t(c)];
        mono[i] = sum / float(pcm.channels);
    }
    PcmBuffer out{kSampleRate, 1, {}};
    if (pcm.sampleRate == kSampleRate || frames == 0) {
        out.samples = std::move(mono);
        return out;
    }
    const double ratio = double(pcm.sampleRate) / kSampleRate;
    const auto outFrames = std::size_t(double(frames) / ratio);
    out.samples.resize(outFrames);
    for (std::size_t i = 0; i < outFrames; ++i) {
        double pos = double(i) * ratio;
        auto i0 = std::size_t(pos);
        std::size_t i1 = std::min(i0 + 1, frames - 1);
        auto t = float(pos - double(i0));
        out.samples[i] = mono[i0] + (mono[i1] - mono[i0]) * t;
    }
    return out;
}

}  // namespace atrium::audio
