#include <algorithm>

#include "atrium/core/utf8.hpp"
#include "atrium/text/shaped_text.hpp"
#include "text/font_face.hpp"

namespace atrium::text {

namespace {

// A piece of the line that one face shapes in one direction and script.
struct Run {
    std::uint32_t start = 0, length = 0;  // code points
    std::uint16_t face = 0;
    std::uint8_t level = 0;
    hb_script_t script = HB_SCRIPT_COMMON;
};

bool isCommon(hb_script_t s) { return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN; }

// Marks, joiners and variation selectors belong to the character before them: they stay in its
// face so HarfBuzz can place (or ignore) them in its cluster.
bool attachesToPrevious(char32_t cp, hb_unicode_funcs_t* ufuncs) {
    switch (hb_unicode_general_category(ufuncs, cp)) {
        case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
        case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
        case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
        case HB_UNICODE_GENERAL_CATEGORY_FORMAT: return true;
        default: return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}

std::vector<std::uint16_t> pickFaces(const FontSet& fonts, const std::vector<char32_t>& cps, hb_unicode_funcs_t* ufuncs) {
    std::vector<std::uint16_t> faces(cps.size(), 0);
    for (std::size_t i = 0; i < cps.size(); ++i) {
        if (i > 0 && attachesToPrevious(cps[i], ufuncs)) {
            faces[i] = faces[i - 1];
            continue;
        }
        // Spaces and punctuation stay in the face around them when it has them.
        if (i > 0 && isCommon(hb_unicode_script(ufuncs, cps[i])) && fonts.hasGlyph(faces[i - 1], cps[i])) {
            faces[i] = faces[i - 1];
            continue;
        }
        std::uint16_t f = fonts.faceFor(cps[i]);
        faces[i] = f == kNoFace ? 0 : f;
    }
    return faces;
}

std::vector<Run> itemize(const std::vector<char32_t>& cps, const std::vector<std::uint16_t>& faces, const std::vector<std::uint8_t>& levels,
                         hb_unicode_funcs_t* ufuncs) {
    std::vector<Run> runs;
    for (std::uint32_t i = 0; i < cps.size(); ++i) {
        hb_script_t s = hb_unicode_script(ufuncs, cps[i]);
        if (!runs.empty()) {
            Run& r = runs.back();
            bool sameScript = isCommon(s) || isCommon(r.script) || s == r.script;
            if (r.face == faces[i] && r.level == levels[i] && sameScript) {
                if (isCommon(r.script)) r.script = s;
                ++r.length;
                continue;
            }
        }
        runs.push_back({i, 1, faces[i], levels[i], s});
    }
    return runs;
}

// UAX #9 L2: from the highest level down to the lowest odd one, reverse every sequence of runs
// at that level or above.
void reorderRuns(std::vector<Run>& runs) {
    std::uint8_t maxLevel = 0, minOdd = 255;
    for (const Run& r : runs) {
        maxLevel = std::max(maxLevel, r.level);
        if (r.level % 2 == 1) minOdd = std::min(minOdd, r.level);
    }
    if (minOdd == 255) return;
    for (int level = maxLevel; level >= minOdd; --level) {
        for (std::size_t i = 0; i < runs.size();) {
            if (runs[i].level < level) {
                ++i;
                continue;
            }
            std::size_t end = i;
            while (end < runs.size() && runs[end].level >= level) ++end;
            std::reverse(runs.begin() + std::ptrdiff_t(i), runs.begin() + std::ptrdiff_t(end));
            i = end;
        }
    }
}

void shapeRun(const FontSet& fonts, const DecodedText& text, const Run& run, hb_buffer_t* buf, ShapedText& out) {
    hb_buffer_clear_contents(buf);
    // The whole line goes in as context, so Arabic letters join across a run boundary.
    hb_buffer_add_utf32(buf, reinterpret_cast<const std::uint32_t*>(text.codepoints.data()), int(text.codepoints.size()), run.start,
                        int(run.length));
    hb_buffer_set_direction(buf, run.level % 2 == 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, isCommon(run.script) ? HB_SCRIPT_LATIN : run.script);
    hb_buffer_set_language(buf, hb_language_get_default());
    hb_shape(fonts.impl().faces[run.face].hb, buf, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    for (unsigned i = 0; i < count; ++i) {
        ShapedGlyph g;
        g.face = run.face;
        g.glyph = info[i].codepoint;
        g.x = out.width + float(pos[i].x_offset) / 64.0f;
        g.y = float(pos[i].y_offset) / 64.0f;
        g.cluster = text.offsets[std::min<std::size_t>(info[i].cluster, text.offsets.size() - 1)];
        out.glyphs.push_back(g);
        out.width += float(pos[i].x_advance) / 64.0f;
    }
}

}  // namespace

std::uint32_t ShapedText::clusterCount() const {
    std::vector<std::uint32_t> clusters;
    clusters.reserve(glyphs.size());
    for (const ShapedGlyph& g : glyphs) clusters.push_back(g.cluster);
    std::sort(clusters.begin(), clusters.end());
    return std::uint32_t(std::unique(clusters.begin(), clusters.end()) - clusters.begin());
}

ShapedText shapeText(const FontSet& fonts, std::string_view utf8) {
    ShapedText out;
    DecodedText text = decodeUtf8(utf8);
    if (text.codepoints.empty()) return out;
    hb_unicode_funcs_t* ufuncs = hb_unicode_funcs_get_default();
    std::vector<std::uint8_t> levels = bidiLevels(text.codepoints, out.rightToLeft);
    std::vector<std::uint16_t> faces = pickFaces(fonts, text.codepoints, ufuncs);
    std::vector<Run> runs = itemize(text.codepoints, faces, levels, ufuncs);
    reorderRuns(runs);
    // One buffer per thread, reused: label text is shaped every time a new string shows up.
    struct Buffer {
        hb_buffer_t* buf = hb_buffer_create();
        Buffer() = default;
        Buffer(const Buffer&) = delete;
        Buffer& operator=(const Buffer&) = delete;
        ~Buffer() { hb_buffer_destroy(buf); }
    };
    static thread_local Buffer buffer;
    for (const Run& run : runs) shapeRun(fonts, text, run, buffer.buf, out);
    return out;
}

}  // namespace atrium::text
