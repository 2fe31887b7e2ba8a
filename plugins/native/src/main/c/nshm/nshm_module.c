/* What the module says about itself, and its diagnostics. */
#include "nshm_link.h"
#include "patchbay_transport.h"
#include "../common/pb_error.h"

#ifndef NSHM_VERSION
#error "build with -DNSHM_VERSION=\"x.y.z\""
#endif

/* Test builds report another ABI version, to check that hosts refuse them. */
#ifndef NSHM_ABI_VERSION
#define NSHM_ABI_VERSION PB_ABI_VERSION
#endif

#ifdef NSHM_UNDEFINED_SYMBOL
/*
 * Test builds reference a function nobody defines, so that loading them fails in the dynamic linker. Taking its
 * address needs a data relocation, which is resolved when the library is loaded, lazy binding or not.
 */
extern int nshm_function_nobody_defines(void);
int (*volatile nshm_needs_it)(void) = nshm_function_nobody_defines;
#endif

#if defined(NSHM_HANG_ON_LOAD) || defined(NSHM_CRASH_ON_LOAD)
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

/*
 * Test builds whose constructor never returns (deaf to SIGTERM, as a stuck library may be) or faults, to check that
 * hosts try a library in a probe process before loading it themselves.
 */
__attribute__((constructor)) static void nshm_misbehave_on_load(void) {
#ifdef NSHM_HANG_ON_LOAD
    signal(SIGTERM, SIG_IGN);
    for (;;) {
        pause();
    }
#else
    /* An address the compiler cannot see is unmapped: a store to a known NULL would be optimised away. */
    volatile uintptr_t nowhere = 16;
    *(volatile int *) nowhere = 1;
#endif
}
#endif

static const struct pb_module_info INFO = {
    .abi_version = NSHM_ABI_VERSION,
    .capabilities = PB_CAP_SHARED_RINGS,
    .max_message = 8u << 20,
    .reserved = 0,
    .id = "nshm",
    .version = NSHM_VERSION,
    .scheme = "nshm",
    .description = "shared-memory rings in one POSIX segment, written in C",
};

PB_EXPORT const struct pb_module_info *pb_module_info(void) {
    return &INFO;
}

PB_EXPORT const char *pb_last_error(void) {
    return pb_error_text();
}

#ifdef NSHM_STATS
/* Since 1.0.1: what the waits of a link cost, to tell a spinning link from a sleeping one. */
PB_EXPORT int pb_link_stats(pb_link *link, uint64_t *out, uint32_t count) {
    uint64_t values[] = {
        __atomic_load_n(&link->waits, __ATOMIC_RELAXED),
        __atomic_load_n(&link->sleeps, __ATOMIC_RELAXED),
        __atomic_load_n(&link->peer_checks, __ATOMIC_RELAXED),
    };
    uint32_t n = count < 3 ? count : 3;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = values[i];
    }
    return (int) n;
}

PB_EXPORT const char *pb_link_stats_names(void) {
    return "waits,sleeps,peer_checks";
}
#endif
