// The catch-all around every C entry point of the driver (the IFDH* functions and the polling
// callback): an exception must never cross into pcscd, which is C and would terminate, taking
// every reader with it. It becomes the entry's error code and a line in pcscd's log.
//
// One exception is let through: glibc cancels a thread (pcscd cancels our polling thread, which
// says TAG_IFD_POLLING_THREAD_KILLABLE) by unwinding it with abi::__forced_unwind, and swallowing
// that aborts the process ("FATAL: exception not rethrown").
#pragma once

#include <cxxabi.h>

#include <exception>

#include "reader/ifd/log.hpp"

namespace mynasim::reader::ifd {

// body() or, when it throws, `on_error` after logging "mynasim: <entry>: <what>".
// UBSan's null check is off here: glibc's forced unwind has no exception object, and binding the
// handler's reference to it is reported as a null reference although nothing reads it.
template <typename Code, typename Body>
__attribute__((no_sanitize("null"))) Code guarded(const char* entry, Code on_error, Body&& body) {
  try {
    return body();
  } catch (abi::__forced_unwind&) {
    throw;
  } catch (const std::exception& e) {
    log_error("mynasim: %s: %s", entry, e.what());
  } catch (...) {
    log_error("mynasim: %s: an exception that is not a std::exception", entry);
  }
  return on_error;
}

}  // namespace mynasim::reader::ifd
