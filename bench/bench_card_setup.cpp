#include "bench/bench_card_setup.hpp"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

#include "card/apps/card_profiles.hpp"
#include "card/crypto/digest.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/store/memory_storage.hpp"

namespace mynasim::bench {
namespace {

struct FixedClock final : card::Clock {
  std::uint64_t unix_seconds() override { return 1'790'000'000; }
};

std::string hex_sw(std::uint16_t sw) {
  return to_hex(Bytes{static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)});
}

}  // namespace

Bytes issue_image() {
  card::store::MemoryStorage storage;
  card::SeededRandom random(2026);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto& profile = card::my_number_card_profile();
  card::HolderRecord holder{"個人番号\u3000花子", "東京都千代田区霞が関２丁目１番２号", "19800217",
                            '2', "537686677188"};
  card::Credentials credentials;
  credentials.auth_pin = std::string(kAuthPin);
  credentials.sign_password = std::string(kSignPassword);
  credentials.text_pin = "2468";
  credentials.resident_pin = "1357";
  credentials.collation_a = holder.my_number;
  credentials.collation_b = "55021720352285";  // 昭和55年2月17日, expiry 2035, code 2285
  credentials.birth_date_key = "550217";
  card::CardPublicKeys keys;
  if (auto begun = card::begin_personalization(env, profile, holder, credentials, &keys); !begun.ok)
    throw std::runtime_error("personalization failed: " + begun.error);
  card::JpkiCertificates certificates;
  certificates.auth = keys.auth.to_spki_der();
  certificates.auth_ca = certificates.auth;
  certificates.sign = keys.sign.to_spki_der();
  certificates.sign_ca = certificates.sign;
  if (auto installed = card::install_certificates(env, profile, certificates); !installed.ok)
    throw std::runtime_error("installing certificates failed: " + installed.error);
  Bytes image;
  if (auto status = storage.read_all(image); !status.ok()) throw std::runtime_error(status.message);
  return image;
}

CardOnFile::CardOnFile(const std::string& path, ByteView image)
    : path_(path), storage_(path), env_{card::system_random(), card::system_clock(), storage_} {
  if (auto status = storage_.replace(image); !status.ok()) throw std::runtime_error(status.message);
  auto loaded = card::Card::load(env_, card::my_number_card_profile());
  if (!loaded.card) throw std::runtime_error(loaded.error);
  card_ = std::move(loaded.card);
  card_->power_on();
}

CardOnFile::~CardOnFile() = default;

Bytes CardOnFile::expect(ByteView command, std::uint16_t expected_sw, const char* what) {
  Bytes response = card_->transmit(command);
  const std::uint16_t sw = response.size() >= 2 ? read_u16(response, response.size() - 2) : 0;
  if (response.size() < 2 || sw != expected_sw)
    throw std::runtime_error(std::string(what) + ": the card answered " + to_hex(response) +
                             ", expected status " + hex_sw(expected_sw));
  return response;
}

Bytes select_jpki_command() {
  return {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
}

namespace {

// A header followed by `body`, written into a buffer sized up front: g++ 12 -O2 warns falsely
// (-Warray-bounds, -Wstringop-overflow) about growing a vector made from a short constant list.
Bytes command(std::initializer_list<std::uint8_t> header, ByteView body) {
  Bytes out(header.size() + body.size());
  std::copy(header.begin(), header.end(), out.begin());
  std::copy(body.begin(), body.end(), out.begin() + static_cast<std::ptrdiff_t>(header.size()));
  return out;
}

ByteView view(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

Bytes select_ef_command(std::uint16_t fid) {
  const std::uint8_t id[] = {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)};
  return command({0x00, 0xA4, 0x02, 0x0C, 0x02}, id);
}

Bytes verify_command(std::string_view value) {
  return command({0x00, 0x20, 0x00, 0x80, static_cast<std::uint8_t>(value.size())}, view(value));
}

Bytes sign_command() {
  const std::uint8_t message[] = {'m', 'y', 'n', 'a', 's', 'i', 'm'};
  const auto hash = card::crypto::sha256(message);
  Bytes digest_info(card::crypto::sha256_digest_info_prefix().begin(),
                    card::crypto::sha256_digest_info_prefix().end());
  digest_info.insert(digest_info.end(), hash.begin(), hash.end());
  digest_info.push_back(0x00);  // Le
  return command({0x80, 0x2A, 0x00, 0x80, static_cast<std::uint8_t>(digest_info.size() - 1)},
                 digest_info);
}

}  // namespace mynasim::bench
