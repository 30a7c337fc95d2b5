#include "translations.hpp"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace atrium::ui {

namespace {

constexpr const char* kDomain = "atrium";

// The translations the UI has shown, for the font atlas: a catalogue's characters (the Chinese
// one's go beyond ImGui's common-Chinese ranges) are added as they are first needed.
struct Translated {
    std::mutex mutex;
    std::unordered_set<const char*> seen;
    std::vector<std::string> fresh;
};
Translated g_translated;

// "zh_CN.UTF-8" -> "zh_CN"; "" when unset.
std::string languageOfLocale(const char* value) {
    if (!value) return {};
    std::string s = value;
    s = s.substr(0, s.find_first_of(".@:"));  // LANGUAGE may list several, colon-separated
    return s == "C" || s == "POSIX" ? "" : s;
}

std::string systemLanguage() {
    for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        std::string l = languageOfLocale(std::getenv(var));
        if (!l.empty()) return l;
    }
    return {};
}

// The catalogue for a language, if one ships: Simplified Chinese for zh, zh_CN and zh_SG.
std::string catalogueFor(const std::string& language) {
    if (language == "zh" || language == "zh_CN" || language == "zh_SG" || language == "zh_Hans") return "zh_CN";
    return "en";
}

std::filesystem::path findLocaleDir(const std::filesystem::path& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("ATRIUM_LOCALE_DIR"); env && *env) return env;
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "locale";
        if (std::filesystem::exists(installed / "zh_CN" / "LC_MESSAGES" / "atrium.mo", ec)) return installed;
    }
    return ATRIUM_LOCALE_DIR;
}

}  // namespace

std::string initTranslations(const std::string& language, const std::filesystem::path& localeDir) {
    std::string chosen = catalogueFor(language.empty() ? systemLanguage() : language);
    // gettext translates nothing in the "C" locale, and the language's own locale is often not
    // generated (containers): C.UTF-8 with LANGUAGE naming the catalogue works everywhere.
    const char* current = std::setlocale(LC_MESSAGES, "");
    if (!current || std::string_view(current) == "C" || std::string_view(current) == "POSIX") std::setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", chosen.c_str(), 1);
    bindtextdomain(kDomain, findLocaleDir(localeDir).c_str());
    bind_textdomain_codeset(kDomain, "UTF-8");
    textdomain(kDomain);  // also drops translations cached for an earlier language
    return chosen;
}

const char* tr(const char* english) {
    const char* shown = dgettext(kDomain, english);
    // gettext hands back the catalogue's own string, so a pointer seen once is known for good.
    if (shown != english) {
        const std::lock_guard lock(g_translated.mutex);
        if (g_translated.seen.insert(shown).second) g_translated.fresh.emplace_back(shown);
    }
    return shown;
}

std::vector<std::string> takeNewTranslations() {
    const std::lock_guard lock(g_translated.mutex);
    return std::exchange(g_translated.fresh, {});
}

std::string trId(const char* english, const char* id) { return std::string(tr(english)) + "###" + id; }

}  // namespace atrium::ui
