/*
 * pbisolate LIBRARY: runs a native module (already checked and probed by the host) in this process, for a host
 * that isolates it. Requests come on stdin and answers go to stdout, one line each, led by the request id:
 *
 *   ID listen MAX ADDRESS                      -> ID ok ACCEPTOR
 *   ID accept ACCEPTOR TIMEOUT_NS RING_SIZE    -> ID ok RING_ADDRESS   (when the module accepted a peer)
 *   ID connect MAX TIMEOUT_NS RING_SIZE ADDRESS -> ID ok RING_ADDRESS
 *   ID aclose ACCEPTOR                         -> ID ok                (wakes an accept under way, then frees)
 *   ID ping                                    -> ID ok                (after every line written before it)
 *   any failure                                -> ID err CODE TEXT     (the pb_* code and pb_last_error)
 *
 * Unasked, before the ring of a link the module broke is closed: "0 broke CODE RING_ADDRESS TEXT".
 *
 * The first line, id 0, is "0 ready PID" or "0 err CODE TEXT". RING_ADDRESS is an nshm link this process listens
 * on; the host connects to it and reads and writes its rings itself. End of stdin (the host closed it, or died)
 * ends this process at once.
 */
#define _GNU_SOURCE
#include "isolate.h"
#include "patchbay_transport.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ACCEPTORS 4096
#define RING_SIZE_MAX 16

typedef struct slot {
    void *acceptor;
    uint32_t max_message;
    int busy;
    int closing;
} slot;

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static slot slots[MAX_ACCEPTORS];

static int bind_symbol(void *handle, const char *name, void **out) {
    *out = dlsym(handle, name);
    if (*out == NULL) {
        char text[256];
        snprintf(text, sizeof text, "the library does not export %s", name);
        isolate_fail(0, PB_ERR_INVALID, text);
        return -1;
    }
    return 0;
}

static int load(const char *library) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        isolate_fail(0, PB_ERR_IO, why == NULL ? "dlopen failed" : why);
        return -1;
    }
    isolate_module *m = &isolate_lib;
    return bind_symbol(handle, "pb_last_error", (void **) &m->last_error)
        | bind_symbol(handle, "pb_listen", (void **) &m->listen)
        | bind_symbol(handle, "pb_accept", (void **) &m->accept)
        | bind_symbol(handle, "pb_acceptor_shutdown", (void **) &m->acceptor_shutdown)
        | bind_symbol(handle, "pb_acceptor_close", (void **) &m->acceptor_close)
        | bind_symbol(handle, "pb_connect", (void **) &m->connect)
        | bind_symbol(handle, "pb_send", (void **) &m->send)
        | bind_symbol(handle, "pb_receive", (void **) &m->receive)
        | bind_symbol(handle, "pb_shutdown", (void **) &m->shutdown)
        | bind_symbol(handle, "pb_close", (void **) &m->close);
}

/* A blocking request, run on a thread of its own so that the next line is read meanwhile. */
typedef struct request {
    long id;
    int acceptor;
    uint32_t max_message;
    int64_t timeout_ns;
    char ring_size[RING_SIZE_MAX];
    char *address;
} request;

static void *connect_thread(void *argument) {
    request *q = argument;
    void *link = NULL;
    int code = isolate_lib.connect(q->address, q->max_message, q->timeout_ns, &link);
    if (code < 0) {
        isolate_fail(q->id, code, isolate_lib.last_error());
    } else {
        isolate_relay(q->id, link, q->max_message, q->ring_size, q->timeout_ns);
    }
    free(q->address);
    free(q);
    return NULL;
}

static void *accept_thread(void *argument) {
    request *q = argument;
    pthread_mutex_lock(&slots_lock);
    slot *s = &slots[q->acceptor];
    int usable = s->acceptor != NULL && !s->closing && !s->busy;
    if (usable) {
        s->busy = 1;
    }
    uint32_t max_message = s->max_message;
    pthread_mutex_unlock(&slots_lock);
    if (!usable) {
        isolate_fail(q->id, PB_ERR_CLOSED, "the acceptor is closed or already accepting");
        free(q);
        return NULL;
    }
    void *link = NULL;
    int code = isolate_lib.accept(s->acceptor, q->timeout_ns, &link);
    char why[512] = "";
    if (code < 0) {
        snprintf(why, sizeof why, "%s", isolate_lib.last_error());
    }
    pthread_mutex_lock(&slots_lock);
    s->busy = 0;
    if (s->closing) {
        isolate_lib.acceptor_close(s->acceptor);
        s->acceptor = NULL;
    }
    pthread_mutex_unlock(&slots_lock);
    if (code < 0) {
        isolate_fail(q->id, code, why);
    } else {
        isolate_relay(q->id, link, max_message, q->ring_size, q->timeout_ns);
    }
    free(q);
    return NULL;
}

