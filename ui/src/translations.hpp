#pragma once
// The editor's and the attendee app's UI strings through gettext (text domain "atrium"). English
// is the source language (the msgids); ui/po/<language>.po catalogues are compiled with msgfmt
// at build time into <build>/share/locale and installed into <prefix>/share/locale.
#include <filesystem>
#include <string>
#include <vector>

namespace atrium::ui {

// Chooses the UI language and loads its catalogue: `language` when given (a setting such as
// "zh_CN"), otherwise the system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Returns the
// language in use: "zh_CN", or "en" when there is no catalogue for the choice. Catalogues are
// looked for in `localeDir`, else $ATRIUM_LOCALE_DIR, else <executable>/../share/locale, else
// the build tree's. Works without the language's system locale installed (C.UTF-8 is enough).
std::string initTranslations(const std::string& language = {}, const std::filesystem::path& localeDir = {});

// The UI language's text for an English string (the string itself when untranslated).
const char* tr(const char* english);

// The translated strings tr() returned for the first time since the last call: their
// characters for the UI's font atlas (UiFonts::refresh takes them).
std::vector<std::string> takeNewTranslations();

// "Translated label###id": the label changes with the language, ImGui's id does not.
std::string trId(const char* english, const char* id);

}  // namespace atrium::ui
