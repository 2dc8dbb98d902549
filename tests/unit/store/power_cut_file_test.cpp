// The PIN scenario on real files, with the system call N failing: either the power is cut there
// (N and every later call fail) or the host fails once and the card carries on.
#include <catch2/catch.hpp>
#include <cerrno>

#include <unistd.h>

#include "card/store/file_storage.hpp"
#include "power_cut_scenario.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::Durability;
using store::FileOps;
using store::FileStorage;
using store::ObjectStore;
using store::StoreError;
using store::StoreStatus;
using namespace store::test;

namespace {

enum class Torn { kNone, kOne, kHalf, kAllButOne };

// Passes the calls FileStorage makes to POSIX, counting them, and fails the chosen one. A failing
// pwrite first writes its torn part for real, as a write interrupted by the power does.
class FailingFileOps final : public FileOps {
 public:
  // Fails call number `n` (counted from now); with `power_cut` every later call fails too.
  void fail_at(std::size_t n, Torn torn, bool power_cut) {
    fail_at_ = calls_ + n;
    torn_ = torn;
    power_cut_ = power_cut;
  }
  std::size_t calls() const { return calls_; }
  bool failed() const { return failures_ > 0; }
  std::vector<std::string> log;  // the name of every call, in order

  int open(const char* path, int flags, mode_t mode) override {
    return fails("open") ? refuse<int>() : posix_.open(path, flags, mode);
  }
  ssize_t pwrite(int fd, const void* data, std::size_t size, off_t offset) override {
    if (!fails("pwrite")) return posix_.pwrite(fd, data, size, offset);
    const std::size_t part = torn_size(size);
    if (part > 0) REQUIRE(posix_.pwrite(fd, data, part, offset) == static_cast<ssize_t>(part));
    return refuse<ssize_t>();
  }
  ssize_t pread(int fd, void* data, std::size_t size, off_t offset) override {
    return fails("pread") ? refuse<ssize_t>() : posix_.pread(fd, data, size, offset);
  }
  int fsync(int fd) override { return fails("fsync") ? refuse<int>() : posix_.fsync(fd); }
  int fdatasync(int fd) override {
    return fails("fdatasync") ? refuse<int>() : posix_.fdatasync(fd);
  }
  int ftruncate(int fd, off_t size) override {
    return fails("ftruncate") ? refuse<int>() : posix_.ftruncate(fd, size);
  }
  int rename(const char* from, const char* to) override {
    return fails("rename") ? refuse<int>() : posix_.rename(from, to);
  }
  int close(int fd) override {
    // The descriptor is gone either way (POSIX on Linux); only the report differs.
    const int result = posix_.close(fd);
    return fails("close") ? refuse<int>() : result;
  }
  int fstat_size(int fd, off_t* size) override {
    return fails("fstat") ? refuse<int>() : posix_.fstat_size(fd, size);
  }

 private:
  bool fails(const char* name) {
    log.emplace_back(name);
    const std::size_t call = calls_++;
    const bool fail = call == fail_at_ || (power_cut_ && call > fail_at_);
    failures_ += fail;
    return fail;
  }
  template <typename T>
  static T refuse() {
    errno = EIO;
    return -1;
  }
  std::size_t torn_size(std::size_t size) const {
    switch (torn_) {
      case Torn::kNone:
        return 0;
      case Torn::kOne:
        return size > 0 ? 1 : 0;
      case Torn::kHalf:
        return size / 2;
      case Torn::kAllButOne:
        return size > 0 ? size - 1 : 0;
    }
    return 0;
  }

  FileOps& posix_ = store::posix_file_ops();
  std::size_t calls_ = 0;
  std::size_t fail_at_ = static_cast<std::size_t>(-1);
  Torn torn_ = Torn::kNone;
  bool power_cut_ = false;
  std::size_t failures_ = 0;
};

void write_initial_image(const std::string& path) {
  FileStorage file(path);
  ObjectStore objects(file);
  REQUIRE(objects.format(pin_scenario().initial).ok());
}

ObjectMap reload(const std::string& path) {
  FileStorage file(path);
  ObjectStore objects(file);
  const StoreStatus status = objects.load();
  INFO(status.message);
  REQUIRE(status.ok());
  return objects.objects();
}

// The names of the calls the scenario makes after the load, in order.
std::vector<std::string> dry_run(const TempDir& dir) {
  const std::string path = dir.file("dry.img");
  write_initial_image(path);
  FailingFileOps ops;
  FileStorage file(path, ops);
  ObjectStore objects(file);
  REQUIRE(objects.load().ok());
  const std::size_t after_load = ops.calls();
  REQUIRE(run_scenario(objects, pin_scenario()).interrupted == pin_scenario().steps.size());
  REQUIRE(reload(path) == pin_scenario().states.back());
  return std::vector<std::string>(ops.log.begin() + static_cast<std::ptrdiff_t>(after_load),
                                  ops.log.end());
}

struct Cut {
  std::size_t call;
  std::string name;
  Torn torn;
};

// Every call of the dry run, a write once for each torn size.
std::vector<Cut> every_cut(const std::vector<std::string>& calls) {
  std::vector<Cut> cuts;
  for (std::size_t n = 0; n < calls.size(); ++n) {
    if (calls[n] != "pwrite") {
      cuts.push_back({n, calls[n], Torn::kNone});
      continue;
    }
    for (Torn torn : {Torn::kNone, Torn::kOne, Torn::kHalf, Torn::kAllButOne}) {
      cuts.push_back({n, calls[n], torn});
    }
  }
  return cuts;
}

// A store on a fresh initial image at `path`, loaded, with the failure armed for call `cut.call`
// after the load.
struct ArmedStore {
  ArmedStore(const std::string& path, const Cut& cut, bool power_cut)
      : file(path, ops), objects(file) {
    write_initial_image(path);
    REQUIRE(objects.load().ok());
    ops.fail_at(cut.call, cut.torn, power_cut);
  }
  FailingFileOps ops;
  FileStorage file;
  ObjectStore objects;
};

}  // namespace

