#include "pki/pdfverify/revisions.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace mynasim::pki::pdfverify {
namespace {

bool is_space(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

// "startxref <digits>" just before `at` (white space between), read backwards.
std::optional<std::int64_t> startxref_before(ByteView file, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && is_space(file[i - 1])) --i;
  const std::size_t digits_end = i;
  while (i > 0 && file[i - 1] >= '0' && file[i - 1] <= '9') --i;
  if (i == digits_end || digits_end - i > 15) return std::nullopt;
  const std::int64_t value = std::stoll(std::string(file.begin() + i, file.begin() + digits_end));
  while (i > 0 && is_space(file[i - 1])) --i;
  constexpr std::string_view kKeyword = "startxref";
  if (i < kKeyword.size() ||
      std::memcmp(file.data() + i - kKeyword.size(), kKeyword.data(), kKeyword.size()) != 0)
    return std::nullopt;
  return value;
}

}  // namespace

std::vector<EofMark> eof_marks(ByteView file) {
  std::vector<EofMark> out;
  constexpr std::string_view kEof = "%%EOF";
  auto from = file.begin();
  while (true) {
    const auto at = std::search(from, file.end(), kEof.begin(), kEof.end());
    if (at == file.end()) break;
    const auto offset = static_cast<std::size_t>(at - file.begin());
    from = at + 1;
    const auto startxref = startxref_before(file, offset);
    if (!startxref) continue;
    EofMark mark{offset + kEof.size(), offset + kEof.size(), *startxref};
    if (mark.end < file.size() && file[mark.end] == '\r') ++mark.end;
    if (mark.end < file.size() && file[mark.end] == '\n') ++mark.end;
    out.push_back(mark);
  }
  return out;
}

std::optional<std::size_t> Revisions::index_ending_at(std::size_t end) const {
  for (std::size_t i = 0; i < chain.size(); ++i)
    if (chain[i].eof_end <= end && end <= chain[i].end) return i;
  return std::nullopt;
}

Revisions find_revisions(ByteView file,
                         const std::function<std::optional<std::int64_t>(std::size_t)>& prev_of) {
  Revisions out;
  const std::vector<EofMark> marks = eof_marks(file);
  if (marks.empty()) {
    out.problem = "no \"startxref ... %%EOF\" ends the file";
    return out;
  }
  std::size_t k = marks.size() - 1;
  out.trailing = static_cast<std::size_t>(
      std::count_if(file.begin() + marks[k].end, file.end(), [](auto c) { return !is_space(c); }));
  std::vector<EofMark> chain{marks[k]};
  while (true) {
    const std::optional<std::int64_t> prev = prev_of(marks[k].end);
    // No /Prev: the first revision. A /Prev after this xref: a linearized file's first-page
    // trailer, which names the main xref of the same revision.
    if (!prev || *prev >= marks[k].startxref) break;
    // The previous revision ends before this one's xref section starts, and its startxref is
    // what /Prev says.
    std::optional<std::size_t> found;
    for (std::size_t j = 0; j < k; ++j)
      if (marks[j].startxref == *prev &&
          static_cast<std::int64_t>(marks[j].end) <= marks[k].startxref)
        found = j;
    if (!found) {
      out.problem = "the trailer before offset " + std::to_string(marks[k].end) + " names /Prev " +
                    std::to_string(*prev) + ", which no earlier revision ends with";
      return out;
    }
    k = *found;
    chain.push_back(marks[k]);
  }
  std::reverse(chain.begin(), chain.end());
  out.chain = std::move(chain);
  return out;
}

}  // namespace mynasim::pki::pdfverify
