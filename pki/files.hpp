// Whole files in and out: the authority's certificates, CRLs and keys. A write is atomic (temp
// file, fsync, rename, fsync directory), so a crash leaves the old file or the new one.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::pki {

// Throw PkiError naming the path.
Bytes read_file(const std::string& path);
void write_file_atomically(const std::string& path, ByteView bytes, unsigned mode = 0644);

}  // namespace mynasim::pki