TEST_CASE("the scenario's system calls are the documented ones", "[store][power][file]") {
  TempDir dir;
  const std::vector<std::string> calls = dry_run(dir);
  // The first durable commit opens the image, measures it, appends and syncs; the first
  // compaction writes <path>.tmp, syncs, closes, renames and syncs the directory.
  REQUIRE(calls.size() > 4);
  CHECK(std::vector<std::string>(calls.begin(), calls.begin() + 4) ==
        std::vector<std::string>{"open", "fstat", "pwrite", "fdatasync"});
  const std::vector<std::string> replace = {"close",  "open", "pwrite", "fsync", "close",
                                            "rename", "open", "fsync",  "close"};
  CHECK(std::search(calls.begin(), calls.end(), replace.begin(), replace.end()) != calls.end());
}

TEST_CASE("a power cut at any system call leaves the old or the new state",
          "[store][power][file]") {
  const Scenario& scenario = pin_scenario();
  TempDir dir;
  const std::vector<std::string> calls = dry_run(dir);
  const std::string path = dir.file("card.img");

  std::size_t kept_old = 0;
  std::size_t got_new = 0;
  for (const Cut& cut : every_cut(calls)) {
    INFO("power cut at call " << cut.call << " (" << cut.name << "), torn mode "
                              << static_cast<int>(cut.torn));
    Run run;
    {
      ArmedStore armed(path, cut, true);
      run = run_scenario(armed.objects, scenario);
      REQUIRE(armed.ops.failed());
    }
    INFO("interrupted step " << run.interrupted);
    const std::size_t matched = check_recovered(reload(path), run, scenario);
    // A file keeps what was written before the cut, synced or not.
    CHECK((matched == run.interrupted || matched == run.interrupted + 1));
    kept_old += matched == run.interrupted;
    got_new += matched == run.interrupted + 1;

    // After the restart the next commit lands behind the valid records, torn tail cut off.
    FileStorage file(path);
    ObjectStore restarted(file);
    REQUIRE(restarted.load().ok());
    REQUIRE(restarted.set(kScratch, bytes("after restart"), Durability::kDurable).ok());
    CHECK(reload(path) == restarted.objects());
  }
  CHECK(kept_old > 0);
  CHECK(got_new > 0);
}

TEST_CASE("a single failed system call loses only the step it failed", "[store][power][file]") {
  const Scenario& scenario = pin_scenario();
  TempDir dir;
  const std::vector<std::string> calls = dry_run(dir);
  const std::string path = dir.file("card.img");

  std::size_t failed_steps = 0;
  for (const Cut& cut : every_cut(calls)) {
    INFO("call " << cut.call << " (" << cut.name << ") fails once, torn mode "
                 << static_cast<int>(cut.torn));
    ArmedStore armed(path, cut, false);
    ObjectStore& objects = armed.objects;

    ObjectMap model = scenario.initial;
    for (const Step& step : scenario.steps) {
      const StoreStatus status = perform(objects, step);
      if (status.ok()) {
        model = apply(model, step);
      } else {
        CHECK(status.error == StoreError::kIo);
        CHECK_THAT(status.message, Catch::StartsWith("card image " + path + ": ") &&
                                       Catch::EndsWith(": Input/output error"));
        ++failed_steps;
      }
      REQUIRE(objects.objects() == model);
    }
    // Whatever the failure left in the file (a torn record, a whole record whose sync failed,
    // a renamed snapshot the store could not confirm) is repaired by the next write.
    REQUIRE(objects.set(kScratch, bytes("epilogue"), Durability::kDurable).ok());
    model[kScratch] = bytes("epilogue");
    CHECK(reload(path) == model);
  }
  CHECK(failed_steps > calls.size() / 2);
}
