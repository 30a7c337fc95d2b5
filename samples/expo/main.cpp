// Expo: two halls of booths joined by portals. Every booth screen plays a playlist of the three
// clips made with ffmpeg at build time (ATRIUM_SAMPLE_PLAYLIST), each booth starting at its own
// item and looping the list (without ffmpeg: its own slide drawn on the CPU, the booth's name, a
// headline and a live progress bar), and a guide avatar walks to the nearest portal, is carried
// to the other hall by the scene layer's portal behaviour, looks around and walks on.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "atrium/scene/rules/rule_event.hpp"
#include "canvas.hpp"
#include "sample.hpp"

using namespace atrium;
using namespace atrium::samples;

namespace {

constexpr int kScreenRefreshFrames = 10;  // the slides (without the build's clips) are not video
constexpr double kLookAroundSeconds = 2.0;

struct BoothScreen {
    Entity entity;
    std::string booth;
    int index;
};

class Expo final : public Sample {
public:
    Status start(Runtime& rt) override {
        World& w = rt.world();
        w.each<MediaScreen>([&](Entity e, MediaScreen&) {
            Entity booth = w.parent(e);
            const Name* n = booth ? w.get<Name>(booth) : nullptr;
            screens_.push_back({e, n ? n->value : "Booth", int(screens_.size())});
        });
        if (screens_.empty()) return Error{"expo: the venue has no booth screens"};
        // Every booth's playlist: the build's clips, rotated so that neighbours differ.
        const std::vector<std::string> clips = playlistClips();
        for (const BoothScreen& s : screens_) {
            if (clips.empty()) break;
            MediaScreen* m = w.get<MediaScreen>(s.entity);
            m->playlist.clear();
            for (std::size_t i = 0; i < clips.size(); ++i) m->playlist.push_back(clips[(std::size_t(s.index) + i) % clips.size()]);
            m->source.clear();
            m->autoplay = true;
            m->loop = true;
            m->resolutionX = 320;
            m->resolutionY = 180;
        }
        videos_ = clips.size();
        std::vector<WorldLabel> labels;
        w.updateTransforms();
        w.each<Portal>([&](Entity e, Portal&) {
            portals_.push_back(e);
            const Name* n = w.get<Name>(e);
            // Above the arch (3 m tall plus its ring): the name is wider than the opening.
            labels.push_back({.position = vec3(w.worldMatrix(e)[3]) + vec3(0, 3.4f, 0),
                              .text = n ? n->value : "Portal",
                              .height = 0.6f,
                              .color = vec4(0.1f, 0.15f, 0.45f, 1.0f)});  // the halls are white
        });
        if (portals_.empty()) return Error{"expo: the venue has no portals"};
        rt.renderer().setLabels(std::move(labels));
        spawnGuide(w);
        return Ok{};
    }

    // From inside Hall A: the booth row's screens, the portal to Hall B and the guide on its way.
    std::optional<CameraView> view(Runtime&) override { return CameraView{.eye = {2, 4, 9}, .target = {16, 1.5f, -4}}; }

    void fixedUpdate(Runtime& rt, double dt) override {
        World& w = rt.world();
        simTime_ += dt;
        w.updateTransforms();
        CharacterController& cc = *w.get<CharacterController>(guide_);
        cc.moveInput = vec3(0.0f);
        cc.run = true;
        if (simTime_ < resumeAt_) return;
        vec3 me = w.get<Transform>(guide_)->position;
        vec3 to = vec3(w.worldMatrix(nearestPortal(w, me))[3]) - me;
        to.y = 0.0f;
        if (glm::length(to) > 0.01f) cc.moveInput = glm::normalize(to);
    }

    Status frame(Runtime& rt, double time) override {
        // The venue rules (Runtime runs them after physics) carried the guide through a portal
        // during the last frame: ruleEvents() holds that frame's events until the next one.
        World& w = rt.world();
        for (const RuleEvent& e : rt.ruleEvents()) {
            if (e.kind != RuleEvent::Kind::PortalTravel || e.avatar != w.stableId(guide_)) continue;
            vec3 at = w.get<Transform>(guide_)->position;
            const Name* from = w.get<Name>(w.find(e.subject));
            const Name* to = w.get<Name>(w.find(e.other));
            std::printf("expo: %.2f s: the guide walked into \"%s\" and arrived at \"%s\" (%.1f, %.1f, %.1f)\n", simTime_,
                        from ? from->value.c_str() : "?", to ? to->value.c_str() : "?", at.x, at.y, at.z);
            ++crossings_;
            resumeAt_ = simTime_ + kLookAroundSeconds;
        }
        if (videos_ > 0 || frames_++ % kScreenRefreshFrames != 0) return Ok{};
        for (const BoothScreen& s : screens_) {
            paint(s, float(time));
            if (Status st = rt.renderer().setMediaScreenPixels(s.entity, canvas_.width, canvas_.height, canvas_.rgba.data()); !st) return st;
        }
        return Ok{};
    }

