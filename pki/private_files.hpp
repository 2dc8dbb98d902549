// Files that hold secrets or personal data (the authority's database and keys, the portal's
// database, secret and TLS key): mode 0600 in a directory of mode 0700, made so when created and
// checked when opened. Shared by mynaca and mynaportal, so it lives here rather than in a tool.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::pki {

// The mode bits of `path` (no symlink followed) when group or others may use it, else 0.
// Throws PkiError when `path` cannot be stat'ed for a reason other than its absence.
unsigned loose_mode_bits(const std::string& path);

// Throws PkiError "<path>: mode 0755 lets group or others in (want 0600|0700); run chmod ..."
// when `path` exists and any group/other bit is set. Nothing happens when `path` is missing.
void require_private(const std::string& path);

// Creates the directory (and missing parents, which keep the umask's mode) as 0700; a directory
// that already exists is checked with require_private, not changed.
void make_private_dir(const std::string& path);

// Creates an empty file of mode 0600 if there is none, so that a database opened on it (and
// SQLite's -wal, -shm and -journal side files, which SQLite creates with the database file's
// own mode) is never readable by others, whatever the umask.
void create_private_file(const std::string& path);

// read_file after require_private: how a private key or secret is loaded.
Bytes read_private_file(const std::string& path);

}  // namespace mynasim::pki
