/*
 * pbisolate: runs one native module in a process of its own, so that a module that crashes takes only this
 * process down. Messages still travel over shared memory: each link of the module is relayed onto an nshm link
 * (docs/PROTOCOL.md, "nshm link") whose rings the host reads and writes itself.
 */
#ifndef PBISOLATE_H
#define PBISOLATE_H

#include <stdint.h>

/** The module's ABI functions, looked up with dlsym; its objects are opaque here. */
typedef struct isolate_module {
    const char *(*last_error)(void);
    int (*listen)(const char *address, uint32_t max_message, void **out);
    int (*accept)(void *acceptor, int64_t timeout_ns, void **out);
    void (*acceptor_shutdown)(void *acceptor);
    void (*acceptor_close)(void *acceptor);
    int (*connect)(const char *address, uint32_t max_message, int64_t timeout_ns, void **out);
    int (*send)(void *link, const void *data, uint32_t length);
    int (*receive)(void *link, void *buffer, uint32_t capacity, int64_t timeout_ns);
    void (*shutdown)(void *link);
    void (*close)(void *link);
} isolate_module;

extern isolate_module isolate_lib;

/** Writes one answer line, whole, to the host (any thread). */
void isolate_answer(const char *format, ...) __attribute__((format(printf, 1, 2)));

/** Answers request id with an error code and the text, kept on one line. */
void isolate_fail(long id, int code, const char *text);

/** Tells the host of a failure nobody asked about: "0 WHAT CODE TEXT". */
void isolate_fail_unasked(const char *what, int code, const char *text);

/**
 * Relays a module link the host asked for: makes the nshm link the host will connect to, answers request id with
 * its address, waits up to open_timeout_ns for the host, then moves messages both ways until either side closes.
 * Takes the module link; returns when everything is closed.
 */
void isolate_relay(long id, void *module_link, uint32_t max_message, const char *ring_size, int64_t open_timeout_ns);

#endif
