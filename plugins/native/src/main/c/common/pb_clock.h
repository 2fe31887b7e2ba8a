/* Monotonic time and short pauses, for deadlines and spin-then-sleep waits. */
#ifndef PB_CLOCK_H
#define PB_CLOCK_H

#include <stdint.h>
#include <time.h>

#define PB_MILLIS 1000000LL
#define PB_SECONDS 1000000000LL

static inline int64_t pb_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * PB_SECONDS + now.tv_nsec;
}

/** now + timeout, or "never" for a negative timeout. */
static inline int64_t pb_deadline(int64_t timeout_ns) {
    return timeout_ns < 0 ? INT64_MAX : pb_now_ns() + timeout_ns;
}

static inline void pb_sleep_ns(int64_t ns) {
    struct timespec pause = {ns / PB_SECONDS, ns % PB_SECONDS};
    nanosleep(&pause, NULL);
}

/** Tells the CPU this is a spin loop (frees the sibling hyper-thread, saves power). */
static inline void pb_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
