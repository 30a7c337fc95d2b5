#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "atrium/media/media_player.hpp"

namespace fs = std::filesystem;
using namespace atrium::media;

namespace {

constexpr int kBits = 10;  // the frame number in ten vertical bars, bit i in bar i: white is 1

fs::path scratch() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("atrium_media_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

// A 30 fps H.264 clip whose every picture shows its own frame number, with a 440 Hz tone.
fs::path counterClip(double seconds = 3.0) {
    const fs::path out = scratch() / ("counter_" + std::to_string(int(seconds * 10)) + ".mp4");
    if (fs::exists(out)) return out;
    std::ostringstream cmd;
    cmd << "ffmpeg -nostdin -v error -y -f lavfi -i \"color=black:s=320x240:r=30:d=" << seconds
        << ",format=gray,geq=lum='255*mod(floor(N/pow(2,floor(X*" << kBits << "/W))),2)'\" -f lavfi -i \"sine=frequency=440:duration=" << seconds
        << "\" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30 -c:a aac -shortest " << out;
    EXPECT_EQ(std::system(cmd.str().c_str()), 0) << cmd.str();
    return out;
}

int frameNumber(const VideoFrame& f) {
    int n = 0;
    const std::uint32_t y = f.height / 2;
    for (int bit = 0; bit < kBits; ++bit) {
        const auto x = std::uint32_t((bit + 0.5) * f.width / kBits);
        if (f.rgba[(std::size_t(y) * f.width + x) * 4] > 128) n |= 1 << bit;
    }
    return n;
}

template <typename Pred>
bool waitFor(Pred pred, double seconds = 10.0) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pred();
}

// The number shown at media time t once the player has caught up with it (-1: nothing came).
int numberAt(MediaPlayer& p, double t, int want = -1) {
    if (want < 0) want = int(std::floor(t * 30 + 1e-6));
    int got = -1;
    waitFor([&] {
        auto f = p.frameAt(t);
        if (f) got = frameNumber(*f);
        return got == want;
    });
    return got;
}

// A PDF of two 200 x 100 pt pages, the first filled red, the second blue, with a correct xref.
fs::path twoPagePdf() {
    const fs::path out = scratch() / "slides.pdf";
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 6 0 R >>",
    };
    for (const char* fill : {"1 0 0 rg 0 0 200 100 re f", "0 0 1 rg 0 0 200 100 re f"})
        objects.push_back("<< /Length " + std::to_string(std::strlen(fill)) + " >>\nstream\n" + fill + "\nendstream");
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t o : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::ofstream(out, std::ios::binary) << pdf;
    return out;
}

}  // namespace

TEST(MediaPlayer, OpensAFileAndReportsWhatItIs) {
    MediaPlayer p(counterClip().string());
    ASSERT_TRUE(waitFor([&] { return p.status() != MediaStatus::Opening; })) << p.statusMessage();
    EXPECT_EQ(p.status(), MediaStatus::Paused);
    const MediaInfo info = p.info();
    EXPECT_FALSE(info.live);
    EXPECT_NEAR(info.frameRate, 30.0, 0.01);
    EXPECT_NEAR(info.duration, 3.0, 0.1);
    EXPECT_EQ(info.sourceWidth, 320u);
    EXPECT_TRUE(info.hasAudio);
}

TEST(MediaPlayer, GivesTheFrameOfTheRequestedTime) {
    MediaPlayer p(counterClip().string());
    for (double t : {0.0, 0.5, 0.51, 1.0, 2.2, 0.3, 2.9})  // forward, then back: a seek each way
        EXPECT_EQ(numberAt(p, t), int(std::floor(t * 30 + 1e-6))) << "at " << t << " s";
}

TEST(MediaPlayer, ScalesToTheRequestedSize) {
    PlayerOptions options;
    options.width = 160;
    options.height = 90;
    MediaPlayer p(counterClip().string(), options);
    EXPECT_EQ(numberAt(p, 1.0), 30);
    auto f = p.frameAt(1.0);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->width, 160u);
    EXPECT_EQ(f->height, 90u);
    EXPECT_EQ(f->rgba.size(), 160u * 90u * 4u);
}

TEST(MediaPlayer, PlaysOnItsClockAndEnds) {
    MediaPlayer p(counterClip(1.0).string());
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Paused; }));
    p.play();
    p.update(0.5);
    EXPECT_EQ(p.status(), MediaStatus::Playing);
    EXPECT_EQ(numberAt(p, p.clock().position), 15);
    p.update(5.0);
    EXPECT_DOUBLE_EQ(p.clock().position, p.info().duration);  // held at the end without loop
    EXPECT_TRUE(waitFor([&] {
        p.frame();
        return p.status() == MediaStatus::Ended;
    }));
}

