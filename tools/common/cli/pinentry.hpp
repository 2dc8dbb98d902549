// Asking the holder for a PIN through GnuPG's pinentry, the desktop's convention for a PIN
// dialog (pinentry-gnome3, -gtk2, -qt, -curses, -tty), over its Assuan protocol: SETTITLE,
// SETDESC, SETPROMPT, SETTIMEOUT, GETPIN, CONFIRM, BYE.
//
// Written here rather than on libassuan: libassuan-dev is not otherwise needed, and its line
// buffers would hold the PIN where nothing wipes it; a pinentry client needs only lines and
// percent-escaping. The PIN lives only in `line_` (wiped after every line) and the Secret.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "iso7816/secret.hpp"

namespace mynasim::cli {

// pinentry could not be started, or did not speak Assuan; the message says which and where.
class PinentryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The program to run: $PINENTRY if set, else gpg-agent's `pinentry-program` (gpg-agent.conf in
// $GNUPGHOME or ~/.gnupg), else `pinentry` from PATH (Debian's alternative).
std::string configured_pinentry();

// %, CR, LF and other control characters as %XX, as Assuan arguments need them.
std::string assuan_escape(const std::string& text);

class Pinentry {
 public:
  // Starts `program` on a socket pair (its stdin and stdout) and reads its greeting.
  explicit Pinentry(const std::string& program);
  ~Pinentry();
  Pinentry(const Pinentry&) = delete;
  Pinentry& operator=(const Pinentry&) = delete;

  void set_title(const std::string& text) { command("SETTITLE " + assuan_escape(text)); }
  void set_description(const std::string& text) { command("SETDESC " + assuan_escape(text)); }
  void set_prompt(const std::string& text) { command("SETPROMPT " + assuan_escape(text)); }
  void set_ok_button(const std::string& text) { command("SETOK " + assuan_escape(text)); }
  // pinentry gives up (as cancelled) after this many seconds.
  void set_timeout(int seconds) { command("SETTIMEOUT " + std::to_string(seconds)); }

  // The PIN typed, or nothing when the holder cancelled (or the dialog timed out).
  std::optional<Secret> get_pin();
  // True when the holder pressed OK; false when they declined or cancelled.
  bool confirm();

 private:
  enum class Reply { kOk, kCancelled };
  // Sends one line and reads up to OK or ERR; "D" lines go to `data` (percent-decoded) if given.
  Reply transact(const std::string& line, std::string* data);
  void command(const std::string& line);
  bool read_line();  // into line_; false at EOF
  void send(const std::string& line);
  [[noreturn]] void fail(const std::string& why);

  std::string program_;
  int socket_ = -1;
  int pid_ = -1;
  std::string line_;
  std::string pending_;  // bytes read past the last line
};

}  // namespace mynasim::cli
