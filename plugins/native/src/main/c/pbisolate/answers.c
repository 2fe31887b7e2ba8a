/*
 * What pbisolate says to its host, from any thread: the answer lines of pbisolate.c's protocol, one whole line at a
 * time, and the module's functions they come from. Apart from pbisolate.c, so that the relay threads can answer
 * without depending on the request loop.
 */
#include "isolate.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

isolate_module isolate_lib;

static pthread_mutex_t output = PTHREAD_MUTEX_INITIALIZER;

void isolate_answer(const char *format, ...) {
    va_list args;
    va_start(args, format);
    pthread_mutex_lock(&output);
    vprintf(format, args);
    fflush(stdout);
    pthread_mutex_unlock(&output);
    va_end(args);
}

static void fail_line(long id, const char *what, int code, const char *text) {
    char line[1024];
    snprintf(line, sizeof line, "%s", text == NULL || *text == '\0' ? "(the module gave no reason)" : text);
    for (char *c = line; *c; c++) {
        if (*c == '\n' || *c == '\r') {
            *c = ' ';
        }
    }
    isolate_answer("%ld %s %d %s\n", id, what, code, line);
}

void isolate_fail(long id, int code, const char *text) {
    fail_line(id, "err", code, text);
}

void isolate_fail_unasked(const char *what, int code, const char *text) {
    fail_line(0, what, code, text);
}
