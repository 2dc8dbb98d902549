// Error lines in pcscd's log. pcscd exports log_msg(); the symbol is weak so that the driver also
// loads into a program without it (the in-process tests), where it then logs nothing.
#pragma once

extern "C" void log_msg(const int priority, const char* fmt, ...) __attribute__((weak));

namespace mynasim::reader::ifd {

template <typename... Args>
void log_error(const char* format, Args... args) {
  if (log_msg) log_msg(2 /* PCSC_LOG_ERROR */, format, args...);
}

}  // namespace mynasim::reader::ifd
