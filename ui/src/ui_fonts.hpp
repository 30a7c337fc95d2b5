#pragma once
// The editor's and the attendee app's ImGui fonts: the Noto faces labels use (text::FontSet's
// fallback order), merged into one ImGui font over the code points the UI needs.
//
// Dear ImGui 1.86 bakes glyphs from ranges into its atlas when the atlas is built, and draws
// each code point's glyph left to right without shaping. So: a fixed set of ranges (Latin,
// Greek, Cyrillic, Thai, Hebrew, Arabic, Devanagari, kana, punctuation, optionally the 2,500
// common simplified Chinese characters) plus every code point seen in the venue's names, the
// translations and typed text; a new one marks the atlas for a rebuild before the next frame.
// What 1.86 cannot do: join Arabic letters (they show in isolated forms), order right-to-left
// text (Arabic and Hebrew show in typed, left-to-right order), position Thai and Devanagari
// marks (they sit after their base), or draw code points above U+FFFF (emoji; ImWchar is 16
// bits in Debian's build). The world's labels do all of these (atrium::text).
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "atrium/core/error.hpp"
#include "atrium/render/renderer.hpp"
#include "atrium/scene/world.hpp"
#include "atrium/text/font_set.hpp"

namespace atrium::ui {

struct UiFontOptions {
    float pixelSize = 16.0f;
    text::CjkRegion cjk = text::CjkRegion::SimplifiedChinese;
    bool commonChinese = false;  // bake ImGui's 2,500 common simplified characters up front
};

class UiFonts {
public:
    explicit UiFonts(const UiFontOptions& options = {});

    // Code points the UI will show; new ones (not yet in the atlas) mark it for a rebuild.
    void addText(std::string_view utf8);
    void addCodepoint(char32_t cp);
    void addNames(const World& world);  // every entity's name and the venue's
    bool needsRebuild() const { return dirty_; }
    std::size_t codepointCount() const;

    // Clears `atlas` and adds the merged font over the code points gathered (and builds it).
    // False when no Noto face could be read: the atlas then holds ImGui's default font.
    bool build(ImFontAtlas& atlas);

    // When a rebuild is due (or nothing was uploaded yet): builds io.Fonts and hands ImGui a
    // new renderer texture of it. The old texture stays with the renderer (it has no way to
    // free one); rebuilds happen only when unseen characters show up.
    Status refresh(ImGuiIO& io, Renderer& renderer);

private:
    UiFontOptions options_;
    std::vector<bool> wanted_;  // by code point, the Basic Multilingual Plane
    bool dirty_ = true;
    bool uploaded_ = false;
    std::vector<ImWchar> ranges_;
    std::vector<std::vector<char>> fileData_;  // the font files, read once, kept for the atlas
    std::vector<text::FontFile> files_;
};

}  // namespace atrium::ui
