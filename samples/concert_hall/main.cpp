// Concert hall: 2,000 seats on curved tiers, a stage under two light trusses and a 16 x 9 m
// media screen. A second in, the sample calls the venue's "Start show" cue, as a host does from
// atrium-join: the venue's own bindings (no code here) dim the house lights, start the light
// show's timelines (the front truss sweeps, the back one chases) and play the screen, which
// then plays a video made with ffmpeg at build time (ATRIUM_SAMPLE_VIDEO, looped; without
// ffmpeg, slides drawn on the CPU every frame). A venue without that show gets the sample's own
// sweep of the spots instead.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "atrium/scene/show/show_runner.hpp"
#include "canvas.hpp"
#include "sample.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {

constexpr double kSlideSeconds = 4.0;
constexpr double kCueAtSeconds = 1.0;
constexpr const char* kStartCue = "Start show";

struct StageLight {
    Entity entity;
    quat rest;  // aimed straight down, as the truss hangs it
    float phase;
};

class ConcertHall final : public Sample {
public:
    Status start(Runtime& rt) override {
        World& w = rt.world();
        // The main screen is the largest MediaScreen in the hall.
        float best = 0.0f;
        w.each<MediaScreen>([&](Entity e, MediaScreen& s) {
            if (s.width * s.height > best) best = s.width * s.height, screen_ = e;
        });
        if (!screen_) return Error{"concert hall: the venue has no media screen"};
        w.each<Light>([&](Entity e, Light& l) {
            if (l.type != Light::Type::Spot) return;
            lights_.push_back({e, w.get<Transform>(e)->rotation, float(lights_.size()) * 0.7f});
        });
        seats_ = w.pool<Seat>().size();
        w.each<Interactions>([&](Entity, Interactions& in) {
            for (const ShowBinding& b : in.bindings) hasShow_ = hasShow_ || (b.when.kind == ShowEvent::Kind::Cue && b.when.name == kStartCue);
        });
        return Ok{};
    }

    Status frame(Runtime& rt, double time) override {
        if (!hasShow_) {
            animateLights(rt.world(), float(time));
            playing_ = true;
        } else if (!cued_ && time >= kCueAtSeconds) {
            rt.show().cue(kStartCue, rt.showTime());
            cued_ = true;
        }
        for (const ShowEffect& e : rt.showEffects()) {
            if (e.target == rt.world().stableId(screen_) && (e.kind == ShowEffect::Kind::MediaPlay || e.kind == ShowEffect::Kind::MediaPause))
                playing_ = e.kind == ShowEffect::Kind::MediaPlay;
            if (e.kind == ShowEffect::Kind::Announce) std::printf("concert_hall: announcement: %s\n", e.text.c_str());
        }
        // Once the show plays the screen, the video (when there is one) is the runtime's to show.
        if (playing_ && playVideo(rt)) return Ok{};
        if (!playing_ && videoStarted_) {  // paused by the show: the video holds its picture
            if (media::MediaPlayer* p = rt.media().player(rt.world().stableId(screen_))) p->pause();
            return Ok{};
        }
        // Until the show plays the screen it holds the first slide, still.
        if (playing_ && playStart_ < 0.0) playStart_ = time;
        time = playing_ ? time - playStart_ : 0.0;
        int slide = int(time / kSlideSeconds) % 4;
        if (slide != lastSlide_) ++slideChanges_, lastSlide_ = slide;
        paintSlide(slide, float(time));
        ++uploads_;
        return rt.renderer().setMediaScreenPixels(screen_, canvas_.width, canvas_.height, canvas_.rgba.data());
    }

    // Puts the build's generated video on the screen (the runtime's player plays it, looped) the
    // first time; false when this build has none.
    bool playVideo(Runtime& rt) {
#ifdef ATRIUM_SAMPLE_VIDEO
        if (!std::filesystem::exists(ATRIUM_SAMPLE_VIDEO)) return false;
        if (!videoStarted_) {
            MediaScreen* s = rt.world().get<MediaScreen>(screen_);
            s->source = ATRIUM_SAMPLE_VIDEO;
            s->autoplay = true;
            s->loop = true;
            videoStarted_ = true;
        } else if (media::MediaPlayer* p = rt.media().player(rt.world().stableId(screen_))) {
            p->play();
        }
        return true;
#else
        (void)rt;
        return false;
#endif
    }

