#include "atrium/text/font_set.hpp"

#include <algorithm>
#include <filesystem>

#include "text/distance_field.hpp"
#include "text/font_face.hpp"

namespace atrium::text {

namespace {

const char* const kNotoTtf = "/usr/share/fonts/truetype/noto/";
const char* const kNotoOtf = "/usr/share/fonts/opentype/noto/";
const char* const kDejaVu = "/usr/share/fonts/truetype/dejavu/";

int cjkFaceIndex(CjkRegion region) {
    // Order of the faces in Debian's NotoSansCJK-Regular.ttc (fonts-noto-cjk): JP, KR, SC, TC.
    switch (region) {
        case CjkRegion::Japanese: return 0;
        case CjkRegion::Korean: return 1;
        case CjkRegion::SimplifiedChinese: return 2;
        case CjkRegion::TraditionalChinese: return 3;
    }
    return 2;
}

Error fontError(const std::string& what, const std::string& path, FT_Error code) {
    Error e;
    e.message = what + " (FreeType error " + std::to_string(code) + ")";
    e.file = path;
    return e;
}

}  // namespace

Result<FontFamily> parseFontFamily(const std::string& name) {
    if (name == "sans") return FontFamily::Sans;
    if (name == "serif") return FontFamily::Serif;
    Error e;
    e.message = "unknown font family \"" + name + "\" (expected \"sans\" or \"serif\")";
    return e;
}

const char* fontFamilyName(FontFamily family) { return family == FontFamily::Serif ? "serif" : "sans"; }

std::vector<FontFile> defaultFontFiles(FontFamily family, CjkRegion cjk) {
    bool serif = family == FontFamily::Serif;
    std::string t = kNotoTtf;
    std::vector<FontFile> candidates = {
        {t + (serif ? "NotoSerif-Regular.ttf" : "NotoSans-Regular.ttf"), 0},
        {t + (serif ? "NotoNaskhArabic-Regular.ttf" : "NotoSansArabic-Regular.ttf"), 0},
        {t + (serif ? "NotoSerifHebrew-Regular.ttf" : "NotoSansHebrew-Regular.ttf"), 0},
        {t + (serif ? "NotoSerifThai-Regular.ttf" : "NotoSansThai-Regular.ttf"), 0},
        {t + (serif ? "NotoSerifDevanagari-Regular.ttf" : "NotoSansDevanagari-Regular.ttf"), 0},
        {std::string(kNotoOtf) + (serif ? "NotoSerifCJK-Regular.ttc" : "NotoSansCJK-Regular.ttc"), cjkFaceIndex(cjk)},
        // The sans faces fill in where a serif face has no script of its own.
        {t + "NotoSans-Regular.ttf", 0},
        {t + "NotoSansSymbols-Regular.ttf", 0},
        {t + "NotoSansSymbols2-Regular.ttf", 0},
        // Monochrome emoji: Debian packages no emoji font that FreeType renders as outlines
        // except DejaVu Sans' set (fonts-dejavu-core).
        {std::string(kDejaVu) + "DejaVuSans.ttf", 0},
    };
    std::vector<FontFile> out;
    std::error_code ec;
    for (FontFile& f : candidates) {
        bool seen = false;
        for (const FontFile& o : out) seen = seen || (o.path == f.path && o.faceIndex == f.faceIndex);
        if (!seen && std::filesystem::exists(f.path, ec)) out.push_back(std::move(f));
    }
    return out;
}

FontSet::Impl::~Impl() {
    for (FontFace& f : faces) {
        if (f.hb) hb_font_destroy(f.hb);
        if (f.face) FT_Done_Face(f.face);
    }
    if (library) FT_Done_FreeType(library);
}

Result<std::unique_ptr<FontSet>> FontSet::create(const FontSetOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (FT_Error err = FT_Init_FreeType(&impl->library)) return fontError("cannot start FreeType", "", err);
    std::vector<FontFile> files = options.extraFonts;
    std::size_t extra = files.size();
    for (FontFile& f : defaultFontFiles(options.family, options.cjk)) files.push_back(std::move(f));
    if (files.empty()) {
        Error e;
        e.message = "no fonts: install fonts-noto-core and fonts-noto-cjk (or pass FontSetOptions::extraFonts)";
        return e;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        FontFace f;
        f.file = files[i];
        if (FT_Error err = FT_New_Face(impl->library, f.file.path.c_str(), f.file.faceIndex, &f.face)) {
            if (i < extra) return fontError("cannot open font", f.file.path, err);
            continue;  // a default face that FreeType cannot read: the others still work
        }
        if (FT_Error err = FT_Set_Char_Size(f.face, 0, FT_F26Dot6(options.pixelsPerEm * 64.0f), 72, 72)) {
            FT_Done_Face(f.face);
            if (i < extra) return fontError("cannot size font", f.file.path, err);
            continue;
        }
        f.hb = hb_ft_font_create_referenced(f.face);
        // Unhinted advances scale linearly, so one shaping serves every label size.
        hb_ft_font_set_load_flags(f.hb, FT_LOAD_NO_HINTING);
        impl->faces.push_back(f);
    }
    if (impl->faces.empty()) {
        Error e;
        e.message = "none of the fonts could be opened";
        e.file = files.front().path;
        return e;
    }
    return std::unique_ptr<FontSet>(new FontSet(std::move(impl)));
}

FontSet::FontSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FontSet::~FontSet() = default;

const FontSetOptions& FontSet::options() const { return impl_->options; }
std::size_t FontSet::faceCount() const { return impl_->faces.size(); }
const FontFile& FontSet::file(std::uint16_t face) const { return impl_->faces.at(face).file; }

std::string FontSet::familyName(std::uint16_t face) const {
    const FT_Face f = impl_->faces.at(face).face;
    return f->family_name ? f->family_name : "";
}

bool FontSet::hasGlyph(std::uint16_t face, char32_t cp) const {
    return face < impl_->faces.size() && FT_Get_Char_Index(impl_->faces[face].face, FT_ULong(cp)) != 0;
}

std::uint16_t FontSet::faceFor(char32_t cp) const {
    for (std::size_t i = 0; i < impl_->faces.size(); ++i) {
        if (FT_Get_Char_Index(impl_->faces[i].face, FT_ULong(cp)) != 0) return std::uint16_t(i);
    }
    return kNoFace;
}

float FontSet::ascent() const { return float(impl_->faces.front().face->size->metrics.ascender) / 64.0f; }
float FontSet::descent() const { return float(impl_->faces.front().face->size->metrics.descender) / 64.0f; }

bool FontSet::rasterize(std::uint16_t face, std::uint32_t glyph, GlyphBitmap& out) const {
    out = GlyphBitmap{};
    if (face >= impl_->faces.size()) return false;
    FT_Face f = impl_->faces[face].face;
    if (FT_Load_Glyph(f, glyph, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) return false;
    if (f->glyph->format != FT_GLYPH_FORMAT_OUTLINE || f->glyph->outline.n_contours == 0) return false;
    // Anti-aliased coverage, then its distance field (distance_field.hpp): FreeType's own SDF
    // renderers take 2 to 17 ms a CJK glyph on this machine, a new name's hitch.
    if (FT_Render_Glyph(f->glyph, FT_RENDER_MODE_NORMAL) != 0) return false;
    const FT_Bitmap& bm = f->glyph->bitmap;
    if (bm.width == 0 || bm.rows == 0 || bm.pixel_mode != FT_PIXEL_MODE_GRAY) return false;
    auto spread = std::uint32_t(std::clamp(impl_->options.sdfSpread, 2, 32));
    out.width = bm.width + 2 * spread;
    out.height = bm.rows + 2 * spread;
    out.left = float(f->glyph->bitmap_left) - float(spread);
    out.top = float(f->glyph->bitmap_top) + float(spread);
    out.distance = distanceField(bm.buffer, bm.pitch, bm.width, bm.rows, spread);
    return true;
}

}  // namespace atrium::text
