#pragma once
// FontSet's insides, shared with the shaper: one FreeType face and its HarfBuzz font per file.
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <vector>

#include "atrium/text/font_set.hpp"

namespace atrium::text {

struct FontFace {
    FontFile file;
    FT_Face face = nullptr;
    hb_font_t* hb = nullptr;  // shapes at the set's pixelsPerEm, in 26.6 pixels
};

struct FontSet::Impl {
    FontSetOptions options;
    FT_Library library = nullptr;
    std::vector<FontFace> faces;
    ~Impl();
};

}  // namespace atrium::text
