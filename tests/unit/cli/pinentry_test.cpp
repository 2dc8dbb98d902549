// tools/common/cli/pinentry: the Assuan client against scripted pinentries (shell scripts
// written by the test) and the tests' pinentry stand-in.
#include "tools/common/cli/pinentry.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using mynasim::cli::Pinentry;
using mynasim::cli::PinentryError;

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/pinentry-test.XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() { fs::remove_all(path); }
  // An executable script answering pinentry's side: `body` runs after the greeting.
  std::string script(const std::string& name, const std::string& body) const {
    const fs::path file = path / name;
    std::ofstream(file) << "#!/bin/sh\necho 'OK Pleased to meet you'\n" << body;
    fs::permissions(file, fs::perms::owner_all);
    return file.string();
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
  std::string read(const std::string& name) const {
    std::ifstream in(path / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

const std::string kStandIn =
    std::string(MYNASIM_SOURCE_DIR) + "/tests/integration/tools/pinentry_standin.sh";

}  // namespace

TEST_CASE("assuan_escape: %, CR, LF and controls as %XX, the rest unchanged") {
  CHECK(mynasim::cli::assuan_escape("https://a.example asks.\n\n100% sure?\r") ==
        "https://a.example asks.%0A%0A100%25 sure?%0D");
  CHECK(mynasim::cli::assuan_escape("PIN — 3 tries") == "PIN — 3 tries");
  CHECK(mynasim::cli::assuan_escape(std::string("a\x01\x7f", 3)) == "a%01%7F");
}

TEST_CASE("configured_pinentry: PINENTRY, else gpg-agent.conf's pinentry-program, else pinentry") {
  TempDir dir;
  dir.write("gpg-agent.conf",
            "# comment\n  pinentry-program   /opt/my pinentry  \ndefault-cache-ttl 60\n");
  ::setenv("GNUPGHOME", dir.path.c_str(), 1);
  ::setenv("PINENTRY", "/usr/bin/pinentry-tty", 1);
  CHECK(mynasim::cli::configured_pinentry() == "/usr/bin/pinentry-tty");
  ::unsetenv("PINENTRY");
  CHECK(mynasim::cli::configured_pinentry() == "/opt/my pinentry");
  dir.write("gpg-agent.conf", "pinentry-programme /not/this\n");
  CHECK(mynasim::cli::configured_pinentry() == "pinentry");
  ::unsetenv("GNUPGHOME");
}

TEST_CASE("Pinentry against the stand-in: the text shown, the PIN, cancel, confirm") {
  TempDir dir;
  ::setenv("PINENTRY_DIR", dir.path.c_str(), 1);
  dir.write("pin", "1234");
  dir.write("confirm", "yes");
  {
    Pinentry pinentry(kStandIn);
    pinentry.set_title("mynasim");
    pinentry.set_description("https://a.example asks.\n3 tries left");
    pinentry.set_prompt("PIN:");
    CHECK(pinentry.confirm());
    const auto pin = pinentry.get_pin();
    REQUIRE(pin);
    CHECK(pin->value() == "1234");
  }
  CHECK(dir.read("log") == "SETDESC https://a.example asks.%0A3 tries left\nCONFIRM\nGETPIN\n");
  dir.write("pin", "CANCEL");
  dir.write("confirm", "no");
  Pinentry pinentry(kStandIn);
  CHECK_FALSE(pinentry.confirm());
  CHECK_FALSE(pinentry.get_pin());
  ::unsetenv("PINENTRY_DIR");
}

TEST_CASE("Pinentry: D lines are percent-decoded and joined, status and comment lines skipped") {
  TempDir dir;
  const std::string program =
      dir.script("p",
                 "read line\necho '# a comment'\necho 'S PASSWORD_FROM_CACHE'\necho 'D 12%2534'\n"
                 "echo 'D %0a9'\necho OK\nread line\n");
  Pinentry pinentry(program);
  const auto pin = pinentry.get_pin();
  REQUIRE(pin);
  CHECK(pin->value() == "12%34\n9");
}

TEST_CASE("Pinentry: timeout and not-confirmed count as cancelled, another ERR is an error") {
  TempDir dir;
  Pinentry timeout(
      dir.script("t", "read line\necho 'ERR 83886142 Timeout <Pinentry>'\nread line\n"));
  CHECK_FALSE(timeout.get_pin());
  Pinentry broken(dir.script("b", "read line\necho 'ERR 83886340 General error <Pinentry>'\n"));
  CHECK_THROWS_WITH(broken.get_pin(),
                    Catch::Contains("GETPIN answered ERR 83886340 General error <Pinentry>"));
}

TEST_CASE("Pinentry: a missing program, one that is not a pinentry, one that dies") {
  CHECK_THROWS_WITH(Pinentry("/nonexistent/pinentry"),
                    "pinentry (/nonexistent/pinentry): exited before its greeting (is "
                    "\"/nonexistent/pinentry\" a pinentry?)");
  TempDir dir;
  const fs::path file = dir.path / "echo";
  std::ofstream(file) << "#!/bin/sh\necho hello\n";
  fs::permissions(file, fs::perms::owner_all);
  CHECK_THROWS_WITH(Pinentry(file.string()), Catch::Contains("did not greet with OK"));
  Pinentry dies(dir.script("d", "read line\nexit 0\n"));
  CHECK_THROWS_WITH(dies.get_pin(), Catch::Contains("exited during GETPIN"));
  const std::string long_line(1200, 'x');
  Pinentry chatty(dir.script("l", "read line\necho 'D " + long_line + "'\n"));
  CHECK_THROWS_WITH(chatty.get_pin(), Catch::Contains("a line longer than Assuan allows"));
}

TEST_CASE("Pinentry against Debian's pinentry-curses: every command we send is accepted") {
  if (!fs::exists("/usr/bin/pinentry-curses")) {
    WARN("pinentry-curses is not installed (scripts/install-deps.sh installs it)");
    return;
  }
  ::unsetenv("DISPLAY");
  Pinentry pinentry("/usr/bin/pinentry-curses");
  pinentry.set_title("mynasim: log in");
  pinentry.set_description("https://a.example asks you to log in.\n\n3 tries left");
  pinentry.set_prompt("PIN:");
  pinentry.set_ok_button("Enter the PIN");
  pinentry.set_timeout(5);
  // No terminal here (no ttyname given, stdin is our socket): it says so, as an error.
  CHECK_THROWS_WITH(pinentry.get_pin(), Catch::Contains("GETPIN answered ERR 83918950"));
}
