/*
 * pbwinharness OLD.dll NEW.dll WORKDIR COUNT: a hot patch of a native module on Windows, end to end, without the
 * JVM host. This process receives; it starts a copy of itself that sends COUNT numbered messages. Both load a
 * private copy of OLD.dll with LoadLibrary and meet over it; half-way the sender announces a switch, both load a
 * private copy of NEW.dll beside the old one, meet again over it, and free the old library (FreeLibrary) while the
 * sender goes on sending. The receiver checks every message, in order, none lost or repeated, and that each old
 * library is really unloaded.
 *
 * Last line on stdout: "pbwinharness: ok ..." and exit status 0, or "pbwinharness: FAILED ..." and 1.
 * Every wait is bounded (WAIT_MS), so a broken module fails the run instead of hanging it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "patchbay_transport.h"

#define WAIT_MS 30000
#define WAIT_NS ((int64_t) WAIT_MS * 1000000)
#define MAX_MESSAGE 4096u
#define SWITCH_MARK 0xffffffffu

typedef struct module {
    HMODULE handle;
    char path[MAX_PATH];
    const struct pb_module_info *(*info)(void);
    const char *(*last_error)(void);
    int (*listen)(const char *, uint32_t, pb_acceptor **);
    int (*accept)(pb_acceptor *, int64_t, pb_link **);
    void (*acceptor_close)(pb_acceptor *);
    int (*connect)(const char *, uint32_t, int64_t, pb_link **);
    int (*send)(pb_link *, const void *, uint32_t);
    int (*receive)(pb_link *, void *, uint32_t, int64_t);
    void (*close)(pb_link *);
    int (*stats)(pb_link *, uint64_t *, uint32_t);
} module;

static const char *role = "receiver";
static PROCESS_INFORMATION sender;

static void failed(const char *format, ...) {
    va_list args;
    va_start(args, format);
    printf("pbwinharness: FAILED (%s): ", role);
    vprintf(format, args);
    printf("\n");
    fflush(stdout);
    va_end(args);
    if (sender.hProcess != NULL) {
        TerminateProcess(sender.hProcess, 1);
    }
    exit(1);
}

static FARPROC symbol(module *m, const char *name, int required) {
    FARPROC f = GetProcAddress(m->handle, name);
    if (f == NULL && required) {
        failed("%s does not export %s", m->path, name);
    }
    return f;
}

/* Copies source to its own file (as the host does: one file per generation) and loads that. */
static void load(module *m, const char *source, const char *workdir, const char *generation) {
    const char *base = strrchr(source, '\\') ? strrchr(source, '\\') + 1 : source;
    snprintf(m->path, sizeof m->path, "%s\\%s-%s-%s", workdir, role, generation, base);
    if (!CopyFileA(source, m->path, FALSE)) {
        failed("CopyFile(%s, %s): error %lu", source, m->path, GetLastError());
    }
    m->handle = LoadLibraryA(m->path);
    if (m->handle == NULL) {
        failed("LoadLibrary(%s): error %lu", m->path, GetLastError());
    }
    m->info = (void *) symbol(m, "pb_module_info", 1);
    m->last_error = (void *) symbol(m, "pb_last_error", 1);
    m->listen = (void *) symbol(m, "pb_listen", 1);
    m->accept = (void *) symbol(m, "pb_accept", 1);
    m->acceptor_close = (void *) symbol(m, "pb_acceptor_close", 1);
    m->connect = (void *) symbol(m, "pb_connect", 1);
    m->send = (void *) symbol(m, "pb_send", 1);
    m->receive = (void *) symbol(m, "pb_receive", 1);
    m->close = (void *) symbol(m, "pb_close", 1);
    m->stats = (void *) symbol(m, "pb_link_stats", 0);
    if (m->info()->abi_version != PB_ABI_VERSION) {
        failed("%s has ABI version %u, not %d", m->path, m->info()->abi_version, PB_ABI_VERSION);
    }
}

