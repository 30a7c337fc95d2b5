#pragma once
// The fonts text is drawn with: a primary face and the faces tried, in order, for characters it
// lacks (per-character fallback). Faces are Debian's Noto fonts by default; a venue picks the
// family. FreeType and HarfBuzz stay behind this header.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atrium/core/error.hpp"

namespace atrium::text {

enum class FontFamily : std::uint8_t { Sans, Serif };

// Han characters differ in shape between regions; the CJK face is picked for the audience.
enum class CjkRegion : std::uint8_t { SimplifiedChinese, TraditionalChinese, Japanese, Korean };

struct FontFile {
    std::string path;
    int faceIndex = 0;  // inside a .ttc collection
};

struct FontSetOptions {
    FontFamily family = FontFamily::Sans;
    CjkRegion cjk = CjkRegion::SimplifiedChinese;
    // Tried before the default faces (a venue's own font files); missing ones are errors.
    std::vector<FontFile> extraFonts;
    float pixelsPerEm = 32.0f;  // the size glyphs are shaped and rasterised at
    int sdfSpread = 8;          // atlas pixels of signed distance on each side of a glyph's edge
};

// "sans" or "serif" (venue settings); nothing for anything else.
Result<FontFamily> parseFontFamily(const std::string& name);
const char* fontFamilyName(FontFamily family);

// The default fallback chain for a family, in the order faces are tried: the Latin, Greek and
// Cyrillic face, then Arabic, Hebrew, Thai, Devanagari, CJK, symbols and a monochrome emoji
// face (DejaVu Sans). Only files that exist on this system are listed.
std::vector<FontFile> defaultFontFiles(FontFamily family, CjkRegion cjk);

inline constexpr std::uint16_t kNoFace = 0xFFFF;

// One rasterised glyph: a signed-distance field, 128 on the outline, rising inside.
struct GlyphBitmap {
    std::uint32_t width = 0, height = 0;
    float left = 0.0f, top = 0.0f;  // pixels from the pen position to the bitmap's top left, y up
    std::vector<std::uint8_t> distance;
};

class FontSet {
public:
    static Result<std::unique_ptr<FontSet>> create(const FontSetOptions& options = {});
    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    const FontSetOptions& options() const;
    std::size_t faceCount() const;
    const FontFile& file(std::uint16_t face) const;
    std::string familyName(std::uint16_t face) const;

    // The first face with a glyph for `cp`, or kNoFace.
    std::uint16_t faceFor(char32_t cp) const;
    bool hasGlyph(std::uint16_t face, char32_t cp) const;

    // The primary face's line, in pixels at options().pixelsPerEm: ascent above the baseline
    // (+) and descent below it (-).
    float ascent() const;
    float descent() const;

    // The glyph's signed-distance bitmap; false (and an empty bitmap) for a glyph with no ink.
    bool rasterize(std::uint16_t face, std::uint32_t glyph, GlyphBitmap& out) const;

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    explicit FontSet(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::text
