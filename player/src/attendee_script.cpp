#include "attendee_script.hpp"

#include <cmath>
#include <sstream>

namespace atrium::player {

namespace {

// The rest of the line after the command word, trimmed.
std::string restOf(std::istringstream& in) {
    std::string rest;
    std::getline(in, rest);
    auto first = rest.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    auto last = rest.find_last_not_of(" \t\r");
    return rest.substr(first, last - first + 1);
}

template <typename... T>
bool numbers(std::istringstream& in, T&... out) {
    bool ok = (static_cast<bool>(in >> out) && ...);
    if (!ok || !(std::isfinite(out) && ...)) return false;
    std::string rest = restOf(in);
    return rest.empty() || rest[0] == '#';
}

}  // namespace

Result<std::vector<ScriptStep>> parseAttendeeScript(std::string_view text, std::string_view fileName) {
    std::vector<ScriptStep> steps;
    std::istringstream lines{std::string(text)};
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n) {
        std::istringstream in(line);
        std::string word;
        if (!(in >> word) || word[0] == '#') continue;
        ScriptStep s;
        s.line = n;
        auto fail = [&](const std::string& what) { return Error{std::string(fileName) + ":" + std::to_string(n) + ": " + what}; };
        if (word == "wait") {
            s.kind = ScriptStep::Kind::Wait;
            if (!numbers(in, s.seconds) || s.seconds < 0.0f) return fail("wait needs SECONDS (0 or more)");
        } else if (word == "walk") {
            s.kind = ScriptStep::Kind::Walk;
            if (!numbers(in, s.keys.x, s.keys.y, s.seconds) || s.seconds < 0.0f) return fail("walk needs X Y SECONDS");
        } else if (word == "walkto") {
            s.kind = ScriptStep::Kind::WalkTo;
            if (!numbers(in, s.target.x, s.target.y)) return fail("walkto needs X Z (a point in the venue)");
        } else if (word == "turn") {
            s.kind = ScriptStep::Kind::Turn;
            if (!numbers(in, s.degrees)) return fail("turn needs DEGREES");
        } else if (word == "sit") {
            s.kind = ScriptStep::Kind::Sit;
            s.text = restOf(in);
        } else if (word == "stand") {
            s.kind = ScriptStep::Kind::Stand;
            if (!restOf(in).empty()) return fail("stand takes nothing after it");
        } else if (word == "chat") {
            s.kind = ScriptStep::Kind::Chat;
            s.text = restOf(in);
            if (s.text.empty()) return fail("chat needs the TEXT to say");
        } else if (word == "emote") {
            s.kind = ScriptStep::Kind::Emote;
            std::string name = restOf(in);
            auto e = emoteFromString(name);
            if (!e) return fail("unknown emote \"" + name + "\" (wave, clap, cheer, heart, laugh, thumbs_up)");
            s.emote = *e;
        } else {
            return fail("unknown step \"" + word + "\" (wait, walk, walkto, turn, sit, stand, chat, emote)");
        }
        steps.push_back(std::move(s));
    }
    return steps;
}

}  // namespace atrium::player
