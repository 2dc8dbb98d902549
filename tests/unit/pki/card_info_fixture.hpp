// Shared by the card-info issuer tests: one holder's files built once per program (RSA key
// generation is slow), stand-ins for the card's AP keys, and independent readers for what the
// files hold: BER-TLV walking, libpng for PNG, OpenJPEG for JP2.
#pragma once

#include <openjpeg.h>
#include <png.h>

#include <cstring>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/ber_tlv.hpp"
#include "iso7816/bytes.hpp"
#include "pki/card_info/card_info_files.hpp"
#include "pki/card_info/photo.hpp"

namespace mynasim::pki::card_info::test {

inline Bytes ascii_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

inline CardInfoRecord sample_record() {
  CardInfoRecord r;
  r.name = "個人番号\u3000太郎";
  r.address = "東京都千代田区永田町１丁目７番１号";
  r.birth = {1990, 4, 1};
  r.sex = '1';
  r.my_number = "621498320257";
  r.expiry = {2031, 4, 1};
  r.security_code = "2285";
  r.municipality_code = "13101";
  r.card_serial = "900000000000001";
  r.photo = generated_portrait(1);
  return r;
}

struct Issued {
  CvAuthority authority = CvAuthority::in_memory("123456");
  hostcrypto::EvpPkeyPtr text_key = hostcrypto::generate_rsa_key(2048);
  hostcrypto::EvpPkeyPtr surface_key = hostcrypto::generate_rsa_key(2048);
  ApPublicKeys keys;
  std::map<std::pair<int, int>, Bytes> files;  // (df, fid) -> content

  Issued() {
    keys.text_ap = hostcrypto::rsa_public_key_of(text_key.get());
    keys.surface_ap = hostcrypto::rsa_public_key_of(surface_key.get());
    keys.session_key = hostcrypto::rsa_public_key_of(text_key.get());   // saves a key generation
    keys.common_ap = hostcrypto::rsa_public_key_of(surface_key.get());  // likewise
    for (auto& f : build_card_info_files(sample_record(), keys, authority.signer()))
      files[{f.df_id, f.fid}] = std::move(f.content);
  }
  const Bytes& file(int df, int fid) const { return files.at({df, fid}); }
  // The key EF 0004 certifies, as OpenSSL sees it.
  hostcrypto::EvpPkeyPtr signer_public() const {
    return hostcrypto::evp_public_key(
        std::optional(hostcrypto::parse_cv_certificate(file(kTextDf, 4), "cv"))->public_key);
  }
};

inline const Issued& issued() {
  static const Issued once;
  return once;
}

// The objects of a constructed value at one level: tag -> (offset in `file`, whole object).
struct Object {
  std::size_t offset = 0;
  Bytes bytes;  // tag, length and value
  Bytes value;
};

inline std::vector<std::pair<std::uint32_t, Object>> children(const Bytes& file) {
  const auto outer = iso7816::read_ber_tlv(file);
  REQUIRE(outer.ok());
  REQUIRE(outer.tlv.total_size() == file.size());
  std::vector<std::pair<std::uint32_t, Object>> out;
  std::size_t at = outer.tlv.header_size;
  iso7816::BerReader reader(outer.tlv.value);
  iso7816::BerTlv t;
  while (reader.next(t)) {
    Object o;
    o.offset = at;
    o.bytes.assign(file.begin() + static_cast<std::ptrdiff_t>(at),
                   file.begin() + static_cast<std::ptrdiff_t>(at + t.total_size()));
    o.value.assign(t.value.begin(), t.value.end());
    out.emplace_back(t.tag, o);
    at += t.total_size();
  }
  REQUIRE(reader.error() == iso7816::BerError::kNone);
  REQUIRE(at == file.size());
  return out;
}

inline Object child(const Bytes& file, std::uint32_t tag) {
  for (auto& [t, o] : children(file))
    if (t == tag) return o;
  FAIL("no object " << std::hex << tag);
  return {};
}

inline Bytes concat_objects(const Bytes& file, std::initializer_list<std::uint32_t> tags) {
  Bytes out;
  for (auto tag : tags) append(out, child(file, tag).bytes);
  return out;
}

struct DecodedImage {
  int width = 0;
  int height = 0;
  int bit_depth = 0;
  int colour_type = -1;
  int components = 0;
};

// libpng: the header, then the whole image decoded (it must decode, not only parse).
inline DecodedImage decode_png(const Bytes& png) {
  DecodedImage out;
  REQUIRE(png.size() > 33);
  REQUIRE(png_sig_cmp(png.data(), 0, 8) == 0);
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_memory(&image, png.data(), png.size()) != 0);
  image.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> pixels(PNG_IMAGE_SIZE(image));
  REQUIRE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0);
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.bit_depth = png[24];  // IHDR: 8 signature, 4 length, 4 "IHDR", 4 width, 4 height, depth
  out.colour_type = png[25];
  return out;
}

struct JpxSource {
  const Bytes* bytes;
  std::size_t position = 0;
};

inline DecodedImage decode_jp2(const Bytes& jp2) {
  REQUIRE(jp2.size() > 12);
  REQUIRE(std::memcmp(jp2.data() + 4, "jP  ", 4) == 0);
  JpxSource source{&jp2};
  opj_stream_t* stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
  opj_stream_set_user_data(stream, &source, nullptr);
  opj_stream_set_user_data_length(stream, jp2.size());
  opj_stream_set_read_function(stream, [](void* buffer, OPJ_SIZE_T n, void* user) -> OPJ_SIZE_T {
    auto* s = static_cast<JpxSource*>(user);
    const std::size_t left = s->bytes->size() - s->position;
    if (left == 0) return static_cast<OPJ_SIZE_T>(-1);
    const std::size_t take = std::min<std::size_t>(n, left);
    std::memcpy(buffer, s->bytes->data() + s->position, take);
    s->position += take;
    return take;
  });
  opj_stream_set_skip_function(stream, [](OPJ_OFF_T n, void* user) -> OPJ_OFF_T {
    auto* s = static_cast<JpxSource*>(user);
    s->position =
        std::min<std::size_t>(s->bytes->size(), s->position + static_cast<std::size_t>(n));
    return n;
  });
  opj_stream_set_seek_function(stream, [](OPJ_OFF_T at, void* user) -> OPJ_BOOL {
    auto* s = static_cast<JpxSource*>(user);
    if (at < 0 || static_cast<std::size_t>(at) > s->bytes->size()) return OPJ_FALSE;
    s->position = static_cast<std::size_t>(at);
    return OPJ_TRUE;
  });
  opj_codec_t* codec = opj_create_decompress(OPJ_CODEC_JP2);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  REQUIRE(opj_setup_decoder(codec, &parameters));
  opj_image_t* image = nullptr;
  const bool ok = opj_read_header(stream, codec, &image) && opj_decode(codec, stream, image) &&
                  opj_end_decompress(codec, stream);
  DecodedImage out;
  if (ok) {
    out.width = static_cast<int>(image->comps[0].w);
    out.height = static_cast<int>(image->comps[0].h);
    out.bit_depth = static_cast<int>(image->comps[0].prec);
    out.components = static_cast<int>(image->numcomps);
  }
  if (image) opj_image_destroy(image);
  opj_destroy_codec(codec);
  opj_stream_destroy(stream);
  REQUIRE(ok);
  return out;
}

}  // namespace mynasim::pki::card_info::test
