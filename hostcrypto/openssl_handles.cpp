#include "hostcrypto/openssl_handles.hpp"

namespace mynasim::hostcrypto {

void free_x509_stack(STACK_OF(X509) * stack) {
  sk_X509_pop_free(stack, X509_free);
}

}  // namespace mynasim::hostcrypto
