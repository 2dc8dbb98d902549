# The link options that send the card's calls of mbedTLS's private-key functions to fuzz_card's
# memo (rsa_sign_memo.cpp): fuzz_card and the memo's unit test (tests/unit/fuzz_memo) link it the
# same way.
set(MYNASIM_FUZZ_RSA_WRAP
    -Wl,--wrap=mbedtls_rsa_rsassa_pkcs1_v15_sign -Wl,--wrap=mbedtls_rsa_rsassa_pss_sign_ext
    -Wl,--wrap=mbedtls_rsa_rsaes_oaep_decrypt)
