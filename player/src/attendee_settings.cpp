#include "attendee_settings.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "atrium/scene/venue_file.hpp"

namespace atrium::player {

using nlohmann::json;

void applyQuality(GraphicsQuality quality, RendererOptions& options) {
    switch (quality) {
        case GraphicsQuality::Low:
            options.msaaSamples = 1;
            options.shadows = false;
            options.nameTagLimit = 12;
            break;
        case GraphicsQuality::Medium:
            options.msaaSamples = 2;
            options.shadows = true;
            options.shadowMapSize = 1024;
            options.nameTagLimit = 24;
            break;
        case GraphicsQuality::High:
            options.msaaSamples = 4;
            options.shadows = true;
            options.shadowMapSize = 2048;
            options.nameTagLimit = 32;
            break;
    }
}

const char* toString(GraphicsQuality quality) {
    switch (quality) {
        case GraphicsQuality::Low: return "low";
        case GraphicsQuality::Medium: return "medium";
        case GraphicsQuality::High: return "high";
    }
    return "high";
}

std::string keyName(Key key) {
    const int k = int(key);
    if ((k >= int(Key::A) && k <= int(Key::Z)) || (k >= int(Key::Num0) && k <= int(Key::Num9))) return std::string(1, char(k));
    if (k >= int(Key::F1) && k <= int(Key::F12)) return "F" + std::to_string(k - int(Key::F1) + 1);
    switch (key) {
        case Key::Space: return "Space";
        case Key::Enter: return "Enter";
        case Key::Tab: return "Tab";
        case Key::Up: return "Up";
        case Key::Down: return "Down";
        case Key::Left: return "Left";
        case Key::Right: return "Right";
        case Key::LeftShift: return "Left Shift";
        case Key::RightShift: return "Right Shift";
        case Key::LeftControl: return "Left Ctrl";
        case Key::RightControl: return "Right Ctrl";
        case Key::LeftAlt: return "Left Alt";
        case Key::RightAlt: return "Right Alt";
        case Key::Comma: return ",";
        case Key::Period: return ".";
        case Key::Slash: return "/";
        case Key::Minus: return "-";
        case Key::Apostrophe: return "'";
        default: return "?";
    }
}

bool bindable(Key key) { return keyName(key) != "?" && key != Key::Enter && key != Key::Escape; }

std::filesystem::path defaultSettingsPath() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    std::filesystem::path base = xdg && *xdg     ? xdg
                                 : home && *home ? std::filesystem::path(home) / ".config"
                                                 : std::filesystem::temp_directory_path();
    return base / "atrium" / "join.json";
}

namespace {
json colour(vec3 c) { return json::array({c.x, c.y, c.z}); }

// Reads field `name` of `j` into `out` when present; a wrong type is an error naming it.
template <typename T>
Status field(const json& j, const char* name, T& out, const std::string& file) {
    auto it = j.find(name);
    if (it == j.end()) return Ok{};
    try {
        out = it->get<T>();
    } catch (const json::exception&) {
        return Error{"\"" + std::string(name) + "\" has the wrong type", file};
    }
    return Ok{};
}

Status readColour(const json& look, const char* name, vec3& out, const std::string& file) {
    auto it = look.find(name);
    if (it == look.end()) return Ok{};
    if (!it->is_array() || it->size() != 3 || !(*it)[0].is_number() || !(*it)[1].is_number() || !(*it)[2].is_number()) {
        return Error{"\"look." + std::string(name) + "\" must be three numbers 0..1", file};
    }
    for (int i = 0; i < 3; ++i) out[i] = std::fmin(1.0f, std::fmax(0.0f, (*it)[std::size_t(i)].get<float>()));
    return Ok{};
}

Status readKey(const json& keys, const char* name, Key& out, const std::string& file) {
    int code = int(out);
    if (Status s = field(keys, name, code, file); !s) return s;
    if (!bindable(Key(code)))
        return Error{"\"keys." + std::string(name) + "\" is not a key that can be bound (" + std::to_string(code) + ")", file};
    out = Key(code);
    return Ok{};
}
}  // namespace

