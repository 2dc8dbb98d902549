// mynaportal: the relying-party demo (docs/jpki-login.md). The server lands next; for now the
// program only says so.
#include <cstdio>

int main() {
  std::fprintf(stderr, "mynaportal: `serve` is not implemented yet\n");
  return 2;
}
