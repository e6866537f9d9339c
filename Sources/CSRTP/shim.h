// Shim for libsrtp2: a few policy setters are macros.
#ifndef PARLEY_CSRTP_SHIM_H
#define PARLEY_CSRTP_SHIM_H
#include <srtp2/srtp.h>

static inline void parley_srtp_policy_aes_cm_128_hmac_sha1_80(srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p); }
static inline void parley_srtp_policy_aes_gcm_128(srtp_crypto_policy_t *p) { srtp_crypto_policy_set_aes_gcm_128_16_auth(p); }
static inline int parley_srtp_max_trailer_len(void) { return SRTP_MAX_TRAILER_LEN; }
#endif
