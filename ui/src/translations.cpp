#include "translations.hpp"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <string_view>

namespace atrium::ui {

namespace {

constexpr const char* kDomain = "atrium";

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

const char* tr(const char* english) { return dgettext(kDomain, english); }

std::string trId(const char* english, const char* id) { return std::string(tr(english)) + "###" + id; }

}  // namespace atrium::ui
