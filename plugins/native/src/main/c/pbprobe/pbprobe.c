/*
 * pbprobe LIBRARY TIMEOUT_MS: loads a native module in a throw-away child process before the host loads it, so
 * that a library whose constructors crash or never return costs a process of its own, not the host.
 *
 * The child dlopens LIBRARY (RTLD_NOW, as the host does) and calls pb_module_info() if it is exported. The parent
 * waits at most TIMEOUT_MS for it and prints one verdict line last on stdout; the host reads only that line:
 *
 *   pbprobe: loaded abi=N          dlopen and pb_module_info() returned (abi=-1: no pb_module_info or NULL)
 *   pbprobe: dlerror MESSAGE       the dynamic loader refused it
 *   pbprobe: signal N              the child was killed by signal N
 *   pbprobe: timeout MS            the child had not finished after MS milliseconds and was killed
 *   pbprobe: exit N                the child exited by itself with status N (a constructor called exit)
 *
 * Exit status: 0 when loaded, 1 for any other verdict, 2 for bad arguments or a failure of the probe itself.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "patchbay_transport.h"

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* After whatever the library's constructors printed: the host reads the last line. */
static int verdict(const char *text) {
    printf("\npbprobe: %s\n", text);
    fflush(stdout);
    return strncmp(text, "loaded", 6) == 0 ? 0 : 1;
}

/* The child: its outcome goes to the parent through a pipe, so that a constructor calling exit(0) is no success. */
static void load(const char *library, pid_t parent, int report) {
    /* Dies with the parent, whatever kills it: a child stuck in a constructor must not outlive the probe. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(1);
    }
    /* A crash is the verdict, not something to debug here: writing a core file would only eat into the timeout. */
    prctl(PR_SET_DUMPABLE, 0);
    char text[1024];
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(text, sizeof text, "dlerror %s", why == NULL ? "unknown reason" : why);
    } else {
        long abi = -1;
        void *symbol = dlsym(handle, "pb_module_info");
        if (symbol != NULL) {
            const struct pb_module_info *(*info)(void);
            *(void **) &info = symbol;
            const struct pb_module_info *described = info();
            if (described != NULL) {
                abi = (long) described->abi_version;
            }
        }
        snprintf(text, sizeof text, "loaded abi=%ld", abi);
    }
    ssize_t ignored = write(report, text, strlen(text));
    (void) ignored;
    /* _exit: the library's destructors are not the probe's business. */
    _exit(0);
}

int main(int argc, char **argv) {
    char *end = NULL;
    long timeout = argc == 3 ? strtol(argv[2], &end, 10) : 0;
    if (argc != 3 || end == NULL || *end != '\0' || timeout <= 0) {
        fprintf(stderr, "usage: pbprobe LIBRARY TIMEOUT_MS\n");
        return 2;
    }
    int report[2];
    if (pipe(report) != 0) {
        fprintf(stderr, "pbprobe: pipe failed: %s\n", strerror(errno));
        return 2;
    }
    /* SIGCHLD stays blocked so that sigtimedwait can wait for it with a deadline. */
    sigset_t child_done;
    sigemptyset(&child_done);
    sigaddset(&child_done, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child_done, NULL);

    fflush(stdout);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "pbprobe: fork failed: %s\n", strerror(errno));
        return 2;
    }
    if (child == 0) {
        close(report[0]);
        sigprocmask(SIG_UNBLOCK, &child_done, NULL);
        load(argv[1], parent, report[1]);
    }
    close(report[1]);
    /* Something the library started may hold the pipe open after the child is gone: never block on it. */
    fcntl(report[0], F_SETFL, O_NONBLOCK);

    char text[1100];
    int64_t deadline = now_ms() + timeout;
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            fprintf(stderr, "pbprobe: waitpid failed: %s\n", strerror(errno));
            kill(child, SIGKILL);
            return 2;
        }
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            snprintf(text, sizeof text, "timeout %ld", timeout);
            return verdict(text);
        }
        struct timespec wait = {.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000};
        sigtimedwait(&child_done, NULL, &wait);
    }
    if (WIFSIGNALED(status)) {
        snprintf(text, sizeof text, "signal %d", WTERMSIG(status));
        return verdict(text);
    }
    ssize_t n = read(report[0], text, sizeof text - 1);
    text[n > 0 ? n : 0] = '\0';
    if (n > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return verdict(text);
    }
    snprintf(text, sizeof text, "exit %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return verdict(text);
}
