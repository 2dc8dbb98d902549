#include "pki/card_info/photo.hpp"

#include <jpeglib.h>

#include <csetjmp>
#include <cstdio>
#include <memory>

#include "pki/card_info/cairo_handles.hpp"
#include "pki/holder.hpp"

namespace mynasim::pki::card_info {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& problem) {
  throw InvalidField("photo", path + ": " + problem);
}

// Rec. 601 luma of an RGB24 surface.
GreyImage grey_of(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  GreyImage out{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width * height))};
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
    for (int x = 0; x < width; ++x) {
      const std::uint32_t p = row[x];
      const unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
      out.pixels[static_cast<std::size_t>(y * width + x)] =
          static_cast<std::uint8_t>((299 * r + 587 * g + 114 * b) / 1000);
    }
  }
  return out;
}

// Scales `source` to cover kPhoto and crops the middle.
GreyImage fit_to_photo(cairo_surface_t* source) {
  const double w = cairo_image_surface_get_width(source);
  const double h = cairo_image_surface_get_height(source);
  SurfacePtr frame(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kPhoto.width, kPhoto.height));
  CairoPtr cr(cairo_create(frame.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  const double scale = std::max(kPhoto.width / w, kPhoto.height / h);
  cairo_translate(cr.get(), (kPhoto.width - w * scale) / 2, (kPhoto.height - h * scale) / 2);
  cairo_scale(cr.get(), scale, scale);
  cairo_set_source_surface(cr.get(), source, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr.get()), CAIRO_FILTER_BEST);
  cairo_paint(cr.get());
  return grey_of(frame.get());
}

struct JpegFailure {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_fail(j_common_ptr info) {
  auto* failure = reinterpret_cast<JpegFailure*>(info->err);
  (*info->err->format_message)(info, failure->message);
  std::longjmp(failure->jump, 1);
}

// A warning (level -1: corrupt or truncated data, which libjpeg would paper over with grey) is
// a failure too: the card gets the portrait the issuer gave or none. Trace messages are dropped.
void jpeg_message(j_common_ptr info, int level) {
  if (level < 0) jpeg_fail(info);
}

// libjpeg into an RGB24 surface. Everything with a destructor exists before setjmp.
SurfacePtr decode_jpeg(const Bytes& file, const std::string& path) {
  jpeg_decompress_struct info{};
  JpegFailure failure{};
  std::vector<std::uint8_t> line;
  SurfacePtr surface;
  info.err = jpeg_std_error(&failure.manager);
  failure.manager.error_exit = jpeg_fail;
  failure.manager.emit_message = jpeg_message;
  if (setjmp(failure.jump)) {
    jpeg_destroy_decompress(&info);
    refuse(path, std::string("not a readable JPEG (") + failure.message + ")");
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, file.data(), static_cast<unsigned long>(file.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  const int width = static_cast<int>(info.output_width);
  const int height = static_cast<int>(info.output_height);
  surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  line.resize(static_cast<std::size_t>(width) * 3);
  unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  while (info.output_scanline < info.output_height) {
    const int y = static_cast<int>(info.output_scanline);
    JSAMPROW row = line.data();
    jpeg_read_scanlines(&info, &row, 1);
    auto* out = reinterpret_cast<std::uint32_t*>(data + y * stride);
    for (int x = 0; x < width; ++x)
      out[x] = (std::uint32_t{line[3 * x]} << 16) | (std::uint32_t{line[3 * x + 1]} << 8) |
               line[3 * x + 2];
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

Bytes read_whole(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) refuse(path, "cannot be read");
  Bytes out;
  std::uint8_t buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0)
    out.insert(out.end(), buffer, buffer + n);
  return out;
}

}  // namespace

GreyImage load_portrait(const std::string& path) {
  const Bytes file = read_whole(path);
  static constexpr std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  SurfacePtr source;
  if (file.size() >= 8 && std::equal(kPng, kPng + 8, file.begin())) {
    source.reset(cairo_image_surface_create_from_png(path.c_str()));
    if (cairo_surface_status(source.get()) != CAIRO_STATUS_SUCCESS)
      refuse(path, std::string("not a readable PNG (") +
                       cairo_status_to_string(cairo_surface_status(source.get())) + ")");
  } else if (file.size() >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF) {
    source = decode_jpeg(file, path);
  } else {
    refuse(path, "neither a PNG nor a JPEG file");
  }
  if (cairo_image_surface_get_width(source.get()) < 16 ||
      cairo_image_surface_get_height(source.get()) < 16)
    refuse(path, "smaller than 16x16 pixels");
  return fit_to_photo(source.get());
}

GreyImage generated_portrait(std::uint32_t seed) {
  const double w = kPhoto.width, h = kPhoto.height;
  const double shade = 0.55 + (seed % 17) / 80.0;  // background tone
  const double skin = 0.70 + (seed / 17 % 11) / 60.0;
  SurfacePtr frame(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kPhoto.width, kPhoto.height));
  CairoPtr cr(cairo_create(frame.get()));
  // Background: a soft vertical gradient, as in an ID photo booth.
  cairo_pattern_t* background = cairo_pattern_create_linear(0, 0, 0, h);
  cairo_pattern_add_color_stop_rgb(background, 0, shade + 0.2, shade + 0.2, shade + 0.2);
  cairo_pattern_add_color_stop_rgb(background, 1, shade, shade, shade);
  cairo_set_source(cr.get(), background);
  cairo_paint(cr.get());
  cairo_pattern_destroy(background);
  // Shoulders.
  cairo_set_source_rgb(cr.get(), 0.18, 0.18, 0.2);
  cairo_save(cr.get());
  cairo_translate(cr.get(), w / 2, h * 1.02);
  cairo_scale(cr.get(), w * 0.55, h * 0.30);
  cairo_arc(cr.get(), 0, 0, 1, 0, 2 * 3.14159265358979);
  cairo_restore(cr.get());
  cairo_fill(cr.get());
  // Neck and head.
  cairo_set_source_rgb(cr.get(), skin, skin, skin);
  cairo_rectangle(cr.get(), w * 0.43, h * 0.50, w * 0.14, h * 0.2);
  cairo_fill(cr.get());
  cairo_save(cr.get());
  cairo_translate(cr.get(), w / 2, h * 0.40);
  cairo_scale(cr.get(), w * 0.24, h * 0.22);
  cairo_arc(cr.get(), 0, 0, 1, 0, 2 * 3.14159265358979);
  cairo_restore(cr.get());
  cairo_fill(cr.get());
  // Hair and eyes.
  cairo_set_source_rgb(cr.get(), 0.1, 0.1, 0.1);
  cairo_save(cr.get());
  cairo_translate(cr.get(), w / 2, h * 0.30);
  cairo_scale(cr.get(), w * 0.25, h * 0.12);
  cairo_arc(cr.get(), 0, 0, 1, 3.14159265358979, 2 * 3.14159265358979);
  cairo_restore(cr.get());
  cairo_fill(cr.get());
  for (const double ex : {0.42, 0.58}) {
    cairo_arc(cr.get(), w * ex, h * 0.40, w * 0.02, 0, 2 * 3.14159265358979);
    cairo_fill(cr.get());
  }
  return grey_of(frame.get());
}

}  // namespace mynasim::pki::card_info
