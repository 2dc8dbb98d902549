// Cairo and Pango objects owned by unique_ptr (the deleter template is the one pki/ uses for
// OpenSSL: it calls a free function).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

#include "hostcrypto/openssl_handles.hpp"

namespace mynasim::pki::card_info {

using SurfacePtr =
    std::unique_ptr<cairo_surface_t, hostcrypto::OpenSslDeleter<cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, hostcrypto::OpenSslDeleter<cairo_destroy>>;
using FontOptionsPtr =
    std::unique_ptr<cairo_font_options_t, hostcrypto::OpenSslDeleter<cairo_font_options_destroy>>;
using FontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, hostcrypto::OpenSslDeleter<pango_font_description_free>>;
using LayoutPtr = std::unique_ptr<PangoLayout, hostcrypto::OpenSslDeleter<g_object_unref>>;

}  // namespace mynasim::pki::card_info
