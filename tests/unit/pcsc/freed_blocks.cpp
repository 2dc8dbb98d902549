// Kept in its own file: with the replacements visible, GCC would see malloc under operator new
// and warn about every delete (-Wmismatched-new-delete).
#include "tests/unit/pcsc/freed_blocks.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> watching{false};
std::atomic<int> matches{0};
mynasim::ByteView watched;

bool holds_pattern(const void* block, std::size_t size) {
  const auto* begin = static_cast<const std::uint8_t*>(block);
  return std::search(begin, begin + size, watched.begin(), watched.end()) != begin + size;
}

}  // namespace

namespace mynasim::testing {

void watch_freed_blocks(ByteView pattern) {
  watched = pattern;
  matches = 0;
  watching = true;
}

int stop_watching_freed_blocks() {
  watching = false;
  return matches;
}

}  // namespace mynasim::testing

#if defined(__SANITIZE_ADDRESS__)
// Under ASan, blocks made before these replacements took over (by the sanitizer's own operator
// new) reach the replaced delete, which frees them with free(): a mismatch only in name, since the
// pair below is malloc/free throughout.
extern "C" const char* __asan_default_options() {
  return "alloc_dealloc_mismatch=0";
}
#endif

// The replaced set: new and unsized delete as the defaults are (malloc, free); the sized delete
// looks first.
void* operator new(std::size_t size) {
  if (void* block = std::malloc(size ? size : 1)) return block;
  throw std::bad_alloc();
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t size) noexcept {
  if (block && watching && !watched.empty() && holds_pattern(block, size)) ++matches;
  std::free(block);
}
