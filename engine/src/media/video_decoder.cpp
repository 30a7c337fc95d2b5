// The FFmpeg worker: demux, decode, scale to RGBA (swscale) and resample to 48 kHz mono
// (swresample), a few pictures ahead of what the caller shows.
#include <chrono>
#include <cmath>
#include <string>

#include "atrium/core/log.hpp"
#include "player_shared.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace atrium::media {
namespace {

using Clock = std::chrono::steady_clock;

std::string avError(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

bool isUrl(const std::string& source) {
    const auto colon = source.find("://");
    return colon != std::string::npos && source.compare(0, colon, "file") != 0;
}

// FFmpeg calls this inside every blocking read: it ends the read when the player closes or when
// the network has said nothing for `stallSeconds` (a stream that hangs instead of closing).
struct Watchdog {
    const MediaPlayer::Shared* shared = nullptr;
    Clock::time_point deadline = Clock::time_point::max();
    bool stalled = false;

    void arm(double seconds) { deadline = Clock::now() + std::chrono::microseconds(std::int64_t(seconds * 1e6)); }
    static int check(void* self) {
        auto* w = static_cast<Watchdog*>(self);
        if (w->shared->stop) return 1;
        if (Clock::now() < w->deadline) return 0;
        w->stalled = true;
        return 1;
    }
};

struct StreamDecoder {
    AVCodecContext* ctx = nullptr;
    int index = -1;
    AVRational timeBase{1, 1};
};

class VideoDecoder {
public:
    explicit VideoDecoder(MediaPlayer::Shared& s) : s_(s) { watchdog_.shared = &s; }
    ~VideoDecoder() {
        sws_freeContext(sws_);
        swr_free(&swr_);
        av_frame_free(&frame_);
        av_packet_free(&packet_);
        avcodec_free_context(&video_.ctx);
        avcodec_free_context(&audio_.ctx);
        avformat_close_input(&format_);
    }
    VideoDecoder(const VideoDecoder&) = delete;
    VideoDecoder& operator=(const VideoDecoder&) = delete;

    bool open();
    void run();

private:
    bool openStream(AVMediaType type, StreamDecoder& out);
    bool waitForWork(double& seekTo);
    void seek(double target);
    bool readOne();
    void decode(StreamDecoder& d, const AVPacket* packet);
    void emitVideo();
    void emitAudio();
    double seconds(std::int64_t pts, AVRational tb) const { return double(pts) * av_q2d(tb) - startTime_; }

    MediaPlayer::Shared& s_;
    Watchdog watchdog_;
    AVFormatContext* format_ = nullptr;
    StreamDecoder video_, audio_;
    SwsContext* sws_ = nullptr;
    SwrContext* swr_ = nullptr;
    AVPacket* packet_ = nullptr;
    AVFrame* frame_ = nullptr;
    MediaInfo info_;
    double startTime_ = 0.0;
    double skipBefore_ = -1e300;  // after a seek: pictures and sound before this are not handed out
    bool liveStartKnown_ = false;
    bool audioOff_ = false;  // the sound could not be resampled: the pictures go on without it
    std::uint64_t corruptPackets_ = 0;
};

bool VideoDecoder::open() {
    format_ = avformat_alloc_context();
    format_->interrupt_callback = {&Watchdog::check, &watchdog_};
    AVDictionary* options = nullptr;
    const std::string timeoutUs = std::to_string(std::int64_t(s_.options.stallSeconds * 1e6));
    av_dict_set(&options, "rw_timeout", timeoutUs.c_str(), 0);
    watchdog_.arm(s_.options.stallSeconds);
    int rc = avformat_open_input(&format_, s_.source.c_str(), nullptr, &options);
    av_dict_free(&options);
    if (rc < 0) {
        const std::string why = watchdog_.stalled ? "no answer in " + std::to_string(int(s_.options.stallSeconds)) + " s" : avError(rc);
        s_.fail((isUrl(s_.source) ? "cannot reach " : "cannot open ") + s_.source + ": " + why);
        return false;
    }
    watchdog_.arm(s_.options.stallSeconds);
    if ((rc = avformat_find_stream_info(format_, nullptr)) < 0) {
        s_.fail("cannot read " + s_.source + " (corrupt or not media): " + avError(rc));
        return false;
    }
    if (!openStream(AVMEDIA_TYPE_VIDEO, video_)) {
        if (!s_.failed) s_.fail("no video FFmpeg can decode in " + s_.source);
        return false;
    }
    openStream(AVMEDIA_TYPE_AUDIO, audio_);
    const AVStream* vs = format_->streams[video_.index];
    const bool seekable = format_->pb && (format_->pb->seekable & AVIO_SEEKABLE_NORMAL);
    info_.duration = format_->duration != AV_NOPTS_VALUE ? double(format_->duration) / AV_TIME_BASE : 0.0;
    info_.live = !seekable || info_.duration <= 0.0;
    if (info_.live) info_.duration = 0.0;
    info_.frameRate = av_q2d(av_guess_frame_rate(format_, const_cast<AVStream*>(vs), nullptr));
    info_.sourceWidth = std::uint32_t(video_.ctx->width);
    info_.sourceHeight = std::uint32_t(video_.ctx->height);
    info_.hasAudio = audio_.ctx != nullptr;
    startTime_ = format_->start_time != AV_NOPTS_VALUE ? double(format_->start_time) / AV_TIME_BASE : 0.0;
    packet_ = av_packet_alloc();
    frame_ = av_frame_alloc();
    s_.markOpened(info_);
    return true;
}

bool VideoDecoder::openStream(AVMediaType type, StreamDecoder& out) {
    const AVCodec* codec = nullptr;
    const int index = av_find_best_stream(format_, type, -1, -1, &codec, 0);
    if (index < 0 || !codec) return false;
    AVCodecContext* ctx = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(ctx, format_->streams[index]->codecpar);
    ctx->thread_count = s_.options.decoderThreads;
    if (int rc = avcodec_open2(ctx, codec, nullptr); rc < 0) {
        avcodec_free_context(&ctx);
        if (type == AVMEDIA_TYPE_VIDEO) s_.fail("cannot decode the video of " + s_.source + ": " + avError(rc));
        return false;
    }
    out = {ctx, index, format_->streams[index]->time_base};
    return true;
}

// Blocks until there is room for another picture, a seek, or stop. False: stop.
bool VideoDecoder::waitForWork(double& seekTo) {
    std::unique_lock lock(s_.mutex);
    s_.wake.wait(lock, [&] { return s_.stop || s_.seekPending || (!s_.endOfMedia && s_.frames.size() < s_.options.framesAhead); });
    if (s_.stop) return false;
    seekTo = -1.0;
    if (s_.seekPending) {
        seekTo = s_.seekTarget;
        s_.seekPending = false;
    }
    return true;
}

void VideoDecoder::seek(double target) {
    const auto ts = std::int64_t((target + startTime_) * AV_TIME_BASE);
    watchdog_.arm(s_.options.stallSeconds);
    if (int rc = av_seek_frame(format_, -1, ts, AVSEEK_FLAG_BACKWARD); rc < 0)
        s_.fail("cannot seek " + s_.source + " to " + std::to_string(target) + " s: " + avError(rc));
    if (video_.ctx) avcodec_flush_buffers(video_.ctx);
    if (audio_.ctx) avcodec_flush_buffers(audio_.ctx);
    const double interval = info_.frameRate > 0.0 ? 1.0 / info_.frameRate : 0.0;
    skipBefore_ = target - interval + 1e-4;
    std::lock_guard lock(s_.mutex);
    s_.frames.clear();
    s_.audio.clear();
    s_.audioSamples = 0;
    s_.endOfMedia = false;
}

// Reads and decodes one packet. False: the source ended for good (stop, or an error set).
bool VideoDecoder::readOne() {
    watchdog_.arm(s_.options.stallSeconds);
    const int rc = av_read_frame(format_, packet_);
    if (rc == AVERROR_EOF || (rc < 0 && format_->pb && avio_feof(format_->pb) && !watchdog_.stalled)) {
        if (info_.live) {
            s_.fail("the stream stopped: " + s_.source);
            return false;
        }
        decode(video_, nullptr);  // the pictures the decoder still holds
        if (audio_.ctx) decode(audio_, nullptr);
        avcodec_flush_buffers(video_.ctx);
        if (audio_.ctx) avcodec_flush_buffers(audio_.ctx);
        std::lock_guard lock(s_.mutex);
        s_.endOfMedia = true;
        return true;
    }
    if (rc < 0) {
        if (s_.stop) return false;
        const std::string why = watchdog_.stalled ? "no data for " + std::to_string(int(s_.options.stallSeconds)) + " s" : avError(rc);
        s_.fail((info_.live ? "the stream died: " : "cannot read ") + s_.source + ": " + why);
        return false;
    }
    if (packet_->stream_index == video_.index) decode(video_, packet_);
    else if (audio_.ctx && packet_->stream_index == audio_.index) decode(audio_, packet_);
    av_packet_unref(packet_);
    return true;
}

void VideoDecoder::decode(StreamDecoder& d, const AVPacket* packet) {
    if (int rc = avcodec_send_packet(d.ctx, packet); rc < 0 && rc != AVERROR_EOF) {
        // A damaged packet costs its picture, not the screen: the next keyframe recovers.
        if (++corruptPackets_ == 1) logWarn("media", s_.source + ": skipping damaged data: " + avError(rc));
        return;
    }
    while (avcodec_receive_frame(d.ctx, frame_) >= 0) {
        if (&d == &video_) emitVideo();
        else emitAudio();
        av_frame_unref(frame_);
    }
}

void VideoDecoder::emitVideo() {
    std::int64_t pts = frame_->best_effort_timestamp;
    if (pts == AV_NOPTS_VALUE) pts = frame_->pts;
    double t = pts == AV_NOPTS_VALUE ? 0.0 : seconds(pts, video_.timeBase);
    if (info_.live) {
        // A live stream's clock starts wherever the sender's did: count from the first picture.
        if (!liveStartKnown_) startTime_ += t;
        liveStartKnown_ = true;
        t = pts == AV_NOPTS_VALUE ? 0.0 : seconds(pts, video_.timeBase);
    } else if (t < skipBefore_) {
        return;
    }
    std::uint32_t w = 0, h = 0;
    {
        std::lock_guard lock(s_.mutex);
        w = s_.outWidth ? s_.outWidth : std::uint32_t(frame_->width);
        h = s_.outHeight ? s_.outHeight : std::uint32_t(frame_->height);
    }
    sws_ = sws_getCachedContext(sws_, frame_->width, frame_->height, AVPixelFormat(frame_->format), int(w), int(h), AV_PIX_FMT_RGBA,
                                SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!sws_) return s_.fail("cannot convert the pictures of " + s_.source + " to RGBA");
    VideoFrame out;
    out.width = w;
    out.height = h;
    out.time = t;
    out.rgba.resize(std::size_t(w) * h * 4);
    std::uint8_t* planes[4] = {out.rgba.data(), nullptr, nullptr, nullptr};
    const int strides[4] = {int(w * 4), 0, 0, 0};
    sws_scale(sws_, frame_->data, frame_->linesize, 0, frame_->height, planes, strides);
    s_.pushFrame(std::move(out));
}

void VideoDecoder::emitAudio() {
    if (audioOff_) return;
    if (!swr_) {
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        if (swr_alloc_set_opts2(&swr_, &mono, AV_SAMPLE_FMT_FLT, kAudioSampleRate, &audio_.ctx->ch_layout, audio_.ctx->sample_fmt,
                                audio_.ctx->sample_rate, 0, nullptr) < 0 ||
            swr_init(swr_) < 0) {
            swr_free(&swr_);
            audioOff_ = true;
            logWarn("media", s_.source + ": cannot resample its sound; playing without it");
            return;
        }
    }
    const double t = frame_->pts == AV_NOPTS_VALUE ? 0.0 : seconds(frame_->pts, audio_.timeBase);
    if (!info_.live && t < skipBefore_) return;
    AudioBlock block;
    block.time = t;
    block.samples.resize(std::size_t(swr_get_out_samples(swr_, frame_->nb_samples)));
    auto* out = reinterpret_cast<std::uint8_t*>(block.samples.data());
    const int n = swr_convert(swr_, &out, int(block.samples.size()), const_cast<const std::uint8_t**>(frame_->extended_data),
                              frame_->nb_samples);
    if (n <= 0) return;
    block.samples.resize(std::size_t(n));
    s_.pushAudio(std::move(block));
}

void VideoDecoder::run() {
    double seekTo = -1.0;
    while (waitForWork(seekTo)) {
        if (seekTo >= 0.0 && !info_.live) seek(seekTo);
        if (s_.failed) return;
        bool ended = false;
        {
            std::lock_guard lock(s_.mutex);
            ended = s_.endOfMedia;
        }
        if (!ended && !readOne()) return;
    }
}

}  // namespace

void runVideoWorker(MediaPlayer::Shared& shared) {
    VideoDecoder decoder(shared);
    if (decoder.open()) decoder.run();
}

}  // namespace atrium::media
