// libFuzzer target for the whole card: every input is played, as a session of power events and
// command APDUs, on the personalized card (made once per process) as it was issued, powered on.
// Loading that card from its image costs more than most inputs (a copy, a CRC and a parse of the
// whole image, four keys unsealed), so the loaded card is kept from one input to the next: while
// no input writes its image it is only powered on again, which clears everything a card keeps in
// RAM (Card::power_on), and its random generator is seeded again. That card is the one a fresh
// load would give: what Card::load builds is a function of the image, and the image is unchanged.
// After an input that wrote anything (a PIN counter, a certificate, a power cut armed), the
// storage gets the issued image's bytes again and the card is put back to what loading them read
// (Card::snapshot and Card::restore, which a unit test proves equal to a fresh load). Besides the
// sanitizers' findings, a broken invariant aborts:
//   - a powered card answers every APDU with data + a status word (SW1 6x/9x, not 60), at most
//     65536 data bytes; an unpowered card answers nothing;
//   - the image reloads after every APDU, both as the card sees it now and as a power cut would
//     leave it (only what was synced), and the card itself reloads from it;
//   - a signature (80 2A answered 9000) verifies under one of the card's public keys over what
//     P1's scheme makes of the bytes sent;
//   - no PIN retry counter goes up, except to its maximum on a VERIFY answered 9000;
//   - no counter in the image a power cut leaves is higher than the live one (a cut never gives a
//     try back), and after a power off or a restart the two agree (nothing left volatile); no
//     counter is above its maximum or disappears;
//   - power cuts injected at any write (event 0E) leave an image that loads, with no counter
//     above what the card had before the interrupted command (but for a right VERIFY's restore).
//
// Input format, event after event (a truncated last event uses what is left):
//   00 power on    01 reset    02 power off
//   03 restart: the card dies, as a dying process would drop it (its lazy writes flushed), and
//      is loaded again from the image (restored from the load of the same bytes when the process
//      loaded them before: Session::load); it comes back unpowered
//   shortcuts, so that a few bytes reach the deep states (verified, blocked, signing); each is one
//   or two APDUs (06-09, 0C, 0D SELECT their EF first), checked one by one:
//   04 SELECT the JPKI AP           05 XX SELECT EF 00XX
//   06 VERIFY the auth PIN (0018)   07 VERIFY the signature password (001B)
//   08 SIGN with the auth key       09 SIGN with the signature key (SHA-256 DigestInfo)
//   0A XX READ BINARY of 256 bytes at XX*256 (current EF)
//   0B VERIFY query (current EF)    0C wrong auth PIN    0D wrong signature password
//   0E K T: the power fails during the K%4-th write from now, T/2 bytes of it written, the
//      unsynced bytes kept if T is odd; the card then dies and is loaded from what is left
//   0F another card: the issued card again, powered on, but with a journal a few records short of
//      the size at which the store compacts the image (so inputs reach compaction)
//   10..EF LL <LL bytes>: one APDU of up to 255 bytes
//   F0..FF HH LL <HHLL bytes>: one APDU of up to 65535 bytes (extended lengths)
// The session starts powered, so an input can begin with an APDU. tests/fuzz/card.dict holds
// framed APDUs and their pieces (AIDs, headers, the PIN values, the DigestInfo prefix).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "card/crypto/digest.hpp"
#include "card/crypto/mbedtls_rsa.hpp"
#include "card/crypto/rsa_key.hpp"
#include "card/runtime/card.hpp"
#include "card/store/memory_storage.hpp"
#include "iso7816/apdu.hpp"
#include "iso7816/bytes.hpp"
#include "tests/fuzz/card_fuzz_card.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::fuzz;
using card::store::MemoryStorage;

constexpr std::size_t kMaxResponseData = 65536;

// The commands behind the shortcut events.
constexpr std::uint8_t kSelectJpki[] = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                                        0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
constexpr std::uint8_t kVerifyQuery[] = {0x00, 0x20, 0x00, 0x80};

// The shortcuts' commands are built on the stack or once: a heap allocation costs more under
// ASan than most commands do on the card.
std::array<std::uint8_t, 7> select_ef(std::uint8_t fid) {
  return {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, fid};
}

Bytes verify(std::string_view value) {
  Bytes command = {0x00, 0x20, 0x00, 0x80, static_cast<std::uint8_t>(value.size())};
  command.insert(command.end(), value.begin(), value.end());
  return command;
}
const Bytes kVerifyAuthPin = verify(kAuthPin);
const Bytes kVerifySignPassword = verify(kSignPassword);
const Bytes kVerifyWrongAuthPin = verify("9999");
const Bytes kVerifyWrongSignPassword = verify("WRONG1");

