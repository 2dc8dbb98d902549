#include "pki/card_info/text_images.hpp"

#include "pki/card_info/cairo_handles.hpp"
#include "pki/holder.hpp"

namespace mynasim::pki::card_info {
namespace {

struct TextSpec {
  ImageSize size;
  int largest_px;
  int smallest_px;
  int margin;
  bool wrap;     // several lines (address) or one (name, digits)
  bool centred;  // digits are centred, text is set from the left like the card's
  const char* what;
};

constexpr TextSpec kName{kNameImage, 32, 16, 4, false, false, "one line"};
constexpr TextSpec kAddress{kAddressImage, 24, 14, 4, true, false, "the lines"};

std::string px(const ImageSize& s) {
  return std::to_string(s.width) + "x" + std::to_string(s.height) + " px";
}

void set_pixel_size(PangoLayout* layout, int pixels) {
  FontDescriptionPtr font(pango_font_description_from_string(kCardFont));
  pango_font_description_set_absolute_size(font.get(), pixels * PANGO_SCALE);
  pango_layout_set_font_description(layout, font.get());
}

GreyImage render(std::string_view text, const TextSpec& spec, const std::string& field) {
  if (text.empty()) throw InvalidField(field, "is empty");
  const int width = spec.size.width, height = spec.size.height;
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_A8, width, height));
  CairoPtr cr(cairo_create(surface.get()));
  LayoutPtr layout(pango_cairo_create_layout(cr.get()));
  // 1-bit output: no grey edges to threshold, and glyphs hinted to the pixel grid.
  FontOptionsPtr options(cairo_font_options_create());
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_NONE);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_FULL);
  pango_cairo_context_set_font_options(pango_layout_get_context(layout.get()), options.get());
  pango_layout_context_changed(layout.get());
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  const int inner_width = width - 2 * spec.margin, inner_height = height - 2 * spec.margin;
  if (spec.wrap) {
    pango_layout_set_width(layout.get(), inner_width * PANGO_SCALE);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  PangoRectangle ink, logical;
  int chosen = 0;
  int needed_width = 0;
  for (int size = spec.largest_px; size >= spec.smallest_px && !chosen; --size) {
    set_pixel_size(layout.get(), size);
    pango_layout_get_pixel_extents(layout.get(), &ink, &logical);
    needed_width = logical.width;
    if (logical.width <= inner_width && logical.height <= inner_height) chosen = size;
  }
  if (!chosen) {
    std::string why = "does not fit the card face's " + field + " image (" + px(spec.size) + ", " +
                      spec.what + " at " + std::to_string(spec.smallest_px) + " px or larger)";
    if (!spec.wrap)
      why += ": it needs " + std::to_string(needed_width) + " px of " + std::to_string(inner_width);
    throw InvalidField(field, why);
  }
  if (const int unknown = pango_layout_get_unknown_glyphs_count(layout.get()); unknown > 0)
    throw InvalidField(field, "has " + std::to_string(unknown) +
                                  " character(s) no installed font can print (the card's font is " +
                                  kCardFont + ")");

  const double x =
      spec.centred ? (width - logical.width) / 2.0 - logical.x : spec.margin - logical.x;
  const double y = spec.margin + (inner_height - logical.height) / 2.0 - logical.y;
  cairo_move_to(cr.get(), static_cast<int>(x), static_cast<int>(y));
  pango_cairo_show_layout(cr.get(), layout.get());
  cairo_surface_flush(surface.get());

  GreyImage out{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width * height))};
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  for (int row = 0; row < height; ++row)
    for (int col = 0; col < width; ++col)
      out.pixels[static_cast<std::size_t>(row * width + col)] =
          data[row * stride + col] >= 128 ? 0 : 255;
  return out;
}

}  // namespace

GreyImage render_name(std::string_view name) {
  return render(name, kName, "name");
}

GreyImage render_address(std::string_view address) {
  return render(address, kAddress, "address");
}

GreyImage render_digits(std::string_view digits, ImageSize size, const std::string& field) {
  const TextSpec spec{size, size.height, size.height * 2 / 3, 0, false, true, "one line"};
  return render(digits, spec, field);
}

void check_card_face_text(std::string_view name, std::string_view address) {
  render_name(name);
  render_address(address);
}

}  // namespace mynasim::pki::card_info
