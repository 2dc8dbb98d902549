// One application (DF) of a My Number card reached over a Channel: the commands every card-info
// application shares (SELECT by AID and by EF, READ BINARY sized by the object's BER header,
// READ RECORD by short EF id, the empty VERIFY and VERIFY, the AP signature `80 2A 00 00`).
// The typed clients (TextClient, SurfaceClient, CommonClient, ResidentClient) are built on it.
#pragma once

#include <cstdint>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/client/card_error.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/key_reference.hpp"
#include "reader/client/secret.hpp"

namespace mynasim::client {

class CardApplication {
 public:
  // `name` is what error messages call the application ("the text application").
  CardApplication(Channel& channel, Bytes aid, std::string name)
      : channel_(channel), aid_(std::move(aid)), name_(std::move(name)) {}

  const std::string& name() const { return name_; }

  // SELECT `00 A4 04 0C` with the AID. Throws CardError (6A82: the card has no such application).
  void select();
  // The same, but false when the card answers 6A82 (a card without this application, such as the
  // smartphone token profile); other refusals still throw.
  bool select_if_present();
  void select_ef(std::uint16_t fid);

  // `00 B0 00 00 Le` once, exactly `length` bytes (1..256) asked: the way myna reads the 17-byte
  // My Number file. Throws CardError on a refusal.
  Bytes read_binary_prefix(std::uint16_t fid, std::size_t length);
  // Reads the BER object at the start of the EF: 8 header bytes first, then 256-byte chunks up
  // to the size the header gives. Throws RecordError when the file does not start with
  // `expected_tag` or ends before the object does.
  Bytes read_ber_object(std::uint16_t fid, std::uint32_t expected_tag, const std::string& what);
  // Reads an EF of unknown size whole (JPKI EF 0006, 0008): 256-byte parts from offset 0 until a
  // short part, 6B00 past the end, or the last offset READ BINARY can reach. Throws CardError
  // on a refusal, RecordError when a part is longer than asked.
  Bytes read_whole_ef(std::uint16_t fid, const std::string& what);
  // READ RECORD `00 B2 <record> <sfi<<3|4> 00` (no SELECT EF needed).
  Bytes read_record(std::uint8_t sfi, std::uint8_t record, const std::string& what);

  // Empty VERIFY on the key EF: never spends a try.
  PinStatus key_status(std::uint16_t fid, const std::string& what);
  // SELECTs the key EF: false when the card has no such key (6A82), so a status can say absent.
  bool key_present(std::uint16_t fid);
  VerifyResult verify(std::uint16_t fid, const Secret& value);

  // COMPUTE DIGITAL SIGNATURE `80 2A 00 00` with the application's own key (no credential).
  Bytes sign_with_ap_key(ByteView digest_info);

  iso7816::ResponseApdu send(iso7816::CommandApdu command);

 private:
  Channel& channel_;
  Bytes aid_;
  std::string name_;
};

// A command APDU from its fields; an Le is sent when `ne` > 0 (256 is Le=00).
using iso7816::make_command;

// "EF 0002" style name for messages.
std::string ef_name(std::uint16_t fid);

// The typed clients' common face: an application whose key references are the enum `Key`
// (each value its EF number; name_of(Key) names it in messages and JSON).
template <typename Key>
class ApplicationClient {
 public:
  void select() { ap_.select(); }
  bool select_if_present() { return ap_.select_if_present(); }
  // Empty VERIFY: never spends a try.
  PinStatus key_status(Key key) { return ap_.key_status(fid(key), name_of(key)); }
  bool key_present(Key key) { return ap_.key_present(fid(key)); }
  VerifyResult verify(Key key, const Secret& value) { return ap_.verify(fid(key), value); }
  CardApplication& application() { return ap_; }

 protected:
  ApplicationClient(Channel& channel, Bytes aid, std::string name)
      : ap_(channel, std::move(aid), std::move(name)) {}
  static std::uint16_t fid(Key key) { return static_cast<std::uint16_t>(key); }
  CardApplication ap_;
};

}  // namespace mynasim::client
