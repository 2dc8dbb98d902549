// make_test_pdf: writes an N-page PDF for the PDF signing and verification tests and the bench
// (issue 15). Cairo's PDF surface writes it (a classic cross-reference table, PDF 1.5), so the
// input is made by a program nobody here wrote, not by the signer under test.
//
//   make_test_pdf --out F.pdf [--pages N] [--size BYTES] [--seed S]
//
// --size pads the file to at least BYTES with an image of pseudo-random pixels on the first
// page: random pixels do not compress, so the file really is that large (the 10 MB bench), and
// the same seed gives the same bytes. Exit 0 written, 1 Cairo failed, 2 usage.
#include <cairo-pdf.h>
#include <cairo.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr double kA4Width = 595.0;  // points
constexpr double kA4Height = 842.0;
constexpr int kImageWidth = 1024;  // pixels; the height follows from the size asked for

int usage(const char* message) {
  std::fprintf(stderr,
               "make_test_pdf: %s\nusage: make_test_pdf --out F.pdf [--pages N] [--size BYTES] "
               "[--seed S]\n",
               message);
  return 2;
}

// xorshift64*: deterministic, fast, and its bytes do not compress.
std::uint64_t next(std::uint64_t& state) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

void paint_noise(cairo_t* cr, long long bytes, std::uint64_t seed) {
  // Cairo stores an opaque RGB24 image as 3 bytes a pixel in the PDF.
  const long long rows = (bytes + kImageWidth * 3 - 1) / (kImageWidth * 3);
  const int height = static_cast<int>(rows < 1 ? 1 : rows);
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kImageWidth, height);
  unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  std::uint64_t state = seed * 2 + 1;
  for (int y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<long long>(y) * stride);
    for (int x = 0; x < kImageWidth; ++x)
      row[x] = static_cast<std::uint32_t>(next(state)) & 0x00FFFFFFu;
  }
  cairo_surface_mark_dirty(image);
  cairo_save(cr);
  cairo_translate(cr, 50, 150);
  cairo_scale(cr, 495.0 / kImageWidth, 495.0 / kImageWidth);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(image);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  long long pages = 1;
  long long size = 0;
  unsigned long long seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help") {
      std::printf("make_test_pdf --out F.pdf [--pages N] [--size BYTES] [--seed S]\n");
      return 0;
    }
    if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
    const char* value = argv[++i];
    char* end = nullptr;
    if (arg == "--out") {
      out = value;
      continue;
    }
    const long long number = std::strtoll(value, &end, 10);
    if (*value == '\0' || *end != '\0' || number < 0)
      return usage(("not a number: " + arg + " " + value).c_str());
    if (arg == "--pages" && number >= 1 && number <= 10000) {
      pages = number;
    } else if (arg == "--size" && number <= (1LL << 31)) {
      size = number;
    } else if (arg == "--seed") {
      seed = static_cast<unsigned long long>(number);
    } else {
      return usage(("unknown option or value out of range: " + arg).c_str());
    }
  }
  if (out.empty()) return usage("--out is required");

  cairo_surface_t* surface = cairo_pdf_surface_create(out.c_str(), kA4Width, kA4Height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "mynasim test document");
  cairo_t* cr = cairo_create(surface);
  for (long long page = 1; page <= pages; ++page) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 24);
    cairo_move_to(cr, 72, 100);
    const std::string text =
        "mynasim test document, page " + std::to_string(page) + " of " + std::to_string(pages);
    cairo_show_text(cr, text.c_str());
    if (page == 1 && size > 0) paint_noise(cr, size, seed);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    std::fprintf(stderr, "make_test_pdf: %s: %s\n", out.c_str(), cairo_status_to_string(status));
    return 1;
  }
  return 0;
}
