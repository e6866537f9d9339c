// Shim for speexdsp: speex_preprocess_ctl takes a void* argument per request.
#ifndef PARLEY_CSPEEXDSP_SHIM_H
#define PARLEY_CSPEEXDSP_SHIM_H
#include <speex/speex_resampler.h>
#include <speex/speex_preprocess.h>

static inline int parley_speex_preprocess_set_int(SpeexPreprocessState *st, int request, int value) { int v = value; return speex_preprocess_ctl(st, request, &v); }
static inline int parley_speex_preprocess_get_int(SpeexPreprocessState *st, int request, int *value) { return speex_preprocess_ctl(st, request, value); }
static inline int parley_speex_preprocess_set_float(SpeexPreprocessState *st, int request, float value) { float v = value; return speex_preprocess_ctl(st, request, &v); }
static inline int parley_speex_preprocess_get_float(SpeexPreprocessState *st, int request, float *value) { return speex_preprocess_ctl(st, request, value); }
#endif
