#pragma once
// What an attendee sets in the app and finds again next time: display name, avatar look, mouse,
// graphics quality and keys. Kept as JSON in $XDG_CONFIG_HOME/atrium/join.json (written
// atomically); a broken file is reported and the defaults used, nothing else lost.
#include <filesystem>
#include <string>

#include "atrium/animation/mannequin.hpp"
#include "atrium/core/error.hpp"
#include "atrium/platform/input.hpp"
#include "atrium/render/renderer.hpp"

namespace atrium::player {

struct KeyBindings {
    Key forward = Key::W, back = Key::S, left = Key::A, right = Key::D;
    Key run = Key::LeftShift, jump = Key::Space, sit = Key::E;
    Key talk = Key::V;  // push-to-talk, held
    // The arrow keys always walk too, whatever these are.
};

enum class GraphicsQuality { Low, Medium, High };

struct AttendeeSettings {
    std::string displayName;  // empty: the name in the join link's token
    bool lookChosen = false;  // false: the server's default look for this client id
    AvatarLook look;
    float mouseSensitivity = 0.004f;  // radians a pixel
    bool invertY = false;
    GraphicsQuality quality = GraphicsQuality::High;  // takes effect at the next start
    KeyBindings keys;
    // Voice: push-to-talk (the talk key) unless the open mic is chosen; the microphone by its
    // device name (empty: the system's default) and its gain.
    bool openMic = false;
    std::string microphone;
    float micGain = 1.0f;
};

// The renderer's options for a quality: Low has no MSAA or shadows and fewer name tags.
void applyQuality(GraphicsQuality quality, RendererOptions& options);
const char* toString(GraphicsQuality quality);

// A key's name as a keyboard shows it ("W", "Left Shift", "F5"), or "?" for none.
std::string keyName(Key key);
// Every key a binding may take, for a settings list (letters, digits, arrows, modifiers...).
bool bindable(Key key);

std::filesystem::path defaultSettingsPath();
// Missing file: the defaults. A malformed one: an error naming the file and the field.
Result<AttendeeSettings> loadSettings(const std::filesystem::path& path);
Status saveSettings(const AttendeeSettings& settings, const std::filesystem::path& path);

}  // namespace atrium::player
