#include <hb.h>

#include "atrium/text/shaped_text.hpp"

namespace atrium::text {

namespace {

enum class BidiClass : std::uint8_t { L, R, EN, N };

BidiClass classify(char32_t cp, hb_unicode_funcs_t* ufuncs) {
    if ((cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9)) return BidiClass::EN;
    hb_script_t script = hb_unicode_script(ufuncs, cp);
    if (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN) return BidiClass::N;
    return hb_script_get_horizontal_direction(script) == HB_DIRECTION_RTL ? BidiClass::R : BidiClass::L;
}

}  // namespace

std::vector<std::uint8_t> bidiLevels(const std::vector<char32_t>& codepoints, bool& rightToLeft) {
    hb_unicode_funcs_t* ufuncs = hb_unicode_funcs_get_default();
    std::vector<BidiClass> cls(codepoints.size());
    for (std::size_t i = 0; i < codepoints.size(); ++i) cls[i] = classify(codepoints[i], ufuncs);
    rightToLeft = false;
    for (BidiClass c : cls) {
        if (c == BidiClass::L || c == BidiClass::R) {
            rightToLeft = c == BidiClass::R;
            break;
        }
    }
    // W7: digits after a left-to-right letter (or at the start of a left-to-right paragraph) are L.
    BidiClass lastStrong = rightToLeft ? BidiClass::R : BidiClass::L;
    for (BidiClass& c : cls) {
        if (c == BidiClass::L || c == BidiClass::R) lastStrong = c;
        if (c == BidiClass::EN && lastStrong == BidiClass::L) c = BidiClass::L;
    }
    // N1/N2: a run of neutrals between two of one direction (digits count as R) takes it.
    auto direction = [](BidiClass c) { return c == BidiClass::L ? BidiClass::L : BidiClass::R; };
    BidiClass paragraph = rightToLeft ? BidiClass::R : BidiClass::L;
    for (std::size_t i = 0; i < cls.size();) {
        if (cls[i] != BidiClass::N) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < cls.size() && cls[end] == BidiClass::N) ++end;
        BidiClass before = i == 0 ? paragraph : direction(cls[i - 1]);
        BidiClass after = end == cls.size() ? paragraph : direction(cls[end]);
        BidiClass resolved = before == after ? before : paragraph;
        for (std::size_t k = i; k < end; ++k) cls[k] = resolved;
        i = end;
    }
    // I1/I2.
    std::vector<std::uint8_t> levels(cls.size());
    for (std::size_t i = 0; i < cls.size(); ++i) {
        if (!rightToLeft) levels[i] = cls[i] == BidiClass::L ? 0 : cls[i] == BidiClass::R ? 1 : 2;
        else levels[i] = cls[i] == BidiClass::R ? 1 : 2;
    }
    return levels;
}

}  // namespace atrium::text
