#include <catch2/catch.hpp>

#include "hostcrypto/rsa_public_key.hpp"
#include "sm_session.hpp"

namespace mynasim::testing {

Bytes sm_test_seed() {
  Bytes seed(client::kSmSeedSize);
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
  return seed;
}

hostcrypto::RsaPublicKey sm_card_key() {
  const auto& key = issued_card().keys.text_session;
  return {key.modulus, key.exponent};
}

SmSession::SmSession(TestCard& card) : t_(card) {
  t_.select_df(kTextAid);
  REQUIRE(t_.verify_key(0x0011, kTextPin) == "90 00");
  Bytes set = iso7816::build_command(iso7816::make_command(0x80, 0xAE, 0x00, 0x00,
                                                           client::session_key_delivery(
                                                               sm_card_key(), sm_test_seed())))
                  .value();
  REQUIRE(to_hex(t_.transmit(set)) == "90 00");
}

Bytes SmSession::command(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                         std::uint32_t counter) const {
  return iso7816::build_command(
             iso7816::make_command(0x08, ins, p1, p2, cipher.wrap(counter, data)))
      .value();
}

std::string SmSession::verify(std::uint8_t p2, std::string_view value) {
  const Bytes bytes(value.begin(), value.end());
  return to_hex(t_.transmit(command(0x20, 0x00, p2, bytes, n++)));
}

std::string SmSession::select(std::uint16_t fid) {
  Bytes id;
  append_u16(id, fid);
  return to_hex(t_.transmit(command(0xA4, 0x02, 0x0C, id, n++)));
}

std::string SmSession::read(std::uint16_t offset, std::uint16_t length) {
  ++n;
  return to_hex(t_.transmit(
      iso7816::build_command(
          iso7816::make_command(0x08, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                                static_cast<std::uint8_t>(offset),
                                client::expected_length_object(length), iso7816::kMaxExtendedNe))
          .value()));
}

std::string SmSession::encrypted(std::uint32_t counter, ByteView plaintext) const {
  Bytes out = cipher.wrap(counter, plaintext);
  out.push_back(0x90);
  out.push_back(0x00);
  return to_hex(out);
}

}  // namespace mynasim::testing
