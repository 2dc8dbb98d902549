// Databases and keys: 0600 files in 0700 directories, whatever the umask; anything looser is
// refused with the path and the mode found.

#include <sys/stat.h>

#include <fstream>

#include "pki/authority.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"
#include "pki/sqlite.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::TempDir;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string refusal(const std::string& path) {
  try {
    require_private(path);
  } catch (const PkiError& e) {
    return e.what();
  }
  return "accepted";
}

// Runs the test body with a umask that would make every new file world-readable.
struct OpenUmask {
  OpenUmask() : old(::umask(0)) {}
  ~OpenUmask() { ::umask(old); }
  mode_t old;
};

TEST_CASE("make_private_dir makes 0700 under umask 0, refuses an existing open directory") {
  OpenUmask umask_zero;
  TempDir tmp;
  make_private_dir(tmp / "a/b");
  CHECK(mode_of(tmp / "a/b") == 0700);
  ::mkdir((tmp / "open").c_str(), 0755);
  ::chmod((tmp / "open").c_str(), 0755);
  CHECK_THROWS_WITH(make_private_dir(tmp / "open"),
                    tmp / "open" +
                        ": mode 0755 lets group or others in; it holds secrets or "
                        "personal data (want 0700: chmod 700 " +
                        tmp / "open" + ")");
}

TEST_CASE("require_private names the path and the mode, and missing paths pass") {
  TempDir tmp;
  const std::string file = tmp / "key.pem";
  std::ofstream(file) << "x";
  ::chmod(file.c_str(), 0640);
  CHECK(refusal(file) == file +
                             ": mode 0640 lets group or others in; it holds secrets or "
                             "personal data (want 0600: chmod 600 " +
                             file + ")");
  ::chmod(file.c_str(), 0604);
  CHECK(refusal(file).find("mode 0604") != std::string::npos);
  ::chmod(file.c_str(), 0600);
  CHECK(refusal(file) == "accepted");
  CHECK(refusal(tmp / "absent") == "accepted");
  ::chmod(file.c_str(), 0644);
  CHECK_THROWS_AS(read_private_file(file), PkiError);
}

TEST_CASE("a new SQLite database and its -wal and -shm files are 0600 under umask 0") {
  OpenUmask umask_zero;
  TempDir tmp;
  const std::string path = tmp / "x.db";
  {
    sql::Database db(path, true);
    db.exec("CREATE TABLE t(x)");
    db.exec("INSERT INTO t VALUES(1)");
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
    CHECK(mode_of(path + "-shm") == 0600);
  }
  ::chmod(path.c_str(), 0644);
  CHECK_THROWS_WITH(sql::Database(path, false),
                    Catch::Matchers::StartsWith(path + ": mode 0644 lets group or others in"));
}

TEST_CASE("mynaca directory, keys and database are 0700 and 0600, an opened-up one is refused") {
  OpenUmask umask_zero;
  TempDir tmp;
  const std::string dir = tmp / "ca";
  Authority::init(dir, test::kNow, InitOptions{});
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(dir + "/private") == 0700);
  CHECK(mode_of(dir + "/mynaca.db") == 0600);
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/private"))
    CHECK(mode_of(entry.path().string()) == 0600);
  CHECK_NOTHROW(Authority::open(dir));
  ::chmod(dir.c_str(), 0755);
  CHECK_THROWS_WITH(Authority::open(dir), Catch::Matchers::StartsWith(dir + ": mode 0755"));
  ::chmod(dir.c_str(), 0700);
  ::chmod((dir + "/private").c_str(), 0750);
  CHECK_THROWS_WITH(Authority::open(dir), Catch::Matchers::StartsWith(dir + "/private: mode 0750"));
  ::chmod((dir + "/private").c_str(), 0700);
  ::chmod((dir + "/mynaca.db").c_str(), 0640);
  CHECK_THROWS_WITH(Authority::open(dir),
                    Catch::Matchers::StartsWith(dir + "/mynaca.db: mode 0640"));
}

}  // namespace
}  // namespace mynasim::pki