Result<AttendeeSettings> loadSettings(const std::filesystem::path& path) {
    AttendeeSettings s;
    std::ifstream in(path);
    if (!in) return s;
    const std::string file = path.string();
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{"not a JSON object", file};
    if (Status st = field(j, "displayName", s.displayName, file); !st) return st.error();
    if (Status st = field(j, "mouseSensitivity", s.mouseSensitivity, file); !st) return st.error();
    if (Status st = field(j, "invertY", s.invertY, file); !st) return st.error();
    std::string quality = toString(s.quality);
    if (Status st = field(j, "quality", quality, file); !st) return st.error();
    if (quality == "low") s.quality = GraphicsQuality::Low;
    else if (quality == "medium") s.quality = GraphicsQuality::Medium;
    else if (quality == "high") s.quality = GraphicsQuality::High;
    else return Error{"\"quality\" must be low, medium or high, not \"" + quality + "\"", file};
    if (s.mouseSensitivity <= 0.0f || s.mouseSensitivity > 0.1f) return Error{"\"mouseSensitivity\" must be in (0, 0.1]", file};
    if (auto look = j.find("look"); look != j.end()) {
        if (!look->is_object()) return Error{"\"look\" must be an object", file};
        s.lookChosen = true;
        int body = int(s.look.body);
        if (Status st = field(*look, "body", body, file); !st) return st.error();
        if (body < 0 || body >= int(kBodyPresets.size()))
            return Error{"\"look.body\" must be 0.." + std::to_string(kBodyPresets.size() - 1), file};
        s.look.body = BodyPreset(body);
        for (auto [name, out] : {std::pair{"skin", &s.look.skin}, {"top", &s.look.top}, {"bottom", &s.look.bottom}, {"shoes", &s.look.shoes}}) {
            if (Status st = readColour(*look, name, *out, file); !st) return st.error();
        }
    }
    if (auto keys = j.find("keys"); keys != j.end()) {
        if (!keys->is_object()) return Error{"\"keys\" must be an object", file};
        KeyBindings& k = s.keys;
        for (auto [name, out] : {std::pair{"forward", &k.forward},
                                 {"back", &k.back},
                                 {"left", &k.left},
                                 {"right", &k.right},
                                 {"run", &k.run},
                                 {"jump", &k.jump},
                                 {"sit", &k.sit},
                                 {"talk", &k.talk}}) {
            if (Status st = readKey(*keys, name, *out, file); !st) return st.error();
        }
    }
    if (auto voice = j.find("voice"); voice != j.end()) {
        if (!voice->is_object()) return Error{"\"voice\" must be an object", file};
        if (Status st = field(*voice, "openMic", s.openMic, file); !st) return Error{"voice: " + st.error().message, file};
        if (Status st = field(*voice, "microphone", s.microphone, file); !st) return Error{"voice: " + st.error().message, file};
        if (Status st = field(*voice, "gain", s.micGain, file); !st) return Error{"voice: " + st.error().message, file};
        if (!(s.micGain >= 0.0f && s.micGain <= 8.0f)) return Error{"\"voice.gain\" must be in [0, 8]", file};
    }
    return s;
}

Status saveSettings(const AttendeeSettings& s, const std::filesystem::path& path) {
    json j = {
        {"displayName", s.displayName}, {"mouseSensitivity", s.mouseSensitivity}, {"invertY", s.invertY}, {"quality", toString(s.quality)}};
    if (s.lookChosen) {
        j["look"] = {{"body", int(s.look.body)},
                     {"skin", colour(s.look.skin)},
                     {"top", colour(s.look.top)},
                     {"bottom", colour(s.look.bottom)},
                     {"shoes", colour(s.look.shoes)}};
    }
    const KeyBindings& k = s.keys;
    j["keys"] = {{"forward", int(k.forward)}, {"back", int(k.back)}, {"left", int(k.left)}, {"right", int(k.right)},
                 {"run", int(k.run)},         {"jump", int(k.jump)}, {"sit", int(k.sit)},   {"talk", int(k.talk)}};
    j["voice"] = {{"openMic", s.openMic}, {"microphone", s.microphone}, {"gain", s.micGain}};
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Error{"cannot make the settings folder: " + ec.message(), path.parent_path().string()};
    return writeFileAtomically(path, j.dump(2) + "\n");
}

}  // namespace atrium::player
