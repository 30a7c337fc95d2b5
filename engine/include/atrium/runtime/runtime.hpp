#pragma once
// The embedding facade: owns the World, the Renderer and (optionally) a Window, and runs the
// frame loop of DESIGN.md: poll input -> fixed 60 Hz simulation steps -> transforms -> draw.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "atrium/animation/crowd_animation.hpp"
#include "atrium/core/error.hpp"
#include "atrium/platform/window.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/runtime/media_screens.hpp"
#include "atrium/runtime/picking.hpp"
#include "atrium/scene/rules/rule_event.hpp"
#include "atrium/scene/show/show_runner.hpp"
#include "atrium/scene/world.hpp"

namespace atrium {

class PhysicsWorld;
class VenueRules;
class ShowRunner;
class VenueSpace;

struct RuntimeOptions {
    bool window = true;  // false: headless, draw with renderOffscreen()
    WindowOptions windowOptions;
    RendererOptions renderer;       // its `window` field is filled in by the runtime
    double fixedStep = 1.0 / 60.0;  // seconds per simulation step
    int maxStepsPerFrame = 5;       // after a stall, drop time rather than spiral
    bool flyCamera = true;          // WASD + right mouse drag moves camera() in window mode
    // Draw from the venue's primary Camera entity when it has one; false: always camera()
    // (an attendee app's camera that follows the avatar).
    bool venueCamera = true;
    // The renderer draws avatars posed by crowd() (set at creation). An app with its own
    // CrowdAnimation calls renderer().setCrowd(&its own) after create(): the last call wins,
    // and crowd() still updates every frame, unused.
    bool drawCrowd = true;
};

class Runtime {
public:
    using StepFunction = std::function<void(World&, double dt)>;

    static Result<std::unique_ptr<Runtime>> create(const RuntimeOptions& options = {});
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    World& world() { return world_; }
    Renderer& renderer() { return *renderer_; }
    Window* window() { return window_.get(); }  // null when headless
    // Animates every Avatar at each frame(), after the fixed steps; seats and speeds come from
    // the World, emotes and looks from the app (crowd().playEmote, setLook).
    CrowdAnimation& crowd() { return crowd_; }
    // The Bullet bridge stepping this world at the fixed step; null in builds without physics.
    PhysicsWorld* physics() { return physics_.get(); }
    // The venue's rules (arrival, seats, portals, triggers), run at every fixed step after
    // physics: the same system the server and the editor's play mode run. An app seats its
    // avatar with rules().sit(avatar, seat), places arrivals with rules().arrive(avatar, n).
    VenueRules& rules() { return *rules_; }
    // What the rules did during the last frame() (a trigger entered, a seat taken), in order.
    const std::vector<RuleEvent>& ruleEvents() const { return ruleEvents_; }
    // The venue's interactions and timelines (show_runner.hpp), run at every fixed step after
    // the rules, on the runtime's step clock, and started at the first step. Buttons:
    // show().use(button, avatar, showTime()); a host's cue: show().cue(name, showTime()).
    ShowRunner& show() { return *show_; }
    double showTime() const { return double(steps_) * options_.fixedStep; }
    // What the interactions asked of the app during the last frame() (announcements, media
    // commands, a teleport or a URL for someone), in order.
    const std::vector<ShowEffect>& showEffects() const { return showEffects_; }

    // The players of the venue's MediaScreens (media_screens.hpp): each frame() and
    // renderOffscreen() starts the players of new screens, moves their clocks and uploads the
    // pictures of those in view. Show effects (MediaPlay, MediaPause, MediaSeek) act on them.
    MediaScreens& media() { return *media_; }

    // Replaces the world with a venue file; its assets resolve relative to the file.
    Status loadVenue(const std::filesystem::path& path);

    // The view drawn when the world has no Camera entity; frameAll() points it at everything.
    CameraView& camera() { return camera_; }
    void frameAll();
    // Starts the fly camera at `view` (e.g. a venue's overview camera), looking the same way.
    void setCamera(const CameraView& view);

    // Called at each fixed step before physics steps (the app's own behaviours; the venue's
    // rules run after physics, see rules()).
    void setFixedUpdate(StepFunction f) { fixedUpdate_ = std::move(f); }

    // An app's UI drawn over the scene by frame() and renderOffscreen() (null: none); the
    // overlay must live until the next call or until it is set again.
    void setOverlay(const UiOverlay* overlay) { overlay_ = overlay; }

    // One loop iteration advancing by `dt` seconds: input, fixed steps, transforms, draw.
    Status frame(double dt);
    // Runs frames with wall-clock time until the window closes or `maxFrames` (0: no limit).
    Status run(std::uint32_t maxFrames = 0);
    // Headless drawing of the current world.
    Result<Image> renderOffscreen(std::uint32_t width, std::uint32_t height);

    // What is under a pixel of the current view (picking.hpp): `pixel` in an image `size`
    // pixels large, origin top-left; in a window, the mouse position and the window's size
    // (Window::width(), height()). Meshes resolve through the renderer's asset cache. E.g.
    // click-to-sit: pick the mouse position and, if the hit entity has a Seat, claim it.
    std::optional<PickHit> pick(vec2 pixel, vec2 size);

    std::uint64_t frameCount() const { return frames_; }
    std::uint64_t stepCount() const { return steps_; }

private:
    Runtime() = default;
    CameraView currentView() const;
    void flyCamera(double dt);
    void resetPhysics();
    void stepRules();
    void applyMediaEffect(const ShowEffect& e);
    void presentMedia(std::uint32_t width, std::uint32_t height);

    RuntimeOptions options_;
    World world_;
    CrowdAnimation crowd_;            // before the renderer, which points at it
    std::unique_ptr<Window> window_;  // declared before the renderer: destroyed after it
    std::unique_ptr<Renderer> renderer_;
    // Custom deleter: the type stays incomplete here, and builds without physics never define it.
    std::unique_ptr<PhysicsWorld, void (*)(PhysicsWorld*)> physics_{nullptr, nullptr};
    std::unique_ptr<VenueSpace> space_;  // physics' answers for the rules; null: open space
    std::unique_ptr<VenueRules> rules_;
    std::unique_ptr<ShowRunner> show_;
    std::unique_ptr<MediaScreens> media_ = std::make_unique<MediaScreens>();
    std::vector<ShowEffect> showEffects_;
    bool showStarted_ = false;
    std::vector<RuleEvent> ruleEvents_;
    CameraView camera_;
    const UiOverlay* overlay_ = nullptr;
    std::unique_ptr<PickMeshes> pickMeshes_;  // made on the first pick, dropped with the venue
    StepFunction fixedUpdate_;
    double time_ = 0.0;  // seconds of frame() time, the crowd's clock
    double accumulator_ = 0.0;
    std::uint64_t frames_ = 0;
    std::uint64_t steps_ = 0;
    float yaw_ = 0.0f, pitch_ = 0.0f;
};

}  // namespace atrium