    int finish(Runtime& rt) override {
        // Headless, nothing asked the decoder for pictures while frames ran: wait (a few seconds
        // at most) for the one of the clock's moment, so that a screenshot shows the video.
        if (media::MediaPlayer* p = videoStarted_ ? rt.media().player(rt.world().stableId(screen_)) : nullptr) {
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (std::chrono::steady_clock::now() < until && p->status() != media::MediaStatus::Error) {
                auto f = p->frame();
                if (f && std::abs(f->time - p->clock().position) < 0.1) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        }
        std::printf("concert_hall: %zu seats, %zu stage lights animated, show %s, screen %s: %d slide(s) shown, %d picture uploads\n", seats_,
                    lights_.size(),
                    !hasShow_ ? "none (the sample's own sweep)"
                    : cued_   ? "cued"
                              : "not cued yet",
                    rt.world().get<Name>(screen_) ? rt.world().get<Name>(screen_)->value.c_str() : "?", slideChanges_, uploads_);
        if (const MediaScreens::Screen* v = rt.media().screen(rt.world().stableId(screen_)))
            std::printf("concert_hall: screen video %s: %s%s%s\n", v->source.c_str(), media::toString(v->status), v->message.empty() ? "" : ": ",
                        v->message.c_str());
        return uploads_ > 0 ? 0 : 1;
    }

private:
    // Spots swing side to side out of phase and drift through the colour wheel.
    void animateLights(World& w, float t) {
        for (std::size_t i = 0; i < lights_.size(); ++i) {
            const StageLight& s = lights_[i];
            float swing = 0.35f * std::sin(t * 0.9f + s.phase);
            float tilt = 0.2f * std::sin(t * 0.6f + s.phase * 1.3f);
            w.get<Transform>(s.entity)->rotation = glm::angleAxis(swing, vec3(0, 0, 1)) * glm::angleAxis(tilt, vec3(1, 0, 0)) * s.rest;
            w.get<Light>(s.entity)->color = glm::mix(vec3(1.0f), hueColor(t * 0.05f + float(i) / float(lights_.size())), 0.6f);
        }
    }

    void paintSlide(int slide, float t) {
        Canvas& c = canvas_;
        static const char* titles[] = {"ATRIUM CONCERT HALL", "TONIGHT: THE OPEN ORCHESTRA", "2,000 SEATS - FIND YOURS", "INTERMISSION"};
        vec3 a = hueColor(0.6f + 0.1f * float(slide)), b = hueColor(0.8f + 0.1f * float(slide)) * 0.25f;
        c.verticalGradient(a * 0.5f, b);
        // A band of bars sliding across, so every frame differs from the last.
        int bars = 12, barWidth = int(c.width) / bars;
        for (int i = 0; i < bars + 1; ++i) {
            int x = (i * barWidth + int(t * 60.0f)) % int(c.width + std::uint32_t(barWidth)) - barWidth;
            float h = 0.5f + 0.5f * std::sin(t * 2.0f + float(i));
            int bh = int(h * float(c.height) * 0.35f);
            c.rect(x + 2, int(c.height) - bh, barWidth - 4, bh, hueColor(t * 0.1f + float(i) / float(bars)));
        }
        int scale = 2;
        int width = Canvas::textWidth(titles[slide], scale);
        c.text((int(c.width) - width) / 2, int(c.height) / 5, titles[slide], scale, vec3(1.0f));
        std::string page = std::to_string(slide + 1) + " / 4";
        c.text(int(c.width) - Canvas::textWidth(page, 1) - 8, 6, page, 1, vec3(0.9f));
    }

    Entity screen_;
    std::vector<StageLight> lights_;
    std::size_t seats_ = 0;
    Canvas canvas_{320, 180};
    int lastSlide_ = -1, slideChanges_ = 0, uploads_ = 0;
    bool hasShow_ = false, cued_ = false, playing_ = false, videoStarted_ = false;
    double playStart_ = -1.0;
};

}  // namespace

int main(int argc, char** argv) {
    ConcertHall sample;
    return runSample(argc, argv, "atrium-sample-concert-hall", ATRIUM_SAMPLE_VENUE, sample);
}
