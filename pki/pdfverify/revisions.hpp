// The revisions of a PDF: the original and each incremental update (ISO 32000-1 7.5.6), found
// from the end as a PDF reader finds them. Each revision ends "startxref N %%EOF"; the last one's
// trailer names the previous one's xref with /Prev, and so on. An "%%EOF" that no /Prev leads to
// (inside a stream, or after a forged "startxref" that points back into the signed bytes) is not
// a revision end, so a signature whose range stops there covers no whole revision.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::pki::pdfverify {

struct EofMark {
  std::size_t eof_end = 0;  // just after "%%EOF"
  std::size_t end = 0;      // after the end-of-line that follows it, if any
  std::int64_t startxref = 0;
};

// Every "startxref N %%EOF" in the file, in file order.
std::vector<EofMark> eof_marks(ByteView file);

struct Revisions {
  std::vector<EofMark> chain;  // oldest first; the last is the file's last revision
  std::size_t trailing = 0;    // bytes after the last revision other than white space
  std::string problem;         // set: no chain (no mark, or a /Prev that leads nowhere)

  // The revision a signed range ending at `end` covers entirely (end inside [eof_end, end] of
  // a mark in the chain), or nullopt.
  std::optional<std::size_t> index_ending_at(std::size_t end) const;
};

// `prev_of(end)`: the /Prev of the trailer a reader finds in the first `end` bytes (nullopt: none,
// e.g. the first revision). It may throw; what it throws goes to the caller.
Revisions find_revisions(ByteView file,
                         const std::function<std::optional<std::int64_t>(std::size_t)>& prev_of);

}  // namespace mynasim::pki::pdfverify
