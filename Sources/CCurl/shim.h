// Shim for libcurl: curl_easy_setopt / curl_easy_getinfo are variadic.
#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*parley_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*parley_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode parley_curl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode parley_curl_setopt_write_function(CURL *c, parley_curl_write_callback f) { return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode parley_curl_setopt_header_function(CURL *c, parley_curl_write_callback f) { return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode parley_curl_setopt_xferinfo_function(CURL *c, parley_curl_xferinfo_callback f) { return curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, f); }
static inline CURLcode parley_curl_setopt_postfields(CURL *c, const void *data, long length) {
    CURLcode r = curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, length);
    if (r != CURLE_OK) return r;
    return curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, data);
}
static inline CURLcode parley_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
static inline CURLcode parley_curl_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
#endif
