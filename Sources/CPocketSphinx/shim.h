// Shim for PocketSphinx 5prealpha: cmd_ln_init is variadic; we build configs from argv instead.
#ifndef PARLEY_CPOCKETSPHINX_SHIM_H
#define PARLEY_CPOCKETSPHINX_SHIM_H
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/cmd_ln.h>

static inline cmd_ln_t *parley_ps_config_from_argv(int argc, char **argv) {
    return cmd_ln_parse_r(NULL, ps_args(), argc, argv, 0);
}
#endif
