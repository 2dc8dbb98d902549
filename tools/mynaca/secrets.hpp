// PINs and the signature password for mynaca, through tools/common/cli's secret input (an
// environment variable, a descriptor, or the prompt, asked twice). Never from argv, never
// printed; the buffers are wiped when dropped (iso7816/secret.hpp).
#pragma once

#include <string>

#include "iso7816/secret.hpp"
#include "tools/common/cli/secret_input.hpp"

namespace mynasim::mynaca {

// `field` names the secret in messages ("pin", "sign-password"): a failure is a CommandError
// "<field>: <why>" with that field, exit status 1.
Secret read_secret(const cli::SecretSource& source, const std::string& field,
                   const std::string& prompt);

}  // namespace mynasim::mynaca