// 80 2A 00 80 33 <DigestInfo of SHA-256("mynasim")> 00
const Bytes& sign_command() {
  static const Bytes kCommand = [] {
    Bytes command = {0x80, 0x2A, 0x00, 0x80, 0x33};
    append(command, card::crypto::sha256_digest_info_prefix());
    const std::uint8_t message[] = {'m', 'y', 'n', 'a', 's', 'i', 'm'};
    append(command, card::crypto::sha256(message));
    command.push_back(0x00);
    return command;
  }();
  return kCommand;
}

class Session {
 public:
  // The checks after an input's writes read on from the image it started from (ImageParse): the
  // issued image or its aged twin, parsed once here.
  explicit Session(const IssuedCard& issued) : issued_(issued) {
    for (ImageParse* parse : {&now_parse_, &durable_parse_}) {
      parse->pin(issued.image);
      parse->pin(issued.aged_image);
    }
  }

  // Before each input: the issued card, powered on, with its generator at the same seed. The
  // card loaded for an earlier input is kept when its image is still the issued one; otherwise
  // it is put back to the issued card (Card::restore).
  void begin() {
    random_ = card::SeededRandom(kSeed);
    keep_volatile_ = false;
    if (!pristine()) return insert(issued_.image);
    counters_ = issued_.max_tries;
    card_->power_on();
    powered_ = true;
  }

  // Another card, powered on: a fresh copy of `image` (the issued card, or its aged twin). The
  // first time, the card is loaded from it, which is the check that the image still loads (it was
  // checked when it was made, card_fuzz_card.cpp: all durable, every counter at its maximum), and
  // what the load read is kept; later the card is put back to that (Card::restore), which gives
  // the card a load would (tests/unit/card/restore_test.cpp) without parsing the image and
  // unsealing its keys again.
  void insert(const Bytes& image) {
    const bool issued = &image == &issued_.image;
    auto& snapshot = issued ? issued_snapshot_ : aged_snapshot_;
    // Only a failed copy of a key (no memory) would refuse: the snapshot is of this very card.
    const bool restored = card_ && snapshot && card_->restore(*snapshot);
    if (!restored) card_.reset();  // flushes into the image it had, which is dropped below
    storage_.reset(image);
    other_image_ = !issued;
    power_cut_armed_ = false;
    counters_ = issued_.max_tries;
    checked_at_ = 0;
    checked_synced_ = true;
    if (!restored) {
      load();
      if (!snapshot) {
        snapshot = card_->snapshot();
        require(snapshot.has_value());
      }
    }
    card_->power_on();
    powered_ = true;
  }
  const IssuedCard& issued() const { return issued_; }

  void power_on() {
    card_->power_on();
    powered_ = true;
  }
  void reset() {
    card_->reset();
    powered_ = true;
  }
  void power_off() {
    card_->power_off();
    powered_ = false;
    check_image(false, true);
  }
  void restart() {
    drop_card();
    if (storage_.power_lost()) return recover();
    load();
    check_image(false, true);
  }

  // Ends the session as a dying process would: Card's destructor flushes what was written
  // lazily, and so does power_off(), which is what is done here so that the card object can be
  // put back to the issued card for the next input (begin). A card that wrote nothing has
  // nothing to flush, and is kept as it is.
  void end() {
    if (pristine()) return;
    card_->power_off();
    powered_ = false;
    if (storage_.power_lost()) return recover();
    check_image(false, true);
  }

  // The power will fail during write operation `k` % 4 from now (appends, syncs, truncates and
  // replaces count), which writes `torn` / 2 bytes of its data; bit 0 of `torn` says whether the
  // bytes not yet synced survive the crash (the kernel may or may not have written them back).
  void arm_power_cut(std::uint8_t k, std::uint8_t torn) {
    storage_.cut_power_at(storage_.operations() + k % 4, torn / 2);
    keep_volatile_ = (torn & 1) != 0;
    power_cut_armed_ = true;
  }

