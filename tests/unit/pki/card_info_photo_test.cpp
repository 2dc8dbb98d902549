// Portraits the issuer supplies as JPEG (encoded here with libjpeg, a writer nobody here wrote)
// are scaled and cropped to the photo size, colour turned to grey; a truncated JPEG is refused.

#include <cstdio>  // before jpeglib.h, which uses FILE
#include <cstdlib>

#include <jpeglib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "card_info_fixture.hpp"
#include "pki/holder.hpp"

namespace mynasim::pki::card_info::test {
namespace {

// A width x height RGB JPEG: left half pure red, right half pure blue.
Bytes red_blue_jpeg(int width, int height) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(width);
  info.image_height = static_cast<JDIMENSION>(height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 95, TRUE);
  jpeg_start_compress(&info, TRUE);
  std::vector<unsigned char> row(static_cast<std::size_t>(width) * 3);
  for (int x = 0; x < width; ++x) {
    const bool left = x < width / 2;
    row[3 * x] = left ? 255 : 0;
    row[3 * x + 1] = 0;
    row[3 * x + 2] = left ? 0 : 255;
  }
  while (info.next_scanline < info.image_height) {
    JSAMPROW pointer = row.data();
    jpeg_write_scanlines(&info, &pointer, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  Bytes out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

std::string write_temp(const std::string& name, const Bytes& bytes) {
  const std::string path = std::filesystem::temp_directory_path() /
                           ("mynasim-card-info-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

TEST_CASE("a JPEG portrait is scaled to 192x240 grey, centre-cropped", "[unit]") {
  // 480x300 is wider than 4:5: scaled to height 240 (width 384), the middle 192 columns kept,
  // so the red/blue edge lands in the middle of the frame.
  const std::string path = write_temp("wide.jpg", red_blue_jpeg(480, 300));
  const GreyImage photo = load_portrait(path);
  std::filesystem::remove(path);
  REQUIRE(photo.width == kPhoto.width);
  REQUIRE(photo.height == kPhoto.height);
  const auto at = [&](int x, int y) {
    return int{photo.pixels[static_cast<std::size_t>(y * photo.width + x)]};
  };
  // Rec. 601 luma: red 76, blue 29 (JPEG rounding allows a little).
  CHECK(std::abs(at(10, 120) - 76) <= 4);
  CHECK(std::abs(at(181, 120) - 29) <= 4);
  const DecodedImage jp2 = decode_jp2(encode_jp2(photo, kPhotoCompressionRatio));
  CHECK(jp2.width == kPhoto.width);
  CHECK(jp2.height == kPhoto.height);
}

TEST_CASE("a truncated JPEG is refused, naming the photo", "[unit]") {
  const Bytes whole = red_blue_jpeg(64, 64);
  // Cut in the header, and cut in the scan data (libjpeg's "premature end" warning).
  for (const std::size_t keep : {std::size_t{20}, whole.size() / 2}) {
    const std::string path = write_temp("cut.jpg", Bytes(whole.begin(), whole.begin() + keep));
    try {
      load_portrait(path);
      FAIL("accepted a JPEG cut at " << keep << " bytes");
    } catch (const InvalidField& e) {
      CHECK(e.field() == "photo");
      CHECK(std::string(e.what()).rfind("photo: " + path + ": not a readable JPEG (", 0) == 0);
    }
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace mynasim::pki::card_info::test
