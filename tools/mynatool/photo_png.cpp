#include "tools/mynatool/photo_png.hpp"

#include <cairo.h>
#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "tools/mynatool/commands.hpp"

namespace mynasim::tools {
namespace {

// OpenJPEG reads through a stream; this one reads from the bytes in memory.
struct MemoryReader {
  ByteView data;
  std::size_t at = 0;
};

OPJ_SIZE_T read_memory(void* buffer, OPJ_SIZE_T size, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  if (r->at >= r->data.size()) return static_cast<OPJ_SIZE_T>(-1);  // end of stream
  const std::size_t n = std::min<std::size_t>(size, r->data.size() - r->at);
  std::memcpy(buffer, r->data.data() + r->at, n);
  r->at += n;
  return n;
}

OPJ_OFF_T skip_memory(OPJ_OFF_T size, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  const auto target = std::clamp<OPJ_OFF_T>(static_cast<OPJ_OFF_T>(r->at) + size, 0,
                                            static_cast<OPJ_OFF_T>(r->data.size()));
  const OPJ_OFF_T skipped = target - static_cast<OPJ_OFF_T>(r->at);
  r->at = static_cast<std::size_t>(target);
  return skipped;
}

OPJ_BOOL seek_memory(OPJ_OFF_T to, void* user) {
  auto* r = static_cast<MemoryReader*>(user);
  if (to < 0 || static_cast<std::size_t>(to) > r->data.size()) return OPJ_FALSE;
  r->at = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

// opj_codec_t and opj_stream_t are the same type (void *): one deleter type each.
struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

// Scales a component sample to 0..255 whatever its precision.
std::uint8_t sample(const opj_image_comp_t& comp, std::size_t index) {
  int v = comp.data[index];
  if (comp.sgnd) v += 1 << (comp.prec - 1);
  if (comp.prec > 8) v >>= comp.prec - 8;
  if (comp.prec < 8) v <<= 8 - comp.prec;
  return static_cast<std::uint8_t>(std::clamp(v, 0, 255));
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<Bytes*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Bytes jp2_to_png(ByteView jp2, int& width, int& height) {
  MemoryReader reader{jp2};
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(
      opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, 1));
  opj_stream_set_user_data(stream.get(), &reader, nullptr);
  opj_stream_set_user_data_length(stream.get(), jp2.size());
  opj_stream_set_read_function(stream.get(), read_memory);
  opj_stream_set_skip_function(stream.get(), skip_memory);
  opj_stream_set_seek_function(stream.get(), seek_memory);
  std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(OPJ_CODEC_JP2));
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  opj_image_t* raw = nullptr;
  if (!opj_setup_decoder(codec.get(), &parameters) ||
      !opj_read_header(stream.get(), codec.get(), &raw))
    throw CommandFailed("the photo is not a JPEG 2000 (JP2) image OpenJPEG can read");
  std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
  if (!opj_decode(codec.get(), stream.get(), image.get()) ||
      !opj_end_decompress(codec.get(), stream.get()))
    throw CommandFailed("OpenJPEG could not decode the photo");
  if (image->numcomps < 1) throw CommandFailed("the photo has no image component");
  const opj_image_comp_t& first = image->comps[0];
  width = static_cast<int>(first.w);
  height = static_cast<int>(first.h);
  const bool colour = image->numcomps >= 3 && image->comps[1].w == first.w &&
                      image->comps[2].w == first.w && image->comps[1].h == first.h &&
                      image->comps[2].h == first.h;

  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    throw CommandFailed("Cairo could not make a " + std::to_string(width) + "x" +
                        std::to_string(height) + " image");
  }
  cairo_surface_flush(surface);
  unsigned char* pixels = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * first.w + static_cast<std::size_t>(x);
      const std::uint32_t r = sample(first, i);
      const std::uint32_t g = colour ? sample(image->comps[1], i) : r;
      const std::uint32_t b = colour ? sample(image->comps[2], i) : r;
      row[x] = (r << 16) | (g << 8) | b;  // CAIRO_FORMAT_RGB24: xRGB in native order
    }
  }
  cairo_surface_mark_dirty(surface);
  Bytes png;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw CommandFailed(std::string("Cairo could not write the PNG: ") +
                        cairo_status_to_string(status));
  return png;
}

}  // namespace mynasim::tools
