// The slides worker: a PDF's page rendered with Poppler into the same RGBA pictures as video,
// fitted inside the output size (letterboxed on black, the page's aspect kept).
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <algorithm>
#include <filesystem>
#include <memory>

#include "player_shared.hpp"

namespace atrium::media {
namespace {

// Poppler's ARGB32 is native-endian 0xAARRGGBB: B, G, R, A in memory on little-endian machines.
void blitArgb32(const poppler::image& img, VideoFrame& out, std::uint32_t x0, std::uint32_t y0) {
    const auto w = std::uint32_t(img.width());
    const auto h = std::uint32_t(img.height());
    for (std::uint32_t y = 0; y < h && y0 + y < out.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(img.const_data() + std::size_t(y) * std::size_t(img.bytes_per_row()));
        std::uint8_t* dst = out.rgba.data() + (std::size_t(y0 + y) * out.width + x0) * 4;
        for (std::uint32_t x = 0; x < w && x0 + x < out.width; ++x, dst += 4) {
            const std::uint32_t p = row[x];
            dst[0] = std::uint8_t(p >> 16);
            dst[1] = std::uint8_t(p >> 8);
            dst[2] = std::uint8_t(p);
            dst[3] = 255;
        }
    }
}

bool renderPage(MediaPlayer::Shared& s, poppler::document& doc, std::uint32_t index, std::uint32_t w, std::uint32_t h) {
    std::unique_ptr<poppler::page> page(doc.create_page(int(index)));
    if (!page) {
        s.fail("cannot read page " + std::to_string(index + 1) + " of " + s.source);
        return false;
    }
    const poppler::rectf box = page->page_rect();  // points, 1/72 inch
    if (box.width() <= 0 || box.height() <= 0) {
        s.fail("page " + std::to_string(index + 1) + " of " + s.source + " has no size");
        return false;
    }
    if (w == 0 || h == 0) {  // the page's own size at 96 dpi
        w = std::uint32_t(box.width() * 96.0 / 72.0);
        h = std::uint32_t(box.height() * 96.0 / 72.0);
    }
    const double scale = std::min(double(w) / box.width(), double(h) / box.height());
    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(poppler::image::format_argb32);
    const double dpi = scale * 72.0;
    const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
    if (!img.is_valid()) {
        s.fail("cannot render page " + std::to_string(index + 1) + " of " + s.source);
        return false;
    }
    VideoFrame out;
    out.width = w;
    out.height = h;
    out.rgba.assign(std::size_t(w) * h * 4, 0);
    for (std::size_t i = 3; i < out.rgba.size(); i += 4) out.rgba[i] = 255;
    const auto iw = std::min<std::uint32_t>(w, std::uint32_t(img.width()));
    const auto ih = std::min<std::uint32_t>(h, std::uint32_t(img.height()));
    blitArgb32(img, out, (w - iw) / 2, (h - ih) / 2);
    s.pushFrame(std::move(out));
    return true;
}

}  // namespace

void runSlidesWorker(MediaPlayer::Shared& s) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(s.source, ec)) return s.fail("cannot open " + s.source + ": no such file");
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(s.source));
    if (!doc) return s.fail("cannot read " + s.source + " (corrupt or not a PDF)");
    if (doc->is_locked()) return s.fail("cannot show " + s.source + ": the PDF is password-protected");
    if (doc->pages() <= 0) return s.fail(s.source + " has no pages");
    MediaInfo info;
    info.slides = true;
    info.pageCount = std::uint32_t(doc->pages());
    std::uint32_t page = 0, w = 0, h = 0;
    // Under the lock: the page asked for (clamped to the document) and the output size.
    auto takeRequest = [&] {
        s.page = std::min(s.page, info.pageCount - 1);
        page = s.page;
        w = s.outWidth;
        h = s.outHeight;
        s.pageChanged = false;
    };
    {
        std::lock_guard lock(s.mutex);
        takeRequest();
    }
    if (!renderPage(s, *doc, page, w, h)) return;
    s.markOpened(info);
    while (true) {
        {
            std::unique_lock lock(s.mutex);
            s.wake.wait(lock, [&] { return s.stop || s.pageChanged; });
            if (s.stop) return;
            takeRequest();
        }
        if (!renderPage(s, *doc, page, w, h)) return;
    }
}

}  // namespace atrium::media