/* FreeLibrary, and proof that the loader let go of it: no module of that path is left in this process. */
static void unload(module *m) {
    if (!FreeLibrary(m->handle)) {
        failed("FreeLibrary(%s): error %lu", m->path, GetLastError());
    }
    if (GetModuleHandleA(m->path) != NULL) {
        failed("%s is still loaded after FreeLibrary", m->path);
    }
}

static void check(module *m, int rc, const char *what) {
    if (rc < 0) {
        failed("%s with %s %s: %d (%s)", what, m->info()->id, m->info()->version, rc, m->last_error());
    }
}

/* Message seq: its number, then (seq % 200) bytes that depend on both, so a mixed-up message shows. */
static uint32_t message(uint32_t seq, unsigned char *out) {
    uint32_t length = 4 + seq % 200;
    memcpy(out, &seq, 4);
    for (uint32_t i = 4; i < length; i++) {
        out[i] = (unsigned char) (seq * 31 + i);
    }
    return length;
}

static void send_one(module *m, pb_link *link, uint32_t seq) {
    unsigned char bytes[256];
    uint32_t length = message(seq, bytes);
    check(m, m->send(link, bytes, length), "pb_send");
}

static int send_main(const char *old_dll, const char *new_dll, const char *workdir, const char *name,
                     uint32_t count) {
    role = "sender";
    module v1, v2;
    char address[128];
    pb_link *a, *b;
    uint32_t half = count / 2;
    load(&v1, old_dll, workdir, "g1");
    snprintf(address, sizeof address, "npipe:%s-g1", name);
    check(&v1, v1.connect(address, MAX_MESSAGE, WAIT_NS, &a), "pb_connect");
    for (uint32_t seq = 0; seq < half; seq++) {
        send_one(&v1, a, seq);
    }
    uint32_t mark = SWITCH_MARK;
    check(&v1, v1.send(a, &mark, 4), "pb_send(switch)");
    load(&v2, new_dll, workdir, "g2");
    snprintf(address, sizeof address, "npipe:%s-g2", name);
    check(&v2, v2.connect(address, MAX_MESSAGE, WAIT_NS, &b), "pb_connect");
    send_one(&v2, b, half);
    /* The old generation goes while the new one carries messages. */
    v1.close(a);
    unload(&v1);
    for (uint32_t seq = half + 1; seq < count; seq++) {
        send_one(&v2, b, seq);
    }
    v2.close(b);
    unload(&v2);
    return 0;
}

static void start_sender(const char *old_dll, const char *new_dll, const char *workdir, const char *name,
                         uint32_t count) {
    char self[MAX_PATH];
    char command[4 * MAX_PATH];
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(command, sizeof command, "\"%s\" --send \"%s\" \"%s\" \"%s\" %s %u", self, old_dll, new_dll, workdir,
             name, count);
    STARTUPINFOA startup = {.cb = sizeof startup};
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &sender)) {
        failed("CreateProcess(%s): error %lu", command, GetLastError());
    }
}

/* Receives until the switch mark (returns 1) or the peer's close (returns 0), checking order from *next on. */
static int receive_until(module *m, pb_link *link, uint32_t *next) {
    static uint32_t buffer[(MAX_MESSAGE + 4) / 4 * 16];
    for (;;) {
        int n = m->receive(link, buffer, sizeof buffer, WAIT_NS);
        if (n == PB_ERR_PEER_CLOSED) {
            return 0;
        }
        check(m, n, "pb_receive");
        if (n == 0) {
            failed("no message in %d ms after message %u", WAIT_MS, *next);
        }
        unsigned char *at = (unsigned char *) buffer;
        for (int i = 0; i < n; i++) {
            uint32_t length;
            uint32_t seq;
            memcpy(&length, at, 4);
            memcpy(&seq, at + 4, 4);
            if (length == 4 && seq == SWITCH_MARK) {
                if (i != n - 1) {
                    failed("a message came after the switch mark on the old link");
                }
                return 1;
            }
            unsigned char expected[256];
            if (seq != *next || length != message(seq, expected) || memcmp(at + 4, expected, length) != 0) {
                failed("message %u expected, got %u bytes starting with number %u", *next, length, seq);
            }
            (*next)++;
            at += (4 + length + 3) & ~3u;
        }
    }
}