    int finish(Runtime& rt) override {
        vec3 at = rt.world().get<Transform>(guide_)->position;
        std::string screens = "showing slides";
        if (videos_ > 0) {
            // Headless, nothing asked the decoders for pictures while frames ran: wait (a few
            // seconds at most) for each screen's picture of its clock's moment, so that a
            // screenshot shows the videos.
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            const auto waiting = [&] {
                bool any = false;
                for (const MediaScreens::Screen& s : rt.media().screens()) {
                    media::MediaPlayer* p = rt.media().player(s.id);
                    if (!p || p->status() == media::MediaStatus::Error) continue;
                    auto f = p->frame();
                    any |= !f || std::abs(f->time - p->clock().position) > 0.1;
                }
                return any;
            };
            while (std::chrono::steady_clock::now() < until && waiting()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            std::size_t playing = 0, failed = 0;
            for (const MediaScreens::Screen& s : rt.media().screens()) {
                const media::MediaPlayer* p = rt.media().player(s.id);
                const media::MediaStatus now = p ? p->status() : s.status;  // since the last update
                playing += now == media::MediaStatus::Playing;
                failed += now == media::MediaStatus::Error;
            }
            screens = "playing playlists of " + std::to_string(videos_) + " videos (" + std::to_string(playing) + " playing, " +
                      std::to_string(failed) + " failed)";
        }
        std::printf("expo: %zu booth screens %s, %zu portals, the guide crossed %d portal(s) and stands at (%.1f, %.1f, %.1f)\n",
                    screens_.size(), screens.c_str(), portals_.size(), crossings_, at.x, at.y, at.z);
        return 0;
    }

private:
    // The build's clips that exist (none without ffmpeg at build time).
    static std::vector<std::string> playlistClips() {
        std::vector<std::string> out;
#ifdef ATRIUM_SAMPLE_PLAYLIST
        std::istringstream list(ATRIUM_SAMPLE_PLAYLIST);
        for (std::string clip; std::getline(list, clip, '|');)
            if (std::filesystem::exists(clip)) out.push_back(clip);
#endif
        return out;
    }

    // The guide starts a few metres in front of the portal nearest the main entrance, so a
    // short run already shows a crossing.
    void spawnGuide(World& w) {
        vec3 entrance(0.0f);
        w.each<SpawnPoint>([&](Entity e, SpawnPoint& sp) {
            if (sp.group.empty()) entrance = vec3(w.worldMatrix(e)[3]);
        });
        vec3 portal = vec3(w.worldMatrix(nearestPortal(w, entrance))[3]);
        vec3 away = entrance - portal;
        away.y = 0.0f;
        vec3 start = vec3(portal.x, 0.0f, portal.z) + glm::normalize(away) * 3.0f;
        guide_ = w.create("Guide");
        w.get<Transform>(guide_)->position = start;
        w.add<Avatar>(guide_, Avatar{.displayName = "Guide"});
        w.add<CharacterController>(guide_, CharacterController{});
        Entity body = w.create("Guide body");
        w.setParent(body, guide_);
        *w.get<Transform>(body) = Transform{.scale = vec3(0.6f, 1.8f, 0.6f)};  // builtin:cylinder stands on its base
        w.add<MeshRenderer>(body, MeshRenderer{.mesh = "builtin:cylinder", .material = "builtin:fabric_red"});
    }

    Entity nearestPortal(World& w, vec3 from) const {
        Entity best;
        float bestDistance = 1e30f;
        for (Entity p : portals_) {
            float d = glm::length(vec3(w.worldMatrix(p)[3]) - from);
            if (d < bestDistance) bestDistance = d, best = p;
        }
        return best;
    }

    void paint(const BoothScreen& s, float t) {
        Canvas& c = canvas_;
        static const char* headlines[] = {"NEW: VENUES IN A DAY", "LIVE DEMO AT 3 PM", "OPEN SOURCE SDK", "ASK US ABOUT KITS"};
        vec3 base = hueColor(float(s.index) * 0.137f);
        c.verticalGradient(base * 0.8f, base * 0.2f);
        c.text(8, 8, s.booth, 2, vec3(1.0f));
        c.text(8, 44, headlines[s.index % 4], 1, vec3(1.0f, 1.0f, 0.8f));
        // A bar filling up over ten seconds, different per booth.
        float progress = std::fmod(t * 0.1f + float(s.index) * 0.23f, 1.0f);
        c.rect(8, int(c.height) - 18, int(c.width) - 16, 10, vec3(0.1f));
        c.rect(8, int(c.height) - 18, int(float(c.width - 16) * progress), 10, vec3(1.0f, 0.8f, 0.2f));
    }

    std::vector<BoothScreen> screens_;
    std::vector<Entity> portals_;
    Entity guide_;
    Canvas canvas_{192, 108};
    double simTime_ = 0.0, resumeAt_ = 0.0;
    int crossings_ = 0;
    std::size_t videos_ = 0;  // clips in each booth's playlist (0: slides)
    std::uint64_t frames_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    Expo sample;
    return runSample(argc, argv, "atrium-sample-expo", ATRIUM_SAMPLE_VENUE, sample);
}
