#include "atrium/runtime/runtime.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "atrium/scene/rules/venue_rules.hpp"
#include "atrium/scene/venue_file.hpp"
#ifdef ATRIUM_HAS_PHYSICS
#include "atrium/physics/physics_world.hpp"
#include "atrium/physics/standing_spot.hpp"
#endif

namespace atrium {

Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeOptions& options) {
    std::unique_ptr<Runtime> rt(new Runtime());
    rt->options_ = options;
    RendererOptions ro = options.renderer;
    ro.window = nullptr;
    if (options.window) {
        auto w = Window::create(options.windowOptions);
        if (!w) return w.error();
        rt->window_ = std::move(w).value();
        ro.window = rt->window_.get();
    }
    auto r = Renderer::create(ro);
    if (!r) return r.error();
    rt->renderer_ = std::move(r).value();
    if (options.drawCrowd) rt->renderer_->setCrowd(&rt->crowd_);
    rt->resetPhysics();
    return rt;
}

void Runtime::resetPhysics() {
    rules_.reset();
    space_.reset();
#ifdef ATRIUM_HAS_PHYSICS
    physics_ = {new PhysicsWorld(world_, &renderer_->assets()), [](PhysicsWorld* p) { delete p; }};
    physics_->sync();
    space_ = std::make_unique<PhysicsVenueSpace>(*physics_);
#endif
    rules_ = std::make_unique<VenueRules>(world_, space_.get());
    show_ = std::make_unique<ShowRunner>(world_);
    showStarted_ = false;
}

Runtime::~Runtime() {
    media_.reset();
    show_.reset();
    rules_.reset();
    space_.reset();
    physics_.reset();
    renderer_.reset();  // GPU state first: the swapchain needs the window alive
    window_.reset();
}

Status Runtime::loadVenue(const std::filesystem::path& path) {
    auto loaded = atrium::loadVenue(path);
    if (!loaded) return loaded.error();
    show_.reset();
    rules_.reset();  // they, and physics, refer to the old world
    space_.reset();
    physics_.reset();
    world_ = std::move(loaded).value();
    renderer_->assets().setRoot(std::filesystem::absolute(path).parent_path());
    media_->reset(std::filesystem::absolute(path).parent_path());
    pickMeshes_.reset();  // what it resolved belongs to the old venue's folder
    resetPhysics();
    world_.updateTransforms();
    frameAll();
    return Ok{};
}

std::optional<PickHit> Runtime::pick(vec2 pixel, vec2 size) {
    if (!pickMeshes_) pickMeshes_ = std::make_unique<PickMeshes>(renderer_->assets());
    world_.updateTransforms();
    return pickEntity(world_, rayThroughPixel(currentView(), pixel, size), pickMeshes_.get());
}

void Runtime::frameAll() {
    world_.updateTransforms();
    float aspect = window_ && !window_->minimized() ? float(window_->framebufferWidth()) / float(window_->framebufferHeight()) : 16.0f / 9.0f;
    Aabb bounds = renderer_->worldBounds(world_);
    if (bounds.empty()) return;
    setCamera(frameBounds(bounds, aspect));
}

void Runtime::setCamera(const CameraView& view) {
    camera_ = view;
    vec3 d = glm::normalize(camera_.target - camera_.eye);
    yaw_ = std::atan2(d.x, -d.z);
    pitch_ = std::asin(std::clamp(d.y, -1.0f, 1.0f));
}

CameraView Runtime::currentView() const {
    if (!options_.venueCamera) return camera_;
    if (auto primary = primaryCameraView(world_)) return *primary;
    return camera_;
}

void Runtime::flyCamera(double dt) {
    if (!window_ || !options_.flyCamera) return;
    const InputState& in = window_->input();
    if (in.down(MouseButton::Right)) {
        yaw_ += in.mouseDelta.x * 0.004f;
        pitch_ = std::clamp(pitch_ - in.mouseDelta.y * 0.004f, -1.5f, 1.5f);
    }
    vec3 forward(std::sin(yaw_) * std::cos(pitch_), std::sin(pitch_), -std::cos(yaw_) * std::cos(pitch_));
    vec3 right = glm::normalize(glm::cross(forward, vec3(0.0f, 1.0f, 0.0f)));
    vec3 move(0.0f);
    if (in.down(Key::W)) move += forward;
    if (in.down(Key::S)) move -= forward;
    if (in.down(Key::D)) move += right;
    if (in.down(Key::A)) move -= right;
    if (in.down(Key::E)) move.y += 1.0f;
    if (in.down(Key::Q)) move.y -= 1.0f;
    float speed = in.down(Key::LeftShift) ? 12.0f : 4.0f;
    if (glm::length(move) > 0.0f) camera_.eye += glm::normalize(move) * speed * float(dt);
    camera_.target = camera_.eye + forward;
}

