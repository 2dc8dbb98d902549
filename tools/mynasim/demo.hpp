// `mynasim demo`: the in-process main job until the virtual reader lands. Issues a card into a
// card image (keys generated on the card, throwaway CA certificates), loads it, and drives it with
// APDUs as a client would: read the user-authentication certificate, verify the PIN, sign with
// the authentication key, and check the signature with OpenSSL against the certificate.
#pragma once

#include <string>

namespace mynasim::tools {

struct DemoOptions {
  std::string image_path;  // card image to write; a temporary one when empty
  std::string pin;         // user-authentication PIN (not printed)
  std::string sign_password;
  bool quiet = false;
};

// Returns the process exit status.
int run_demo(const DemoOptions& options);

}  // namespace mynasim::tools
