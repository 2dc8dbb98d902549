#include "tools/common/cli/terminal_prompt.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "tools/common/cli/secret_input.hpp"

namespace mynasim::cli {
namespace {

constexpr int kEndingSignals[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGALRM, SIGPIPE};
constexpr int kStopSignals[] = {SIGTSTP, SIGTTIN, SIGTTOU};

// The state the handler needs, set before any handler is installed (one prompt at a time).
int g_tty = -1;
termios g_saved{};
struct sigaction g_previous[NSIG] {};
bool g_installed[NSIG]{};
volatile std::sig_atomic_t g_stopped = 0;

bool is_stop(int sig) {
  return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

// Async-signal-safe only: tcsetattr, sigaction, raise.
extern "C" void restore_and_raise(int sig) {
  const int saved_errno = errno;
  tcsetattr(g_tty, TCSANOW, &g_saved);
  sigaction(sig, &g_previous[sig], nullptr);
  if (is_stop(sig)) g_stopped = 1;
  raise(sig);  // blocked while this handler runs: delivered, as the program had it, on return
  errno = saved_errno;
}

void install(int sig) {
  struct sigaction previous {};
  sigaction(sig, nullptr, &previous);
  if (previous.sa_handler == SIG_IGN) return;  // ignored by the program: stays ignored
  // Still ours (install_all again after ^Z: only the stop signal's handler was put back).
  // Recording our own handler as the program's would leave it installed for good.
  if (previous.sa_handler == restore_and_raise) return;
  g_previous[sig] = previous;
  struct sigaction action {};
  action.sa_handler = restore_and_raise;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the read ends with EINTR
  if (sigaction(sig, &action, nullptr) == 0) g_installed[sig] = true;
}

void install_all() {
  for (int sig : kEndingSignals) install(sig);
  for (int sig : kStopSignals) install(sig);
}

void uninstall_all() {
  for (int sig = 1; sig < NSIG; ++sig)
    if (g_installed[sig]) {
      g_installed[sig] = false;
      sigaction(sig, &g_previous[sig], nullptr);
    }
}

void echo_off() {
  termios quiet = g_saved;
  quiet.c_lflag &= static_cast<tcflag_t>(~(ECHO | ECHONL));
  tcsetattr(g_tty, TCSAFLUSH, &quiet);
}

void say(const std::string& text) {
  (void)!::write(g_tty, text.data(), text.size());
}

// Everything back as it was, on every way out of prompt_on_terminal.
struct Restore {
  ~Restore() {
    tcsetattr(g_tty, TCSAFLUSH, &g_saved);
    uninstall_all();
    ::close(g_tty);
    g_tty = -1;
  }
};

void wipe(std::string& text) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

}  // namespace

Secret prompt_on_terminal(const std::string& prompt, std::size_t max_length) {
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    throw SecretInputError("no terminal to ask for the " + prompt +
                           "; give it with an environment variable or a file descriptor");
  if (tcgetattr(tty, &g_saved) != 0) {
    ::close(tty);
    throw SecretInputError("no terminal to ask for the " + prompt +
                           " (/dev/tty: " + std::strerror(errno) + ")");
  }
  g_tty = tty;
  g_stopped = 0;
  const Restore restore;
  install_all();  // before echo goes off: from here on every signal finds the handler
  echo_off();
  const std::string shown = prompt + ": ";
  say(shown);

  std::string value;
  value.reserve(max_length + 1);  // no reallocation leaves a copy behind
  char c = 0;
  for (;;) {
    if (g_stopped) {  // continued after ^Z: the handler gave the terminal back; take it again
      g_stopped = 0;
      install_all();
      echo_off();
      say("\n" + shown);
      wipe(value);  // start the line over
    }
    const ssize_t n = ::read(tty, &c, 1);
    if (n < 0 && errno == EINTR) {
      if (g_stopped) continue;
      wipe(value);  // a signal the program handles itself: the prompt ends
      say("\n");
      throw SecretInputError("the " + prompt + " was not given (interrupted)");
    }
    if (n < 0) {
      const int error = errno;
      wipe(value);
      throw SecretInputError("cannot read the " + prompt +
                             " from the terminal: " + std::strerror(error));
    }
    if (n == 0 || c == '\n' || c == '\r') break;
    value.push_back(c);
    if (value.size() > max_length) {
      wipe(value);
      say("\n");
      throw SecretInputError("the " + prompt + " is longer than " + std::to_string(max_length) +
                             " bytes");
    }
  }
  c = 0;
  say("\n");  // the Enter that echo did not show
  Secret secret(value);
  wipe(value);
  return secret;
}

}  // namespace mynasim::cli
