// MediaScreens in a running venue (atrium/runtime/media_screens.hpp): a generated clip whose
// every picture carries its own frame number (ten bars, bit i in bar i, white is 1) plays on a
// screen, is drawn offscreen on lavapipe and read back from the image.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "atrium/core/log.hpp"
#include "atrium/runtime/runtime.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace atrium;

namespace {

constexpr int kBits = 10;
constexpr std::uint32_t kWidth = 320, kHeight = 180;

fs::path scratch() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("atrium_media_screen_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// A 30 fps H.264 clip, 3 s, frame number in bars.
fs::path counterClip() {
    const fs::path out = scratch() / "counter.mp4";
    if (fs::exists(out)) return out;
    std::ostringstream cmd;
    cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=black:s=320x180:r=30:d=3,format=gray,geq=lum='255*mod(floor(N/pow(2,floor(X*"
        << kBits << "/W))),2)'\" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30 " << out;
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    return out;
}

RuntimeOptions headless() {
    RuntimeOptions o;
    o.window = false;
    o.renderer.validation = true;
    o.renderer.shadowMapSize = 512;
    return o;
}

// A 4 x 2.25 m screen at `position` facing +z, as the screen kit builds one.
Entity addScreen(World& w, const std::string& source, vec3 position, bool autoplay) {
    Entity e = w.create("screen");
    Transform* t = w.get<Transform>(e);
    t->position = position;
    t->rotation = glm::angleAxis(glm::half_pi<float>(), vec3(1, 0, 0));
    t->scale = vec3(4.0f, 1.0f, 2.25f);
    w.add<MeshRenderer>(e, MeshRenderer{.mesh = "builtin:plane", .material = "builtin:screen", .castShadows = false});
    w.add<MediaScreen>(e, MediaScreen{.source = source, .resolutionX = 640, .resolutionY = 360, .autoplay = autoplay});
    return e;
}

CameraView facingTheScreen() {
    CameraView cam;
    cam.eye = vec3(0.0f, 0.0f, 3.0f);
    cam.target = vec3(0.0f);
    cam.fovYDegrees = 45.0f;
    return cam;
}

// Renders until the screen shows the picture for media time `t` (or 20 s pass), then reads
// the frame number off the image. -1: the picture never came.
int numberShown(Runtime& rt, StableId screen, double t) {
    Result<Image> img = Error{"not rendered"};
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        img = rt.renderOffscreen(kWidth, kHeight);
        if (!img) return -1;
        const MediaScreens::Screen* s = rt.media().screen(screen);
        if (s && std::abs(s->shownTime - t) < 0.5 / 30.0) break;
        if (std::chrono::steady_clock::now() > end) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Each bar's centre, projected from the screen's plane into the image.
    const CameraView cam = rt.camera();
    const mat4 vp = cam.projection(float(kWidth) / float(kHeight)) * cam.view();
    int n = 0;
    for (int bit = 0; bit < kBits; ++bit) {
        const float x = (float(bit) + 0.5f) / float(kBits) * 4.0f - 2.0f;
        const vec4 clip = vp * vec4(x, 0.0f, 0.0f, 1.0f);
        const auto px = std::uint32_t((clip.x / clip.w * 0.5f + 0.5f) * float(kWidth));
        const auto py = std::uint32_t((clip.y / clip.w * 0.5f + 0.5f) * float(kHeight));
        if (img->pixel(px, py)[1] > 128) n |= 1 << bit;
    }
    return n;
}

// A TCP port nobody listens on now (bound and let go).
std::uint16_t freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    ::close(fd);
    EXPECT_TRUE(bound) << "no free port on 127.0.0.1";
    return ntohs(a.sin_port);
}

// Whether something listens on 127.0.0.1:port, read from /proc/net/tcp: connecting to look
// would take the stream's one listen slot.
bool listening(std::uint16_t port) {
    std::ifstream f("/proc/net/tcp");
    std::string line;
    char want[16];
    std::snprintf(want, sizeof want, ":%04X", port);
    while (std::getline(f, line)) {
        std::istringstream in(line);
        std::string slot, local, remote, state;
        in >> slot >> local >> remote >> state;
        if (state == "0A" && local.size() > 5 && local.substr(local.size() - 5) == want) return true;
    }
    return false;
}

// `ffmpeg -re ... -f mpegts -listen 1 http://127.0.0.1:PORT`: a live stream served by the test,
// stopped by the test (or when it ends).
struct LiveStream {
    pid_t pid = -1;
    std::string url;
    explicit LiveStream(std::uint16_t port) {
        url = "http://127.0.0.1:" + std::to_string(port);
        std::vector<std::string> args = {"ffmpeg",
                                         "-nostdin",
                                         "-v",
                                         "error",
                                         "-re",
                                         "-f",
                                         "lavfi",
                                         "-i",
                                         "testsrc=size=320x180:rate=30",
                                         "-t",
                                         "60",
                                         "-c:v",
                                         "libx264",
                                         "-preset",
                                         "ultrafast",
                                         "-tune",
                                         "zerolatency",
                                         "-g",
                                         "15",
                                         "-pix_fmt",
                                         "yuv420p",
                                         "-f",
                                         "mpegts",
                                         "-listen",
                                         "1",
                                         url};
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (::posix_spawnp(&pid, "ffmpeg", nullptr, nullptr, argv.data(), environ) != 0) pid = -1;
    }
    void stop() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        pid = -1;
    }
    ~LiveStream() { stop(); }
};

