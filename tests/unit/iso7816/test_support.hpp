// Helpers shared by the iso7816 tests: hex literals, and readable Catch2 output for the codec's
// error enums (Catch would print them as raw numbers or characters).
#pragma once

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <string_view>

#include "iso7816/apdu.hpp"
#include "iso7816/ber_tlv.hpp"
#include "iso7816/bytes.hpp"
#include "iso7816/simple_tlv.hpp"

namespace mynasim::iso7816::test {

// Bytes from a hex literal; a typo in a test vector fails the test instead of testing nothing.
inline Bytes hex(std::string_view text) {
  Bytes out;
  INFO("hex literal: " << text);
  REQUIRE(from_hex(text, out));
  return out;
}

inline Bytes filled(std::size_t size, std::uint8_t first = 0) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

inline Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  append(out, b);
  return out;
}

// Every error from 0 to `last` has a description of its own, not the fallback text for values
// outside the enum (the value after `last` gets that one).
template <typename Error>
void check_descriptions(Error last) {
  const int count = static_cast<int>(last) + 1;
  const std::string fallback = describe(static_cast<Error>(count));
  std::set<std::string> seen;
  for (int i = 0; i < count; ++i) {
    const std::string text = describe(static_cast<Error>(i));
    INFO("error " << i << ": " << text);
    CHECK_FALSE(text.empty());
    CHECK(text != fallback);
    CHECK(seen.insert(text).second);
  }
}

}  // namespace mynasim::iso7816::test

namespace Catch {

// Number and describe() text, so a failed CHECK says which error it was.
template <typename Error>
std::string error_text(Error e) {
  return std::to_string(static_cast<int>(e)) + " (" + mynasim::iso7816::describe(e) + ")";
}

template <>
struct StringMaker<mynasim::iso7816::ApduError> {
  static std::string convert(mynasim::iso7816::ApduError e) { return error_text(e); }
};
template <>
struct StringMaker<mynasim::iso7816::BerError> {
  static std::string convert(mynasim::iso7816::BerError e) { return error_text(e); }
};
template <>
struct StringMaker<mynasim::iso7816::SimpleTlvError> {
  static std::string convert(mynasim::iso7816::SimpleTlvError e) { return error_text(e); }
};
// Hex rather than a list of characters; long buffers are cut, their size is given.
template <>
struct StringMaker<mynasim::Bytes> {
  static std::string convert(const mynasim::Bytes& bytes) {
    constexpr std::size_t kShown = 32;
    const std::size_t shown = bytes.size() < kShown ? bytes.size() : kShown;
    std::string text = "[" + std::to_string(bytes.size()) + " bytes] " +
                       mynasim::to_hex(mynasim::ByteView(bytes).first(shown));
    if (shown < bytes.size()) text += " ...";
    return text;
  }
};

template <>
struct StringMaker<mynasim::iso7816::ApduCase> {
  static std::string convert(mynasim::iso7816::ApduCase c) {
    return "case " + std::to_string(static_cast<int>(c));
  }
};
template <>
struct StringMaker<mynasim::iso7816::CommandApdu> {
  static std::string convert(const mynasim::iso7816::CommandApdu& c) {
    std::string s = mynasim::to_hex(mynasim::ByteView(&c.cla, 1)) + " " +
                    mynasim::to_hex(mynasim::ByteView(&c.ins, 1)) + " " +
                    mynasim::to_hex(mynasim::ByteView(&c.p1, 1)) + " " +
                    mynasim::to_hex(mynasim::ByteView(&c.p2, 1));
    s += " Nc=" + std::to_string(c.data.size());
    if (!c.data.empty()) s += " data " + StringMaker<mynasim::Bytes>::convert(c.data);
    s += c.has_le ? " Ne=" + std::to_string(c.ne) : std::string(" no Le");
    s += c.extended ? " extended" : " short";
    return s;
  }
};

}  // namespace Catch