  void apdu(ByteView command) {
    Bytes& response = response_;
    card_->transmit(command, response);
    if (!powered_) {
      require(response.empty());
      return;
    }
    require(response.size() >= 2);
    require(response.size() - 2 <= kMaxResponseData);
    const std::uint8_t sw1 = response[response.size() - 2];
    require((sw1 >= 0x61 && sw1 <= 0x6F) || (sw1 >= 0x90 && sw1 <= 0x9F));
    const std::uint16_t sw = read_u16(response, response.size() - 2);
    // A VERIFY answered 9000 may give the tries back (CLA 00 is the only class it runs under).
    const bool verify = command.size() >= 4 && command[0] == 0x00 && command[1] == 0x20;
    if (command.size() >= 4 && command[1] == 0x2A && sw == 0x9000)
      check_signature(command, ByteView(response).first(response.size() - 2));
    check_image(verify && sw == 0x9000, false, verify);
  }

 private:
  static constexpr std::uint64_t kSeed = 1;

  // The card as issued: loaded from the issued image, which nothing has written since, and no
  // power cut waiting in its storage.
  bool pristine() const {
    return card_ && !other_image_ && !power_cut_armed_ && storage_.operations() == 0;
  }

  // The card the image in the storage loads as. An image loaded before in this process is not
  // read and checked again: the card object is put back to what that load read (Card::restore;
  // Card::load is a function of the image's bytes, and LoadMemo compares all of them). Any other
  // image is loaded, which checks it, and what the load read is remembered.
  void load() {
    powered_ = false;
    const ByteView image = storage_.current_image();
    if (card_) {
      if (const auto* snapshot = loads_.find(image); snapshot && card_->restore(*snapshot)) return;
    }
    card_.reset();  // flushes nothing: drop_card has flushed it
    auto loaded = card::Card::load(env_, profile());
    require(loaded.card != nullptr);
    card_ = std::move(loaded.card);
    auto snapshot = card_->snapshot();
    require(snapshot.has_value());
    loads_.add(image, std::move(*snapshot));
  }

  // The process that held the card dies: what was written lazily is flushed, as Card's
  // destructor does (Card::power_off flushes the same way, ObjectStore::flush), and the card
  // answers nothing any more. The object is kept for load() to make it the next card.
  void drop_card() {
    card_->power_off();
    powered_ = false;
  }

  // The image loads as it is now and as a power cut now would leave it; counters move only the
  // ways the PIN rules allow. `synced`: after a power off or a restart nothing may be volatile.
  // `verify`: the command was a VERIFY (for a power cut during it).
  void check_image(bool verify_succeeded, bool synced = false, bool verify = false) {
    if (storage_.power_lost()) return recover(verify);
    // Nothing written since the last check: the image is the one checked then (most commands
    // write nothing, and loading an aged image twice per command would halve the speed). A check
    // for `synced` needs a last one that was synced too.
    if (storage_.operations() == checked_at_ && (checked_synced_ || !synced)) return;
    checked_at_ = storage_.operations();
    checked_synced_ = synced;
    // Parsed as a load would parse them, but only what was appended since the last check when
    // nothing before it changed (ImageParse): the bytes before it were proven then.
    const Counters* parsed = now_parse_.counters(storage_.current_image());
    require(parsed != nullptr);
    Counters& now = next_counters_;  // a copy, into storage kept from one check to the next
    now.assign(parsed->begin(), parsed->end());
    require(now.size() == issued_.max_tries.size());
    for (const auto& [id, value] : now) {
      const std::uint8_t* max = find_counter(issued_.max_tries, id);
      require(max != nullptr && value <= *max);
      const std::uint8_t before = counter_at(counters_, id);
      if (value > before) require(verify_succeeded && value == *max);
    }
    // What a power cut now would leave; when nothing is volatile that is the image just checked.
    if (storage_.volatile_bytes() != 0) {
      const Counters* durable = durable_parse_.counters(storage_.durable_image());
      require(durable != nullptr && durable->size() == now.size());
      for (const auto& [id, value] : *durable)
        require(synced ? value == counter_at(now, id) : value <= counter_at(now, id));
    }
    std::swap(counters_, now);
  }