static void start(void *(*body)(void *), request *q) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attributes, body, q) != 0) {
        isolate_fail(q->id, PB_ERR_IO, "pbisolate cannot start a thread");
        free(q->address);
        free(q);
    }
    pthread_attr_destroy(&attributes);
}

static void listen_now(long id, uint32_t max_message, const char *address) {
    void *acceptor = NULL;
    int code = isolate_lib.listen(address, max_message, &acceptor);
    if (code < 0) {
        isolate_fail(id, code, isolate_lib.last_error());
        return;
    }
    pthread_mutex_lock(&slots_lock);
    int n = 1;
    while (n < MAX_ACCEPTORS && slots[n].acceptor != NULL) {
        n++;
    }
    if (n < MAX_ACCEPTORS) {
        slots[n] = (slot) {acceptor, max_message, 0, 0};
    }
    pthread_mutex_unlock(&slots_lock);
    if (n == MAX_ACCEPTORS) {
        isolate_lib.acceptor_close(acceptor);
        isolate_fail(id, PB_ERR_IO, "pbisolate holds too many acceptors");
        return;
    }
    isolate_answer("%ld ok %d\n", id, n);
}

static void close_acceptor(long id, int n) {
    pthread_mutex_lock(&slots_lock);
    slot *s = &slots[n];
    if (s->acceptor != NULL && !s->closing) {
        s->closing = 1;
        if (s->busy) {
            /* The accepting thread frees it when the call returns: it must not be freed under that call. */
            isolate_lib.acceptor_shutdown(s->acceptor);
        } else {
            isolate_lib.acceptor_close(s->acceptor);
            s->acceptor = NULL;
        }
    }
    pthread_mutex_unlock(&slots_lock);
    isolate_answer("%ld ok\n", id);
}

static int valid_acceptor(int n) {
    return n > 0 && n < MAX_ACCEPTORS;
}

static void handle(char *line) {
    long id;
    char verb[16];
    int used = 0;
    if (sscanf(line, "%ld %15s %n", &id, verb, &used) < 2) {
        fprintf(stderr, "pbisolate: not a request: %s\n", line);
        return;
    }
    char *rest = line + used;
    request *q = calloc(1, sizeof *q);
    if (q == NULL) {
        isolate_fail(id, PB_ERR_IO, "pbisolate is out of memory");
        return;
    }
    q->id = id;
    char address[2048];
    long long timeout;
    unsigned max;
    if (strcmp(verb, "listen") == 0 && sscanf(rest, "%u %2047s", &max, address) == 2) {
        listen_now(id, max, address);
    } else if (strcmp(verb, "accept") == 0
            && sscanf(rest, "%d %lld %15s", &q->acceptor, &timeout, q->ring_size) == 3
            && valid_acceptor(q->acceptor)) {
        q->timeout_ns = timeout;
        start(accept_thread, q);
        return;
    } else if (strcmp(verb, "connect") == 0
            && sscanf(rest, "%u %lld %15s %2047s", &max, &timeout, q->ring_size, address) == 4
            && (q->address = strdup(address)) != NULL) {
        q->max_message = max;
        q->timeout_ns = timeout;
        start(connect_thread, q);
        return;
    } else if (strcmp(verb, "ping") == 0) {
        /* Answered after every line written before it: the host's way to be sure it has read them. */
        isolate_answer("%ld ok\n", id);
    } else if (strcmp(verb, "aclose") == 0 && sscanf(rest, "%d", &q->acceptor) == 1
            && valid_acceptor(q->acceptor)) {
        close_acceptor(id, q->acceptor);
    } else {
        isolate_fail(id, PB_ERR_INVALID, "pbisolate does not understand the request");
    }
    free(q->address);
    free(q);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: pbisolate LIBRARY\n");
        return 2;
    }
    /* A host that is gone shows as the end of stdin; writing to it then must not kill us before we notice. */
    signal(SIGPIPE, SIG_IGN);
    if (load(argv[1]) != 0) {
        return 1;
    }
    isolate_answer("0 ready %ld\n", (long) getpid());
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    while ((n = getline(&line, &size, stdin)) > 0) {
        if (line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
        handle(line);
    }
    /* The host is done with us (or dead): links die with this process, and their peers see that. */
    _exit(0);
}
