// The key-dependent checks of `mynasim replay`: a signature the simulated card made must verify
// with that card's own public key for the key (JPKI 0017 <-> the certificate in EF 000A, 001A <->
// EF 0001; the text application's key <-> EF 0007, the surface application's <-> its card face,
// age record or My Number image, when the trace read one of them), and the certificate EFs it
// hands out must be whole DER X.509 certificates.
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
#include "iso7816/bytes.hpp"
#include "tools/mynasim/replay_compare.hpp"

namespace mynasim::tools::replay {

class KeyChecks {
 public:
  // `image_copy`: a private copy of the card image for the certificate reads.
  explicit KeyChecks(std::string image_copy);
  ~KeyChecks();  // wipes the signature password
  KeyChecks(const KeyChecks&) = delete;
  KeyChecks& operator=(const KeyChecks&) = delete;

  // The simulated card's answer to a READ BINARY (15-bit offset form) of an EF of `app`.
  void record_read(App app, std::uint16_t ef, const iso7816::CommandApdu& command, ByteView data);
  // The signature password, once a VERIFY of it was answered 9000 on the simulated card.
  void set_sign_password(const std::string& value);

  // Checks a 9000 answer to 80 2A / INTERNAL AUTHENTICATE. nullopt when it verified; a
  // divergence when it did not; `checked` false when no key is known for it (length only: the
  // 共通 INTERNAL AUTHENTICATE key, whose public half is not on the card, and an AP key whose
  // record the trace did not read).
  std::optional<Divergence> check_signature(App app, std::optional<std::uint16_t> key_ef,
                                            const iso7816::CommandApdu& command, ByteView signature,
                                            bool& checked);

  // After the replay: each certificate EF the trace read in full must be a whole DER
  // certificate. One line per EF that is not; `partial` gets the EFs read only in part.
  std::vector<std::string> check_certificates(std::vector<std::string>& partial) const;

 private:
  std::optional<Bytes> certificate(std::uint16_t ef, std::string& why);
  std::optional<Bytes> read_from_copy(std::uint16_t ef, std::string& why);
  // The whole BER-TLV object the replay read from the start of an EF, if it did.
  std::optional<Bytes> whole_object(App app, std::uint16_t ef) const;
  std::optional<Divergence> check_ap_signature(App app, const iso7816::CommandApdu& command,
                                               ByteView signature, bool& checked) const;

  std::string image_copy_;
  std::string sign_password_;
  // (application, EF) -> offset -> the bytes read there
  std::map<std::pair<App, std::uint16_t>, std::map<std::size_t, Bytes>> reads_;
  std::map<std::uint16_t, Bytes> certificates_;
};

// Whether `data` starts with a DER SEQUENCE and holds it whole: its total length, or 0.
std::size_t der_length(ByteView data);
// The same for any BER-TLV object (FF20, 7F21, ...).
std::size_t tlv_length(ByteView data);

}  // namespace mynasim::tools::replay