TEST(MediaPlayer, LoopingWrapsToTheStart) {
    PlayerOptions options;
    options.loop = true;
    MediaPlayer p(counterClip(1.0).string(), options);
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Paused; }));
    const double d = p.info().duration;
    const int expected = int(std::floor(std::fmod(d + 0.2, d) * 30 + 1e-6));
    EXPECT_EQ(numberAt(p, d + 0.2, expected), expected);
    EXPECT_LT(expected, 10);  // really wrapped to the start
    EXPECT_NE(p.status(), MediaStatus::Ended);
}

TEST(MediaPlayer, SoundComesResampledTo48kHzMono) {
    MediaPlayer p(counterClip().string());
    ASSERT_TRUE(waitFor([&] { return p.status() != MediaStatus::Opening; }));
    std::vector<float> all;
    double t = 0;
    waitFor([&] {
        t = std::min(t + 0.05, 1.0);
        p.frameAt(t);
        AudioBlock b = p.takeAudio(t);
        all.insert(all.end(), b.samples.begin(), b.samples.end());
        return all.size() >= 40000;
    });
    ASSERT_GE(all.size(), 40000u);
    // 440 Hz: 880 zero crossings a second, counted away from the codec's start-up.
    int crossings = 0;
    for (std::size_t i = 4801; i < 4800 + 24000; ++i) crossings += (all[i - 1] < 0) != (all[i] < 0);
    EXPECT_NEAR(crossings, 440, 6);
}

TEST(MediaPlayer, ACorruptFileGivesAClearError) {
    const fs::path bad = scratch() / "corrupt.mp4";
    {
        std::ofstream out(bad, std::ios::binary);
        for (int i = 0; i < 4096; ++i) out.put(char((i * 7919) & 0xff));
    }
    MediaPlayer p(bad.string());
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Error; }));
    EXPECT_NE(p.statusMessage().find(bad.string()), std::string::npos) << p.statusMessage();
    EXPECT_EQ(p.frame(), nullptr);
}

TEST(MediaPlayer, AMissingFileNamesIt) {
    MediaPlayer p((scratch() / "nothing.webm").string());
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Error; }));
    EXPECT_NE(p.statusMessage().find("cannot open"), std::string::npos) << p.statusMessage();
    EXPECT_NE(p.statusMessage().find("nothing.webm"), std::string::npos);
}

TEST(MediaPlayer, AnUnreachableUrlGivesAClearError) {
    MediaPlayer p("http://127.0.0.1:9/live.ts");  // discard port: nothing listens
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Error; }));
    EXPECT_NE(p.statusMessage().find("cannot reach http://127.0.0.1:9/live.ts"), std::string::npos) << p.statusMessage();
}

TEST(MediaPlayer, SlidesShowPagesAndTurn) {
    PlayerOptions options;
    options.width = 200;
    options.height = 100;
    MediaPlayer p(twoPagePdf().string(), options);
    ASSERT_TRUE(waitFor([&] { return p.status() != MediaStatus::Opening; })) << p.statusMessage();
    ASSERT_EQ(p.status(), MediaStatus::Playing) << p.statusMessage();
    EXPECT_TRUE(p.info().slides);
    EXPECT_EQ(p.info().pageCount, 2u);
    auto centre = [](const VideoFrame& f) { return &f.rgba[(std::size_t(f.height / 2) * f.width + f.width / 2) * 4]; };
    std::shared_ptr<const VideoFrame> f;
    ASSERT_TRUE(waitFor([&] { return (f = p.frame()) != nullptr; }));
    EXPECT_GT(centre(*f)[0], 200);
    EXPECT_LT(centre(*f)[2], 50);
    p.nextPage();
    EXPECT_EQ(p.page(), 1u);
    ASSERT_TRUE(waitFor([&] {
        f = p.frame();
        return centre(*f)[2] > 200;
    }));
    EXPECT_LT(centre(*f)[0], 50);
    p.nextPage();  // past the last page: stays
    EXPECT_EQ(p.page(), 1u);
    p.previousPage();
    EXPECT_EQ(p.page(), 0u);
}

TEST(MediaPlayer, ABrokenPdfGivesAClearError) {
    const fs::path bad = scratch() / "broken.pdf";
    std::ofstream(bad) << "%PDF-1.4\nthis is not a document\n";
    MediaPlayer p(bad.string());
    ASSERT_TRUE(waitFor([&] { return p.status() == MediaStatus::Error; }));
    EXPECT_NE(p.statusMessage().find("broken.pdf"), std::string::npos) << p.statusMessage();
}

TEST(MediaPlayer, RecognisesSlidesByExtension) {
    EXPECT_TRUE(isSlides("talk.PDF"));
    EXPECT_TRUE(isSlides("http://host/deck.pdf?x=1"));
    EXPECT_FALSE(isSlides("keynote.mp4"));
    EXPECT_FALSE(isSlides("pdf"));
}