static void listen_at(module *m, const char *name, const char *generation, pb_acceptor **acceptor) {
    char address[128];
    snprintf(address, sizeof address, "npipe:%s-%s", name, generation);
    check(m, m->listen(address, MAX_MESSAGE, acceptor), "pb_listen");
}

static int receive_main(const char *old_dll, const char *new_dll, const char *workdir, uint32_t count) {
    module v1, v2;
    pb_acceptor *acceptor_a, *acceptor_b;
    pb_link *a, *b;
    char name[32];
    uint32_t next = 0;
    snprintf(name, sizeof name, "harness-%lu", GetCurrentProcessId());
    load(&v1, old_dll, workdir, "g1");
    listen_at(&v1, name, "g1", &acceptor_a);
    start_sender(old_dll, new_dll, workdir, name, count);
    check(&v1, v1.accept(acceptor_a, 4 * WAIT_NS, &a), "pb_accept");
    if (!receive_until(&v1, a, &next)) {
        failed("the sender closed the old link after %u messages without the switch mark", next);
    }
    load(&v2, new_dll, workdir, "g2");
    if (v2.handle == v1.handle || strcmp(v2.info()->version, v1.info()->version) == 0) {
        failed("the patch %s %s is not loaded beside %s %s", v2.info()->id, v2.info()->version, v1.info()->id,
               v1.info()->version);
    }
    listen_at(&v2, name, "g2", &acceptor_b);
    check(&v2, v2.accept(acceptor_b, WAIT_NS, &b), "pb_accept");
    uint32_t switched_at = next;
    if (receive_until(&v1, a, &next)) {
        failed("a second switch mark on the old link");
    }
    char old_version[32];
    snprintf(old_version, sizeof old_version, "%s", v1.info()->version);
    v1.close(a);
    v1.acceptor_close(acceptor_a);
    unload(&v1);
    if (receive_until(&v2, b, &next)) {
        failed("a switch mark on the new link");
    }
    if (next != count) {
        failed("%u messages arrived, %u were sent", next, count);
    }
    uint64_t counters[2] = {0, 0};
    if (v2.stats == NULL || v2.stats(b, counters, 2) != 2 || counters[1] != count - switched_at) {
        failed("the patch's own counters do not show the %u messages it carried", count - switched_at);
    }
    printf("pbwinharness: ok: %u messages in order, %u over %s, %u over %s, which was loaded beside it and freed"
           " while messages went on\n", count, switched_at, old_version, count - switched_at, v2.info()->version);
    v2.close(b);
    v2.acceptor_close(acceptor_b);
    unload(&v2);
    DWORD status = 1;
    if (WaitForSingleObject(sender.hProcess, WAIT_MS) != WAIT_OBJECT_0 || !GetExitCodeProcess(sender.hProcess,
                                                                                               &status)) {
        failed("the sender did not finish within %d ms", WAIT_MS);
    }
    if (status != 0) {
        failed("the sender exited with status %lu", status);
    }
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 7 && strcmp(argv[1], "--send") == 0) {
        return send_main(argv[2], argv[3], argv[4], argv[5], (uint32_t) strtoul(argv[6], NULL, 10));
    }
    if (argc != 5 || strtoul(argv[4], NULL, 10) < 2) {
        fprintf(stderr, "usage: pbwinharness OLD.dll NEW.dll WORKDIR COUNT (COUNT >= 2)\n");
        return 2;
    }
    return receive_main(argv[1], argv[2], argv[3], (uint32_t) strtoul(argv[4], NULL, 10));
}
