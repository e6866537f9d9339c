// eSpeak NG's public API, through its speak_lib.h.
#ifndef PARLEY_CESPEAKNG_SHIM_H
#define PARLEY_CESPEAKNG_SHIM_H
#include <espeak-ng/speak_lib.h>
#endif
