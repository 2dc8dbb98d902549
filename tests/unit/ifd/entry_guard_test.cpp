// The driver's catch-all (reader/ifd/entry_guard.hpp): a throwing entry returns its error code
// and logs one line in pcscd's log; a thread cancelled inside an entry (pcscd cancels the polling
// thread) still unwinds instead of aborting.
#include "reader/ifd/entry_guard.hpp"

#include <poll.h>
#include <pthread.h>

#include <catch2/catch.hpp>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/unit/ifd/pcscd_log.hpp"

namespace {
std::vector<std::string>& logged = mynasim::testing::pcscd_log();
}  // namespace

using mynasim::reader::ifd::guarded;

constexpr long kSuccess = 0;               // IFD_SUCCESS
constexpr long kCommunicationError = 612;  // IFD_COMMUNICATION_ERROR

TEST_CASE("entry guard: a body that returns passes its code through, logs nothing", "[ifd]") {
  logged.clear();
  CHECK(guarded("IFDHICCPresence", kCommunicationError, [] { return 615L; }) == 615L);
  CHECK(guarded("IFDHPowerICC", kCommunicationError, [] { return kSuccess; }) == kSuccess);
  CHECK(logged.empty());
}

TEST_CASE("entry guard: an exception becomes the entry's error code and one log line", "[ifd]") {
  logged.clear();
  CHECK(guarded("IFDHTransmitToICC", kCommunicationError, []() -> long {
          throw std::runtime_error("the frame is too large");
        }) == kCommunicationError);
  CHECK(guarded("IFDHCreateChannelByName", kCommunicationError,
                []() -> long { throw std::bad_alloc(); }) == kCommunicationError);
  CHECK(guarded("IFDHPowerICC", 608L, []() -> long { throw 42; }) == 608L);
  REQUIRE(logged.size() == 3);
  CHECK(logged[0] == "2 mynasim: IFDHTransmitToICC: the frame is too large");
  CHECK(logged[1] == "2 mynasim: IFDHCreateChannelByName: std::bad_alloc");
  CHECK(logged[2] == "2 mynasim: IFDHPowerICC: an exception that is not a std::exception");
}

namespace {

void* poll_forever(void*) {
  const long code = guarded("poll_for_event", kCommunicationError, []() -> long {
    ::poll(nullptr, 0, -1);  // a cancellation point, as the slot's poll() is
    return kSuccess;
  });
  return reinterpret_cast<void*>(code);
}

}  // namespace

TEST_CASE("entry guard: pthread_cancel inside an entry unwinds the thread (not swallowed)",
          "[ifd]") {
  logged.clear();
  pthread_t thread;
  REQUIRE(pthread_create(&thread, nullptr, &poll_forever, nullptr) == 0);
  REQUIRE(pthread_cancel(thread) == 0);
  void* result = nullptr;
  REQUIRE(pthread_join(thread, &result) == 0);
  CHECK(result == PTHREAD_CANCELED);
  CHECK(logged.empty());
}
