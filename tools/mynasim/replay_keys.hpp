// The key-dependent checks of `mynasim replay`: a signature the simulated card made must verify
// with that card's own certificate for the key (JPKI 0017 <-> EF 000A, 001A <-> EF 0001), and
// the certificate EFs it hands out must be whole DER X.509 certificates.
//
// A certificate comes from the replay's own reads of the EF when they covered it, otherwise from
// a second copy of the card image (never the one being replayed) through READ BINARY; EF 0001
// needs the signature password there, known only when the trace's VERIFY of 001B was replayed
// with a value (given or recorded).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "iso7816/apdu.hpp"
#include "tools/mynasim/replay_compare.hpp"

namespace mynasim::tools::replay {

class KeyChecks {
 public:
  // `image_copy`: a private copy of the card image for the certificate reads.
  explicit KeyChecks(std::string image_copy);

  // The simulated card's answer to a READ BINARY of a certificate EF (15-bit offset form).
  void record_read(std::uint16_t ef, const iso7816::CommandApdu& command, ByteView data);
  // The signature password, once a VERIFY of it was answered 9000 on the simulated card.
  void set_sign_password(std::string value) { sign_password_ = std::move(value); }

  // Checks a 9000 answer to 80 2A / INTERNAL AUTHENTICATE. nullopt when it verified; a
  // divergence when it did not; `checked` false when no key is known for it (length only).
  std::optional<Divergence> check_signature(App app, std::optional<std::uint16_t> key_ef,
                                            const iso7816::CommandApdu& command, ByteView signature,
                                            bool& checked);

  // After the replay: each certificate EF the trace read in full must be a whole DER
  // certificate. One line per EF that is not; `partial` gets the EFs read only in part.
  std::vector<std::string> check_certificates(std::vector<std::string>& partial) const;

 private:
  std::optional<Bytes> certificate(std::uint16_t ef, std::string& why);
  std::optional<Bytes> read_from_copy(std::uint16_t ef, std::string& why);

  std::string image_copy_;
  std::string sign_password_;
  std::map<std::uint16_t, std::map<std::size_t, Bytes>> reads_;  // EF -> offset -> bytes
  std::map<std::uint16_t, Bytes> certificates_;
};

// Whether `data` starts with a DER SEQUENCE and holds it whole: its total length, or 0.
std::size_t der_length(ByteView data);

}  // namespace mynasim::tools::replay
