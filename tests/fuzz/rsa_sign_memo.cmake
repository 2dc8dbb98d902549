# fuzz_card's memo of the card's RSA signatures (rsa_sign_memo.cpp) and the private operation it
# computes with OpenSSL (rsa_crt.cpp). fuzz_card and the memo's unit test (tests/unit/fuzz_memo)
# build and link them the same way: the link options send the card's calls of mbedTLS's
# private-key functions to the memo's wrappers.
set(MYNASIM_FUZZ_RSA_MEMO_SOURCES ${CMAKE_CURRENT_LIST_DIR}/rsa_sign_memo.cpp
                                  ${CMAKE_CURRENT_LIST_DIR}/rsa_crt.cpp)
set(MYNASIM_FUZZ_RSA_WRAP
    -Wl,--wrap=mbedtls_rsa_rsassa_pkcs1_v15_sign -Wl,--wrap=mbedtls_rsa_rsassa_pss_sign_ext
    -Wl,--wrap=mbedtls_rsa_rsaes_oaep_decrypt)
