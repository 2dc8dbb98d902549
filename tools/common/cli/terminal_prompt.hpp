// A secret typed at a prompt on the controlling terminal (/dev/tty) with echo off.
//
// Echo comes back on however the prompt ends: a value, an error, or a signal. For a signal
// (^C, ^\, SIGTERM, SIGHUP, SIGALRM, SIGPIPE) the handler itself restores the terminal, puts the
// program's own disposition back and raises the signal again, so the program ends (or goes on) as
// that signal would have had it, with the shell's terminal as it was. A stop (^Z, SIGTTIN,
// SIGTTOU) restores the terminal too, and turns echo off again and asks anew when continued.
// Signals the program ignores stay ignored. The handler does the restoring, not the code after
// read(): libbsd's readpassphrase(3) does it after read() returns, so a signal that lands between
// its prompt and its read() is swallowed and the prompt waits on with echo off.
#pragma once

#include <string>

#include "iso7816/secret.hpp"

namespace mynasim::cli {

// Shows "<prompt>: " and reads one line of at most `max_length` bytes. Throws SecretInputError
// (secret_input.hpp) when there is no terminal, on a read error, or for a longer line.
Secret prompt_on_terminal(const std::string& prompt, std::size_t max_length);

}  // namespace mynasim::cli
