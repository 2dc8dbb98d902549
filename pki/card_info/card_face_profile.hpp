// What the simulated card face looks like, in numbers: the pixel sizes of the images the
// 券面事項確認AP carries, the font the text is printed in, and the card-info DF ids of the card
// image. The reference gives 24x12 (security code) and 72x12 (rendered My Number) from a
// surveyed card; the name, address and photo sizes are the simulator's choice (pki/README.md).
#pragma once

#include <cstdint>

namespace mynasim::pki::card_info {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// 氏名 as printed: one line, IPAGothic from 32 px down to 16 px, 4 px margins.
inline constexpr ImageSize kNameImage{512, 48};
// 住所 as printed: wrapped into at most 4 lines, 24 px down to 14 px, 4 px margins.
inline constexpr ImageSize kAddressImage{512, 96};
// 顔写真: 8-bit greyscale JPEG 2000 (JP2), 4:5 like a passport photo.
inline constexpr ImageSize kPhoto{192, 240};
// セキュリティコード and the rendered 個人番号, as surveyed on a real card.
inline constexpr ImageSize kSecurityCodeImage{24, 12};
inline constexpr ImageSize kMyNumberImage{72, 12};

// The Japanese font the card face is printed in (Debian fonts-ipafont-gothic).
inline constexpr const char* kCardFont = "IPAGothic";

// JPEG 2000 compression ratio of the photo (raw 8-bit size / coded size).
inline constexpr float kPhotoCompressionRatio = 12.0f;

// The DF ids of the card image (team convention: JPKI 1, text 2, surface 3, 共通 4, 住基 5).
inline constexpr std::uint8_t kTextDf = 2;
inline constexpr std::uint8_t kSurfaceDf = 3;
inline constexpr std::uint8_t kCommonDf = 4;
inline constexpr std::uint8_t kResidentDf = 5;

}  // namespace mynasim::pki::card_info
