#include "tools/mynaca/secrets.hpp"

#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {

Secret read_secret(const cli::SecretSource& source, const std::string& field,
                   const std::string& prompt) {
  try {
    return cli::read_secret(source, prompt, cli::Confirm::kTwice);
  } catch (const cli::SecretInputError& e) {
    throw CommandError(field + ": " + e.what(), 1, field);
  }
}

}  // namespace mynasim::mynaca
