#include "atrium/runtime/media_screens.hpp"

#include <algorithm>
#include <cmath>

#include "atrium/audio/voice_playback.hpp"
#include "atrium/core/log.hpp"
#include "atrium/render/renderer.hpp"

namespace atrium {

struct MediaScreens::Entry {
    std::string source;  // as the component names it
    std::unique_ptr<media::MediaPlayer> player;
    bool loop = false;
    bool followed = false;  // a server steers the clock (follow()); update() leaves it alone
    std::uint64_t uploadedSequence = 0;
    bool uploadedAny = false;
    bool errorShown = false;     // the error picture went up
    bool listed = false;         // plays an item of the screen's playlist
    std::size_t item = 0;        // which
    std::size_t listLength = 0;  // of how many (0: no playlist)
    bool listLoops = false;      // the list starts again after its last item
    Screen state;
};

namespace {

bool isUrl(const std::string& source) { return source.find("://") != std::string::npos; }

// Whether a sphere lies at least partly inside the view's frustum (near to far).
bool sphereInView(const CameraView& view, float aspect, vec3 center, float radius, float& distance) {
    const vec4 c = view.view() * vec4(center, 1.0f);
    distance = -c.z;
    if (distance + radius < view.nearPlane || distance - radius > view.farPlane) return false;
    const float tanY = std::tan(glm::radians(view.fovYDegrees) * 0.5f), tanX = tanY * aspect;
    // The sphere is outside a side plane when its centre is further than `radius` beyond it.
    const auto outside = [&](float offset, float tanHalf) {
        return (std::abs(offset) - tanHalf * distance) / std::sqrt(1.0f + tanHalf * tanHalf) > radius;
    };
    return !outside(c.x, tanX) && !outside(c.y, tanY);
}

}  // namespace

void mediaPictureSize(std::uint32_t resolutionX, std::uint32_t resolutionY, float pixelsWide, std::uint32_t& width, std::uint32_t& height) {
    width = std::clamp<std::uint32_t>(resolutionX, 1, 4096);
    height = std::clamp<std::uint32_t>(resolutionY, 1, 4096);
    while (width / 2 >= 64 && float(width / 2) >= pixelsWide) {
        width /= 2;
        height = std::max<std::uint32_t>(1, height / 2);
    }
}

MediaScreens::MediaScreens(std::filesystem::path root) : root_(std::move(root)) {}
MediaScreens::~MediaScreens() = default;

void MediaScreens::reset(std::filesystem::path root) {
    entries_.clear();
    sources_.clear();
    items_.clear();
    advanced_.clear();
    root_ = std::move(root);
}

void MediaScreens::update(const World& world, double dt) {
    const ComponentPool<MediaScreen>* pool = world.findPool<MediaScreen>();
    std::unordered_map<StableId, std::unique_ptr<Entry>> kept;
    if (pool) {
        auto entities = pool->entities();
        auto comps = pool->components();
        for (std::size_t i = 0; i < entities.size(); ++i) {
            const MediaScreen& s = comps[i];
            const StableId id = world.stableId(entities[i]);
            const auto over = sources_.find(id);
            // A playlist plays its items in turn (items_: where each screen is in its list); a
            // source the server chose plays instead (a server moves playlists on itself).
            const bool listed = over == sources_.end() && !s.playlist.empty();
            const std::size_t item = listed ? items_[id] % s.playlist.size() : 0;
            const std::string& source = over != sources_.end() ? over->second : listed ? s.playlist[item] : s.source;
            const bool loopItem = s.loop && s.playlist.size() <= 1;  // a list's loop starts the list again
            if (source.empty()) continue;                            // the app draws this one (Renderer::setMediaScreenPixels)
            auto it = entries_.find(id);
            std::unique_ptr<Entry> e;
            if (it != entries_.end() && it->second->source == source && it->second->item == item) e = std::move(it->second);
            if (!e) {
                e = std::make_unique<Entry>();
                e->source = source;
                const std::string open = isUrl(source) || root_.empty() ? source : (root_ / source).string();
                media::PlayerOptions options;
                options.loop = loopItem;
                mediaPictureSize(s.resolutionX, s.resolutionY, 1e9f, options.width, options.height);
                e->player = std::make_unique<media::MediaPlayer>(open, options);
                e->loop = loopItem;
                e->listed = listed;
                e->item = item;
                // A playlist's later items play on from the one before.
                if (s.autoplay || (listed && advanced_.erase(id) > 0)) e->player->play();
                e->state.id = id;
                e->state.source = source;
                e->state.width = options.width;
                e->state.height = options.height;
            }
            if (e->loop != loopItem) {
                e->player->setLoop(loopItem);
                e->loop = loopItem;
            }
            e->listLength = listed ? s.playlist.size() : 0;
            e->listLoops = s.loop;
            kept.emplace(id, std::move(e));
        }
    }
    entries_ = std::move(kept);
    for (auto& [id, e] : entries_) {
        if (!e->followed) e->player->update(dt);
        const media::MediaStatus before = e->state.status;
        e->state.status = e->player->status();
        if (e->state.status == media::MediaStatus::Error && before != media::MediaStatus::Error) {
            e->state.message = e->player->statusMessage();
            logWarn("media", "screen " + toHex(id) + " (" + e->source + "): " + e->state.message);
        }
        e->state.page = e->player->page();
        e->state.item = std::uint32_t(e->item);
        // A playlist's item that ended gives way to the next one at the next update (the last
        // one to the first when the list loops; otherwise the screen holds the last picture).
        if (e->listed && e->state.status == media::MediaStatus::Ended && (e->item + 1 < e->listLength || e->listLoops)) {
            items_[id] = (e->item + 1) % e->listLength;
            advanced_.insert(id);
        }
    }
}

void MediaScreens::present(const World& world, Renderer& renderer, const CameraView& view, float aspect, std::uint32_t viewportHeight) {
    uploadsLastFrame_ = 0;
    const float tanY = std::tan(glm::radians(view.fovYDegrees) * 0.5f);
    for (auto& [id, e] : entries_) {
        const Entity entity = world.find(id);
        const MediaScreen* s = entity ? world.get<MediaScreen>(entity) : nullptr;
        if (!s) continue;
        const mat4& m = world.worldMatrix(entity);
        const vec3 center(m[3]);
        const float radius = 0.5f * std::sqrt(s->width * s->width + s->height * s->height);
        float distance = 0.0f;
        e->state.visible = sphereInView(view, aspect, center, radius, distance);
        // Out of view: nothing decoded for it is uploaded, and the decoder is not asked for
        // pictures (it waits with its few frames ahead; coming back into view seeks if needed).
        if (!e->state.visible) continue;
        if (e->state.status == media::MediaStatus::Error) {
            // A screen whose source failed turns a dark red, so that the room sees something is
            // wrong rather than a frozen picture; statusLabels() says what.
            if (e->errorShown) continue;
            const std::vector<std::uint8_t> red = {90, 8, 8, 255, 90, 8, 8, 255, 90, 8, 8, 255, 90, 8, 8, 255};
            if (renderer.setMediaScreenPixels(entity, 2, 2, red.data())) e->errorShown = true;
            continue;
        }
        const float pixelsWide = s->width / (2.0f * std::max(distance, view.nearPlane) * tanY) * float(viewportHeight);
        std::uint32_t w = 0, h = 0;
        mediaPictureSize(s->resolutionX, s->resolutionY, pixelsWide, w, h);
        if (w != e->state.width || h != e->state.height) {
            e->player->setOutputSize(w, h);
            e->state.width = w;
            e->state.height = h;
        }
        std::shared_ptr<const media::VideoFrame> f = e->player->frame();
        if (!f || f->rgba.empty() || (e->uploadedAny && f->sequence == e->uploadedSequence)) continue;
        if (Status st = renderer.setMediaScreenPixels(entity, f->width, f->height, f->rgba.data()); !st) {
            logWarn("media", "screen " + toHex(id) + ": " + st.error().message);
            continue;
        }
        e->uploadedSequence = f->sequence;
        e->uploadedAny = true;
        e->state.shownTime = f->time;
        ++e->state.uploads;
        ++uploadsLastFrame_;
    }
}

std::vector<WorldLabel> MediaScreens::statusLabels(const World& world) const {
    std::vector<WorldLabel> out;
    for (const auto& [id, e] : entries_) {
        if (e->state.status != media::MediaStatus::Error) continue;
        const Entity entity = world.find(id);
        const MediaScreen* s = entity ? world.get<MediaScreen>(entity) : nullptr;
        if (!s) continue;
        const mat4& m = world.worldMatrix(entity);
        // In front of the picture (its normal is the plane's +y turned with the screen), centred.
        const vec3 front = glm::normalize(vec3(m * vec4(0.0f, 1.0f, 0.0f, 0.0f)));
        WorldLabel label;
        label.position = vec3(m[3]) + front * 0.05f;
        label.text = e->state.message;
        label.height = std::max(0.05f, s->height / 14.0f);
        label.color = vec4(1.0f, 0.85f, 0.85f, 1.0f);
        out.push_back(std::move(label));
    }
    return out;
}

media::MediaPlayer* MediaScreens::player(StableId screen) {
    auto it = entries_.find(screen);
    return it == entries_.end() ? nullptr : it->second->player.get();
}

void MediaScreens::setSource(StableId screen, const std::string& source) {
    if (source.empty()) sources_.erase(screen);
    else sources_[screen] = source;
}

void MediaScreens::follow(StableId screen, double position, bool playing, double dt) {
    auto it = entries_.find(screen);
    if (it == entries_.end()) return;
    Entry& e = *it->second;
    e.followed = true;
    if (playing) {
        e.player->play();
        e.player->follow(position, dt);
    } else {
        e.player->pause();
        e.player->seek(position);
    }
}

void MediaScreens::setVolume(StableId screen, float volume) { volumes_[screen] = std::clamp(volume, 0.0f, 1.0f); }

void MediaScreens::dropAudio() {
    if (soundPlayback_)
        for (const auto& [id, sound] : sounds_) soundPlayback_->removeSpeaker(sound.speaker);
    sounds_.clear();
    soundPlayback_ = nullptr;
    for (auto& [id, e] : entries_) {
        e->state.audible = false;
        e->state.heardUntil = -1.0;
    }
}

void MediaScreens::playAudio(const World& world, audio::VoicePlayback& playback, double leadSeconds) {
    if (soundPlayback_ != &playback) dropAudio();
    soundPlayback_ = &playback;
    // A screen gone, or playing another source now, gives its OpenAL source back.
    for (auto it = sounds_.begin(); it != sounds_.end();) {
        auto e = entries_.find(it->first);
        if (e == entries_.end() || e->second->player.get() != it->second.player) {
            playback.removeSpeaker(it->second.speaker);
            it = sounds_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& [id, e] : entries_) {
        media::MediaPlayer& p = *e->player;
        const Entity entity = world.find(id);
        const MediaScreen* s = entity ? world.get<MediaScreen>(entity) : nullptr;
        const media::MediaInfo info = p.info();
        const bool sounding = s && info.hasAudio && p.status() == media::MediaStatus::Playing;
        auto found = sounds_.find(id);
        if (!sounding) {
            // Paused, ended or failed: silent now, not when the half second queued has played.
            if (found != sounds_.end()) {
                playback.removeSpeaker(found->second.speaker);
                sounds_.erase(found);
            }
            e->state.audible = false;
            continue;
        }
        const double position = p.clock().position;
        // The sound runs ahead of the pictures by the lead; out of view, the pictures are not
        // asked for, so the decoder is let past them here or its sound would stop with them.
        if (!e->state.visible && !info.live) p.frameAt(position);
        media::AudioBlock block = p.takeAudio(info.live ? 1e12 : position + leadSeconds);
        if (found != sounds_.end() && !block.samples.empty() && !info.live) {
            // Sound that does not follow what is queued (a seek, or the clock steered by a jump)
            // drops what is queued, so the screen is heard where it is now; a loop's wrap follows.
            const double gap = block.time - found->second.end;
            const bool wrapped = e->loop && info.duration > 0.0 && block.time < 0.2 && found->second.end > info.duration - 0.2;
            if (std::abs(gap) > 0.1 && !wrapped) {
                playback.removeSpeaker(found->second.speaker);
                sounds_.erase(found);
                found = sounds_.end();
            }
        }
        if (found == sounds_.end()) {
            Result<audio::SpeakerHandle> speaker = playback.addSpeaker();
            if (!speaker) {
                logWarn("media", "screen " + toHex(id) + ": no sound: " + speaker.error().message);
                continue;
            }
            found = sounds_.emplace(id, Sound{.speaker = *speaker, .player = &p}).first;
        }
        Sound& sound = found->second;
        const vec3 center(world.worldMatrix(entity)[3]);
        playback.setPosition(sound.speaker, center);
        const auto over = volumes_.find(id);
        playback.setVolume(sound.speaker, std::clamp(s->volume, 0.0f, 1.0f) * (over != volumes_.end() ? over->second : 1.0f));
        e->state.audible = true;
        if (block.samples.empty()) continue;
        // Sound decoded before the clock's moment (the clock ran while the source opened, or the
        // decoder was slow) is late: it is skipped rather than heard behind the pictures.
        double late = 0.0;
        if (!info.live) {
            const bool looping = e->loop && info.duration > 0.0;
            late = (looping ? std::fmod(position, info.duration) : position) - block.time;
            if (looping && late > info.duration / 2) late = 0.0;  // the sound has wrapped to the start ahead of the clock
        }
        const std::size_t skip = late > 0.05 ? std::min(block.samples.size(), std::size_t(late * media::kAudioSampleRate)) : 0;
        const double end = block.time + double(block.samples.size()) / media::kAudioSampleRate;
        sound.end = end;
        e->state.heardUntil = end;
        if (skip == block.samples.size()) continue;
        const std::span<const float> samples = std::span<const float>(block.samples).subspan(skip);
        if (Status st = playback.queue(sound.speaker, samples); !st) logWarn("media", "screen " + toHex(id) + ": " + st.error().message);
    }
}

const MediaScreens::Screen* MediaScreens::screen(StableId id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second->state;
}

std::vector<MediaScreens::Screen> MediaScreens::screens() const {
    std::vector<Screen> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) out.push_back(e->state);
    return out;
}

}  // namespace atrium
