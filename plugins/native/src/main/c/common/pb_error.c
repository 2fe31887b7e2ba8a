#define _GNU_SOURCE
#include "pb_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Per thread, because the host asks for the text on the thread whose call failed, right after it. */
static _Thread_local char last_error[512];

const char *pb_error_text(void) {
    return last_error;
}

int pb_fail(int code, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(last_error, sizeof last_error, format, args);
    va_end(args);
    return code;
}

#ifndef _WIN32
/* Windows builds have pb_fail_win32 (pb_error_win32.c) instead: errno names are glibc's. */
int pb_fail_errno(int code, int err, const char *format, ...) {
    char what[320];
    char text[128];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    const char *name = strerrorname_np(err);
    snprintf(last_error, sizeof last_error, "%s failed: %s (%s)", what, name == NULL ? "?" : name,
             strerror_r(err, text, sizeof text));
    return code;
}
#endif