// Runs frames (and draws them) until `done` or 20 s; false when it never happened.
template <typename Done>
bool runUntil(Runtime& rt, Done done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < end) {
        if (!rt.frame(1.0 / 30.0) || !rt.renderOffscreen(kWidth, kHeight)) return false;
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// Captures the warnings logged while it lives.
struct LogCapture {
    std::mutex mutex;
    std::string text;
    LogSink previous;
    LogCapture() {
        previous = setLogSink([this](LogLevel level, std::string_view channel, std::string_view message) {
            if (level < LogLevel::Warn) return;
            std::lock_guard lock(mutex);
            text += std::string(channel) + ": " + std::string(message) + "\n";
        });
    }
    ~LogCapture() { setLogSink(previous); }
    bool has(const std::string& s) {
        std::lock_guard lock(mutex);
        return text.find(s) != std::string::npos;
    }
};

}  // namespace

TEST(MediaScreens, APausedScreenShowsTheFrameItWasSoughtTo) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity screen = addScreen(r.world(), counterClip().string(), vec3(0.0f), false);
    r.setCamera(facingTheScreen());
    ASSERT_TRUE(r.renderOffscreen(kWidth, kHeight));  // the screen's player starts
    media::MediaPlayer* p = r.media().player(r.world().stableId(screen));
    ASSERT_NE(p, nullptr);
    p->seek(1.5);
    EXPECT_EQ(numberShown(r, r.world().stableId(screen), 1.5), 45);
    p->seek(0.4);
    EXPECT_EQ(numberShown(r, r.world().stableId(screen), 0.4), 12);
}

TEST(MediaScreens, AnAutoplayingScreenRunsOnTheFrameClock) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity screen = addScreen(r.world(), counterClip().string(), vec3(0.0f), true);
    r.setCamera(facingTheScreen());
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(r.frame(1.0 / 30.0));
    EXPECT_EQ(numberShown(r, r.world().stableId(screen), 40.0 / 30.0), 40);
    const MediaScreens::Screen* s = r.media().screen(r.world().stableId(screen));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->status, media::MediaStatus::Playing);
    EXPECT_TRUE(s->visible);
}

TEST(MediaScreens, AScreenOutOfViewUploadsNothing) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity front = addScreen(r.world(), counterClip().string(), vec3(0.0f), true);
    Entity behind = addScreen(r.world(), counterClip().string(), vec3(0.0f, 0.0f, 10.0f), true);  // behind the camera
    r.setCamera(facingTheScreen());
    EXPECT_GE(numberShown(r, r.world().stableId(front), 0.0), 0);
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(r.frame(1.0 / 30.0));
        ASSERT_TRUE(r.renderOffscreen(kWidth, kHeight));
        EXPECT_LE(r.media().uploadsLastFrame(), 1u) << "only the screen in view uploads, at most once a frame";
    }
    const MediaScreens::Screen* f = r.media().screen(r.world().stableId(front));
    const MediaScreens::Screen* b = r.media().screen(r.world().stableId(behind));
    ASSERT_TRUE(f && b);
    EXPECT_TRUE(f->visible);
    EXPECT_GT(f->uploads, 1u);
    EXPECT_FALSE(b->visible);
    EXPECT_EQ(b->uploads, 0u);
}

TEST(MediaScreens, AScreenSmallInTheImageDecodesSmallerPictures) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity screen = addScreen(r.world(), counterClip().string(), vec3(0.0f), false);
    CameraView far = facingTheScreen();
    far.eye = vec3(0.0f, 0.0f, 40.0f);
    r.setCamera(far);
    ASSERT_TRUE(r.renderOffscreen(kWidth, kHeight));
    const MediaScreens::Screen* s = r.media().screen(r.world().stableId(screen));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->width, 80u);  // 4 m at 40 m fill about 24 of 320 pixels: 640 halved three times
    EXPECT_EQ(s->height, 45u);
    r.setCamera(facingTheScreen());
    ASSERT_TRUE(r.renderOffscreen(kWidth, kHeight));
    EXPECT_EQ(s->width, 320u);  // close up it fills about 290 pixels
}

