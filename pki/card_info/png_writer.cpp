// encode_png_1bit (grey_image.hpp), on libpng writing into memory.

#include <png.h>

#include "pki/card_info/grey_image.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {
namespace {

void append_to(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<Bytes*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}

void flush_nothing(png_structp) {}

// The libpng part alone, so that its longjmp crosses no C++ destructor. false on failure.
bool write_png(Bytes* out, png_uint_32 width, png_uint_32 height, png_bytep* rows) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, out, append_to, flush_nothing);
  png_set_IHDR(png, info, width, height, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 9);
  png_set_rows(png, info, rows);
  png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

Bytes encode_png_1bit(const GreyImage& image) {
  const std::size_t stride = static_cast<std::size_t>(image.width + 7) / 8;
  std::vector<std::uint8_t> packed(stride * static_cast<std::size_t>(image.height), 0);
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  for (int y = 0; y < image.height; ++y) {
    std::uint8_t* row = packed.data() + stride * static_cast<std::size_t>(y);
    rows[static_cast<std::size_t>(y)] = row;
    for (int x = 0; x < image.width; ++x)
      if (image.pixels[static_cast<std::size_t>(y * image.width + x)] >= 128)
        row[x / 8] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
  }
  Bytes out;
  if (!write_png(&out, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), rows.data()))
    throw PkiError("PNG: libpng failed to encode");
  return out;
}

}  // namespace mynasim::pki::card_info