Status Runtime::frame(double dt) {
    if (window_) window_->pollEvents();
    accumulator_ += std::max(dt, 0.0);
    ruleEvents_.clear();
    showEffects_.clear();
    int steps = 0;
    while (accumulator_ >= options_.fixedStep && steps < options_.maxStepsPerFrame) {
        if (fixedUpdate_) fixedUpdate_(world_, options_.fixedStep);
#ifdef ATRIUM_HAS_PHYSICS
        if (physics_) physics_->step(options_.fixedStep);
#endif
        stepRules();
        accumulator_ -= options_.fixedStep;
        ++steps;
        ++steps_;
    }
    if (steps == options_.maxStepsPerFrame) accumulator_ = 0.0;
    world_.updateTransforms();
    // After the steps, so the poses follow where the avatars ended up this frame.
    time_ += std::max(dt, 0.0);
    crowd_.update(world_, time_, float(std::max(dt, 0.0)));
    flyCamera(dt);
    ++frames_;
    media_->update(world_, std::max(dt, 0.0));
    if (!window_) return Ok{};
    if (!window_->minimized()) presentMedia(window_->framebufferWidth(), window_->framebufferHeight());
    if (overlay_) return renderer_->drawToWindow(world_, currentView(), FrameComposition{.overlay = overlay_});
    return renderer_->drawToWindow(world_, currentView());
}

// After the avatars moved: portals for each, then the venue's rules (seats, triggers).
void Runtime::stepRules() {
    if (auto* avatars = world_.findPool<Avatar>(); avatars && world_.findPool<Portal>()) {
        std::vector<Entity> walkers(avatars->entities().begin(), avatars->entities().end());
        for (Entity a : walkers) rules_->afterMove(a);
    }
    rules_->step();
    std::vector<RuleEvent> events = rules_->takeEvents();
    if (!showStarted_) {
        show_->start(showTime());
        showStarted_ = true;
    }
    show_->update(showTime(), events);
    for (ShowEffect& e : show_->takeEffects()) {
        applyMediaEffect(e);
        showEffects_.push_back(std::move(e));
    }
    for (RuleEvent& e : events) ruleEvents_.push_back(std::move(e));
}

void Runtime::applyMediaEffect(const ShowEffect& e) {
    media::MediaPlayer* p = media_->player(e.target);
    if (!p) return;
    if (e.kind == ShowEffect::Kind::MediaPlay) p->play();
    else if (e.kind == ShowEffect::Kind::MediaPause) p->pause();
    else if (e.kind == ShowEffect::Kind::MediaSeek) p->seek(e.seconds);
}

void Runtime::presentMedia(std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0) return;
    media_->present(world_, *renderer_, currentView(), float(width) / float(height), height);
}

Status Runtime::run(std::uint32_t maxFrames) {
    auto last = std::chrono::steady_clock::now();
    while (maxFrames == 0 || frames_ < maxFrames) {
        if (window_ && window_->shouldClose()) break;
        auto now = std::chrono::steady_clock::now();
        double dt = std::chrono::duration<double>(now - last).count();
        last = now;
        if (Status s = frame(dt); !s) return s;
        if (!window_ && maxFrames == 0) break;  // headless with no limit: one frame, not forever
    }
    return Ok{};
}

Result<Image> Runtime::renderOffscreen(std::uint32_t width, std::uint32_t height) {
    world_.updateTransforms();
    crowd_.update(world_, time_, 0.0f);  // avatars added since the last frame() get a pose
    media_->update(world_, 0.0);         // screens added since the last frame() get a player
    presentMedia(width, height);
    CameraView view = currentView();
    if (overlay_) return renderer_->renderToImage(world_, view, FrameComposition{.overlay = overlay_}, width, height);
    return renderer_->renderToImage(world_, view, width, height);
}

}  // namespace atrium