  // A signature the card hands out is 256 bytes that verify under one of its public keys over
  // what P1's scheme makes of the bytes the command sent (compute_signature.cpp): 00 the bytes,
  // 01 their SHA-256, 02 a DigestInfo of the bytes (a hash), 03 a DigestInfo of their SHA-256,
  // 04/05 RSASSA-PSS over the bytes (a hash) or their SHA-256.
  void check_signature(ByteView command, ByteView signature) {
    const auto parsed = iso7816::parse_command(command);
    require(parsed.ok() && signature.size() == 256);
    const ByteView sent = parsed.command.data;
    const std::uint8_t p1 = parsed.command.p1;
    require(p1 <= 0x05);
    const bool card_hashes = p1 == 0x01 || p1 == 0x03 || p1 == 0x05;
    Bytes hash(sent.begin(), sent.end());
    if (card_hashes) {
      const auto digest = card::crypto::sha256(sent);
      hash.assign(digest.begin(), digest.end());
    }
    Bytes expected = hash;
    if (p1 == 0x02 || p1 == 0x03) {
      expected.assign(card::crypto::sha256_digest_info_prefix().begin(),
                      card::crypto::sha256_digest_info_prefix().end());
      append(expected, hash);
    }
    // The same bytes verified before verify again (a function of the key, the message and the
    // signature): most signatures come again, from rsa_sign_memo.cpp's memo, and each key tried
    // costs an RSA public-key operation.
    Verified verified{p1 >= 0x04, p1 >= 0x04 ? hash : expected,
                      Bytes(signature.begin(), signature.end())};
    if (verified_.count(verified) != 0) return;
    bool matches = false;
    // The JPKI keys (80 2A xx 80) and the text/surface APs' own keys (80 2A 00 00); the one that
    // matched the last signature first (each key tried costs an RSA public-key operation).
    const std::array<const card::crypto::RsaPublicKey*, 4> keys = {
        &issued_.keys.auth, &issued_.keys.sign, &issued_.keys.text_ap, &issued_.keys.surface_ap};
    for (std::size_t i = 0; i < keys.size() && !matches; ++i) {
      const std::size_t k = (last_signer_ + i) % keys.size();
      const auto& key = *keys[k];
      if (p1 >= 0x04) {
        matches = pss_verifies(key, hash, signature);
      } else {
        const auto recovered = card::crypto::recover_pkcs1_v15(key, signature);
        matches = recovered && std::equal(recovered->begin(), recovered->end(), expected.begin(),
                                          expected.end());
      }
      if (matches) last_signer_ = k;
    }
    require(matches);
    if (verified_.size() >= kMaxVerified) verified_.clear();
    verified_.insert(std::move(verified));
  }

  // RSASSA-PSS, MGF1-SHA-256, 32-byte salt, over a 32-byte hash (what P1 04/05 sign).
  static bool pss_verifies(const card::crypto::RsaPublicKey& key, ByteView hash,
                           ByteView signature) {
    if (hash.size() != 32) return false;
    card::crypto::RsaContext rsa;
    if (!card::crypto::import_public(rsa.get(), key)) return false;
    mbedtls_rsa_set_padding(rsa.get(), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    return mbedtls_rsa_rsassa_pss_verify_ext(rsa.get(), nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                             MBEDTLS_MD_SHA256, 32, hash.data(), MBEDTLS_MD_SHA256,
                                             32, signature.data()) == 0;
  }

  // The process dies with the power: the card is dropped (its flush fails, as every write after
  // the cut does) and a new one is loaded from what the cut left. It must load, and no counter
  // may be above what the card had before the interrupted command: a cut never gives a try back.
  // Except to the maximum in a VERIFY: the cut may fall in the write that restores the counter
  // after the right value, which then reached the disk though the card answered 6581.
  void recover(bool during_verify = false) {
    drop_card();  // its flush fails, as every write after the cut does
    storage_.reset(storage_.image_after_crash(keep_volatile_));  // a copy: reset reads it
    power_cut_armed_ = false;
    other_image_ = true;  // not the issued image any more: the next input puts that back
    checked_at_ = 0;      // a new storage: its operations count from 0 again
    checked_synced_ = false;
    load();
    const Counters* parsed = now_parse_.counters(storage_.current_image());
    require(parsed != nullptr);
    Counters& now = next_counters_;
    now.assign(parsed->begin(), parsed->end());
    require(now.size() == counters_.size());
    for (const auto& [id, value] : now)
      if (value > counter_at(counters_, id))
        require(during_verify && value == counter_at(issued_.max_tries, id));
    std::swap(counters_, now);
  }

  const IssuedCard& issued_;
  MemoryStorage storage_;
  card::SeededRandom random_{kSeed};
  FixedClock clock_;
  card::Env env_{random_, clock_, storage_};
  std::unique_ptr<card::Card> card_;
  Bytes response_;  // the last answer, its buffer kept for the next (Card::transmit)
  bool powered_ = false;
  bool keep_volatile_ = false;
  bool other_image_ = false;      // the storage holds another image than the issued one
  bool power_cut_armed_ = false;  // cut_power_at was called on this storage
  std::size_t checked_at_ = 0;    // storage_.operations() at the last full check
  bool checked_synced_ = false;   // that check found nothing volatile
  Counters counters_;
  Counters next_counters_;       // what check_image and recover read, before it becomes counters_
  std::size_t last_signer_ = 0;  // which key made the last signature (check_signature)
  // Signatures check_signature found good: PSS or not, the hash or what v1.5 padded, the bytes.
  using Verified = std::tuple<bool, Bytes, Bytes>;
  static constexpr std::size_t kMaxVerified = 4096;
  std::set<Verified> verified_;
  ImageParse now_parse_;      // the image as the card sees it, at the last check
  ImageParse durable_parse_;  // the image a power cut would leave, at the last check
  LoadMemo loads_;            // what loading the images met so far read (load)
  // What loading the issued image and its aged twin read (Card::snapshot), for Card::restore.
  std::optional<card::Card::Snapshot> issued_snapshot_;
  std::optional<card::Card::Snapshot> aged_snapshot_;
};

}  // namespace

