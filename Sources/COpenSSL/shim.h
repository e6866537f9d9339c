// Shim for OpenSSL 3: function-like macros Swift cannot call.
#ifndef PARLEY_COPENSSL_SHIM_H
#define PARLEY_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>

static inline long parley_SSL_CTX_set_read_ahead(SSL_CTX *ctx, long on) { return SSL_CTX_set_read_ahead(ctx, on); }
static inline long parley_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline int parley_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) { return (int)SSL_CTX_set1_groups_list(ctx, list); }
static inline long parley_SSL_CTX_set_options_no_query_mtu(SSL_CTX *ctx) { return (long)SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU); }
static inline long parley_DTLS_set_link_mtu(SSL *ssl, long mtu) { return DTLS_set_link_mtu(ssl, mtu); }
static inline long parley_SSL_set_mtu(SSL *ssl, long mtu) { return SSL_set_mtu(ssl, mtu); }
static inline long parley_DTLSv1_get_timeout(SSL *ssl, struct timeval *tv) { return DTLSv1_get_timeout(ssl, tv); }
static inline long parley_DTLSv1_handle_timeout(SSL *ssl) { return DTLSv1_handle_timeout(ssl); }
static inline long parley_BIO_set_mem_eof_return(BIO *b, long v) { return BIO_set_mem_eof_return(b, v); }
static inline long parley_BIO_ctrl_pending(BIO *b) { return (long)BIO_ctrl_pending(b); }
static inline void parley_OPENSSL_free(void *p) { OPENSSL_free(p); }

/* DTLS / certificate helpers (DTLSEndpoint, Certificate). */
static inline long parley_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) { return SSL_CTX_set_min_proto_version(ctx, version); }
/* DTLS-SRTP needs neither renegotiation nor session tickets (a ticket only enlarges the final flight). */
static inline long parley_SSL_CTX_set_options_no_renegotiation_no_ticket(SSL_CTX *ctx) { return (long)SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET); }
#endif
