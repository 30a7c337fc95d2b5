#include "ui_fonts.hpp"

#include <fstream>
#include <iterator>

#include "atrium/core/log.hpp"
#include "atrium/core/utf8.hpp"
#include "imgui_overlay.hpp"
#include "translations.hpp"

namespace atrium::ui {

namespace {

// Always baked: scripts whose whole alphabet is small enough.
constexpr std::pair<char32_t, char32_t> kBaseRanges[] = {
    {0x0020, 0x024F},  // Latin, Latin-1, Latin Extended-A and -B
    {0x0300, 0x036F},  // combining diacritics
    {0x0370, 0x03FF},  // Greek
    {0x0400, 0x052F},  // Cyrillic
    {0x0590, 0x05FF},  // Hebrew
    {0x0600, 0x06FF},  // Arabic
    {0x0900, 0x097F},  // Devanagari
    {0x0E00, 0x0E7F},  // Thai
    {0x1E00, 0x1EFF},  // Latin Extended Additional (Vietnamese)
    {0x2000, 0x206F},  // punctuation
    {0x20A0, 0x20CF},  // currency
    {0x2190, 0x21FF},  // arrows
    {0x25A0, 0x25FF},  // shapes (ImGui's own triangles and bullets)
    {0x3000, 0x30FF},  // CJK punctuation, hiragana, katakana
    {0xFF00, 0xFFEF},  // full-width forms
    {0xFFFD, 0xFFFD},
};

bool readFile(const std::string& path, std::vector<char>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !out.empty();
}

}  // namespace

UiFonts::UiFonts(const UiFontOptions& options) : options_(options), wanted_(0x10000, false) {
    for (auto [lo, hi] : kBaseRanges) {
        for (char32_t c = lo; c <= hi; ++c) wanted_[c] = true;
    }
    if (options_.commonChinese) {
        // ImGui's table: pairs of inclusive bounds, zero-terminated.
        ImFontAtlas table;  // the ranges are static data; no ImGui context needed
        for (const ImWchar* r = table.GetGlyphRangesChineseSimplifiedCommon(); r[0]; r += 2) {
            for (char32_t c = r[0]; c <= r[1]; ++c) wanted_[c] = true;
        }
    }
    files_ = text::defaultFontFiles(text::FontFamily::Sans, options_.cjk);
}

void UiFonts::addCodepoint(char32_t cp) {
    if (cp >= wanted_.size() || cp < 0x20 || wanted_[cp]) return;
    wanted_[cp] = true;
    dirty_ = true;
}

void UiFonts::addText(std::string_view utf8) {
    for (char32_t cp : decodeUtf8(utf8).codepoints) addCodepoint(cp);
}

void UiFonts::addNames(const World& world) {
    addText(world.name);
    world.forEachEntity([&](Entity e) {
        if (const Name* n = world.get<Name>(e)) addText(n->value);
    });
}

std::size_t UiFonts::codepointCount() const {
    std::size_t n = 0;
    for (bool w : wanted_) n += w;
    return n;
}

bool UiFonts::build(ImFontAtlas& atlas) {
    ranges_.clear();
    for (char32_t c = 1; c < wanted_.size(); ++c) {
        if (!wanted_[c]) continue;
        if (!ranges_.empty() && ranges_.back() == ImWchar(c - 1)) {
            ranges_.back() = ImWchar(c);
        } else {
            ranges_.push_back(ImWchar(c));
            ranges_.push_back(ImWchar(c));
        }
    }
    ranges_.push_back(0);
    if (fileData_.size() != files_.size()) {
        fileData_.resize(files_.size());
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (!readFile(files_[i].path, fileData_[i])) logWarn("ui", "cannot read font " + files_[i].path);
        }
    }
    atlas.Clear();
    bool first = true;
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (fileData_[i].empty()) continue;
        // Each face after the first fills in only the code points the ones before it lack:
        // ImGui keeps the first glyph it finds for a code point.
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        cfg.MergeMode = !first;
        cfg.FontNo = files_[i].faceIndex;
        cfg.OversampleH = 1;  // CJK at 2x would quadruple the atlas
        cfg.PixelSnapH = true;
        atlas.AddFontFromMemoryTTF(fileData_[i].data(), int(fileData_[i].size()), options_.pixelSize, &cfg, ranges_.data());
        first = false;
    }
    if (first) {
        logWarn("ui", "no Noto font could be read (fonts-noto-core): the UI shows Latin only");
        atlas.AddFontDefault();
    }
    bool ok = atlas.Build();
    if (!ok) {
        logWarn("ui", "ImGui could not build the font atlas; falling back to its default font");
        atlas.Clear();
        atlas.AddFontDefault();
        atlas.Build();
    }
    dirty_ = false;
    return ok && !first;
}

Status UiFonts::refresh(ImGuiIO& io, Renderer& renderer) {
    for (const std::string& shown : takeNewTranslations()) addText(shown);
    if (!dirty_ && uploaded_) return Ok{};
    build(*io.Fonts);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    auto texture = renderer.createUiTexture(std::uint32_t(w), std::uint32_t(h), pixels);
    if (!texture) return texture.error();
    io.Fonts->SetTexID(toImTextureId(*texture));
    uploaded_ = true;
    return Ok{};
}

}  // namespace atrium::ui