TEST(MediaScreens, AMissingFileGivesAnErrorAndTheVenueKeepsDrawing) {
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity screen = addScreen(r.world(), (scratch() / "no_such_clip.mp4").string(), vec3(0.0f), true);
    r.setCamera(facingTheScreen());
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    const MediaScreens::Screen* s = nullptr;
    while (std::chrono::steady_clock::now() < end) {
        ASSERT_TRUE(r.frame(1.0 / 30.0));
        ASSERT_TRUE(r.renderOffscreen(kWidth, kHeight));
        s = r.media().screen(r.world().stableId(screen));
        if (s && s->status == media::MediaStatus::Error) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->status, media::MediaStatus::Error);
    EXPECT_NE(s->message.find("no_such_clip.mp4"), std::string::npos) << s->message;
    EXPECT_TRUE(r.renderOffscreen(kWidth, kHeight));
}

TEST(MediaScreens, PictureSizeHalvesInStepsDownToWhatIsSeen) {
    std::uint32_t w = 0, h = 0;
    mediaPictureSize(1920, 1080, 300.0f, w, h);
    EXPECT_EQ(w, 480u);
    EXPECT_EQ(h, 270u);
    mediaPictureSize(1920, 1080, 5000.0f, w, h);
    EXPECT_EQ(w, 1920u);
    mediaPictureSize(1920, 1080, 1.0f, w, h);
    EXPECT_EQ(w, 120u);  // never below 64 wide
}

TEST(MediaScreens, ALiveStreamPlaysAndItsEndIsReportedWhileTheVenueRuns) {
    LogCapture log;
    LiveStream stream(freePort());
    ASSERT_GT(stream.pid, 0) << "ffmpeg did not start";
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!listening(std::uint16_t(std::stoi(stream.url.substr(stream.url.rfind(':') + 1)))) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    Entity screen = addScreen(r.world(), stream.url, vec3(0.0f), true);
    r.setCamera(facingTheScreen());
    const StableId id = r.world().stableId(screen);
    ASSERT_TRUE(runUntil(r,
                         [&] {
                             const MediaScreens::Screen* s = r.media().screen(id);
                             return s && s->uploads >= 10;
                         }))
        << "no pictures from " << stream.url;
    EXPECT_TRUE(r.media().player(id)->info().live);
    EXPECT_EQ(r.media().screen(id)->status, media::MediaStatus::Playing);
    // testsrc is colourful where the counter clip is grey: the stream's picture is on the screen.
    Result<Image> img = r.renderOffscreen(kWidth, kHeight);
    ASSERT_TRUE(img);
    int coloured = 0;
    for (std::uint32_t x = 40; x < kWidth - 40; x += 4) {
        const std::uint8_t* p = img->pixel(x, kHeight / 2);
        coloured += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 60;
    }
    EXPECT_GT(coloured, 5);

    stream.stop();  // the stream dies midway
    ASSERT_TRUE(runUntil(r, [&] { return r.media().screen(id)->status == media::MediaStatus::Error; }));
    const std::string message = r.media().screen(id)->message;
    EXPECT_NE(message.find(stream.url), std::string::npos) << message;
    EXPECT_NE(message.find("stream"), std::string::npos) << message;
    EXPECT_TRUE(log.has(stream.url)) << log.text;
    EXPECT_TRUE(r.renderOffscreen(kWidth, kHeight)) << "the venue keeps drawing";
    EXPECT_TRUE(r.frame(1.0 / 30.0));
}

TEST(MediaScreens, AnUnreachableUrlIsReportedOnTheScreenAndInTheLog) {
    LogCapture log;
    auto rt = Runtime::create(headless());
    ASSERT_TRUE(rt) << rt.error().toString();
    Runtime& r = **rt;
    const std::string url = "http://127.0.0.1:" + std::to_string(freePort()) + "/live.ts";
    Entity screen = addScreen(r.world(), url, vec3(0.0f), true);
    r.setCamera(facingTheScreen());
    const StableId id = r.world().stableId(screen);
    ASSERT_TRUE(runUntil(r, [&] {
        const MediaScreens::Screen* s = r.media().screen(id);
        return s && s->status == media::MediaStatus::Error;
    }));
    EXPECT_NE(r.media().screen(id)->message.find(url), std::string::npos) << r.media().screen(id)->message;
    EXPECT_TRUE(log.has("screen " + toHex(id))) << log.text;
    EXPECT_EQ(r.media().screen(id)->uploads, 0u);
    EXPECT_TRUE(r.renderOffscreen(kWidth, kHeight));
}