// ASan records the call stack of every allocation and every free (for the report of a bad
// access: where the block came from, where it went); unwinding and storing 30 frames each time
// was a quarter of this target's time (it allocates a few dozen small blocks per input). Five
// frames still name the card function; the checks themselves are unchanged, and a finding is
// replayed with full stacks by ASAN_OPTIONS=malloc_context_size=30, which overrides this.
// Freed blocks wait in a quarantine of 64 MB instead of 256 before reuse: an input churns a few
// KB, so a use after free is still caught thousands of inputs later (within one input always),
// and the process stops touching fresh pages (page faults were a tenth of the time) sooner.
// Free memory stays with the allocator instead of going back to the OS every 5 s
// (allocator_release_to_os_interval_ms): each release was a madvise whose TLB shootdown
// interrupted the other CPU, and the pages were faulted in again right after (a twentieth of the
// time, perf). It changes where freed blocks live, not what ASan checks.
extern "C" const char* __asan_default_options() {
  return "malloc_context_size=5:quarantine_size_mb=64:allocator_release_to_os_interval_ms=-1";
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  issued_card();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Session session(issued_card());
  session.begin();
  std::size_t at = 0;
  const auto next = [&]() -> std::uint8_t { return at < size ? data[at++] : 0; };
  while (at < size) {
    const std::uint8_t op = data[at++];
    switch (op) {
      case 0x00:
        session.power_on();
        continue;
      case 0x01:
        session.reset();
        continue;
      case 0x02:
        session.power_off();
        continue;
      case 0x03:
        session.restart();
        continue;
      case 0x04:
        session.apdu(kSelectJpki);
        continue;
      case 0x05:
        session.apdu(select_ef(next()));
        continue;
      case 0x06:
        session.apdu(select_ef(0x18));
        session.apdu(kVerifyAuthPin);
        continue;
      case 0x07:
        session.apdu(select_ef(0x1B));
        session.apdu(kVerifySignPassword);
        continue;
      case 0x08:
        session.apdu(select_ef(0x17));
        session.apdu(sign_command());
        continue;
      case 0x09:
        session.apdu(select_ef(0x1A));
        session.apdu(sign_command());
        continue;
      case 0x0A: {
        const std::uint8_t read_binary[] = {0x00, 0xB0, next(), 0x00, 0x00};
        session.apdu(read_binary);
        continue;
      }
      case 0x0B:
        session.apdu(kVerifyQuery);
        continue;
      case 0x0C:
        session.apdu(select_ef(0x18));
        session.apdu(kVerifyWrongAuthPin);
        continue;
      case 0x0D:
        session.apdu(select_ef(0x1B));
        session.apdu(kVerifyWrongSignPassword);
        continue;
      case 0x0E: {
        const std::uint8_t k = next();
        session.arm_power_cut(k, next());
        continue;
      }
      case 0x0F:
        session.insert(session.issued().aged_image);
        continue;
      default:
        break;
    }
    std::size_t length = 0;
    const std::size_t length_bytes = op >= 0xF0 ? 2 : 1;
    for (std::size_t i = 0; i < length_bytes && at < size; ++i) length = (length << 8) | data[at++];
    if (length > size - at) length = size - at;
    session.apdu(ByteView(data + at, length));
    at += length;
  }
  // The session ends as a process would: whatever was lazy reaches the image, which must hold
  // every counter as the card last had it.
  session.end();
  return 0;
}
