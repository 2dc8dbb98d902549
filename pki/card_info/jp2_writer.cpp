// encode_jp2 (grey_image.hpp), on OpenJPEG writing into memory through a user stream.

#include <openjpeg.h>

#include <cstring>

#include "pki/card_info/grey_image.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::pki::card_info {
namespace {

struct MemorySink {
  Bytes bytes;
  std::size_t position = 0;
};

OPJ_SIZE_T write_to(void* buffer, OPJ_SIZE_T size, void* user) {
  auto* sink = static_cast<MemorySink*>(user);
  if (sink->position + size > sink->bytes.size()) sink->bytes.resize(sink->position + size);
  std::memcpy(sink->bytes.data() + sink->position, buffer, size);
  sink->position += size;
  return size;
}

OPJ_OFF_T skip_in(OPJ_OFF_T count, void* user) {
  auto* sink = static_cast<MemorySink*>(user);
  const auto target = static_cast<OPJ_OFF_T>(sink->position) + count;
  if (target < 0) return -1;
  sink->position = static_cast<std::size_t>(target);
  if (sink->position > sink->bytes.size()) sink->bytes.resize(sink->position);
  return count;
}

OPJ_BOOL seek_to(OPJ_OFF_T at, void* user) {
  auto* sink = static_cast<MemorySink*>(user);
  if (at < 0) return OPJ_FALSE;
  sink->position = static_cast<std::size_t>(at);
  if (sink->position > sink->bytes.size()) sink->bytes.resize(sink->position);
  return OPJ_TRUE;
}

struct Owned {
  opj_image_t* image = nullptr;
  opj_codec_t* codec = nullptr;
  opj_stream_t* stream = nullptr;
  ~Owned() {
    if (stream) opj_stream_destroy(stream);
    if (codec) opj_destroy_codec(codec);
    if (image) opj_image_destroy(image);
  }
};

}  // namespace

Bytes encode_jp2(const GreyImage& image, float compression_ratio) {
  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.tcp_numlayers = 1;
  parameters.tcp_rates[0] = compression_ratio;
  parameters.cp_disto_alloc = 1;
  parameters.irreversible = 1;
  // Fewer resolutions than the default 6 for a 192-pixel-wide picture is plenty.
  parameters.numresolution = 5;

  opj_image_cmptparm_t component{};
  component.dx = component.dy = 1;
  component.w = static_cast<OPJ_UINT32>(image.width);
  component.h = static_cast<OPJ_UINT32>(image.height);
  component.prec = 8;
  component.sgnd = 0;

  Owned o;
  o.image = opj_image_create(1, &component, OPJ_CLRSPC_GRAY);
  if (!o.image) throw PkiError("JPEG 2000: cannot make the image");
  o.image->x0 = o.image->y0 = 0;
  o.image->x1 = component.w;
  o.image->y1 = component.h;
  for (std::size_t i = 0; i < image.pixels.size(); ++i) o.image->comps[0].data[i] = image.pixels[i];

  o.codec = opj_create_compress(OPJ_CODEC_JP2);
  if (!o.codec || !opj_setup_encoder(o.codec, &parameters, o.image))
    throw PkiError("JPEG 2000: cannot set up the encoder");
  MemorySink sink;
  o.stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE);
  if (!o.stream) throw PkiError("JPEG 2000: cannot make the stream");
  opj_stream_set_user_data(o.stream, &sink, nullptr);
  opj_stream_set_write_function(o.stream, write_to);
  opj_stream_set_skip_function(o.stream, skip_in);
  opj_stream_set_seek_function(o.stream, seek_to);
  if (!opj_start_compress(o.codec, o.image, o.stream) || !opj_encode(o.codec, o.stream) ||
      !opj_end_compress(o.codec, o.stream))
    throw PkiError("JPEG 2000: encoding the photo failed");
  return std::move(sink.bytes);
}

}  // namespace mynasim::pki::card_info
