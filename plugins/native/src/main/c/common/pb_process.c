#define _GNU_SOURCE
#include "pb_process.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Reads the state (field 3) and start time (field 22) of /proc/<pid>/stat; 0 if the process is not there. */
static int read_stat(int64_t pid, char *state, int64_t *start_time) {
    char path[64];
    char text[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) {
        return 0;
    }
    text[n] = '\0';
    /* The command name (field 2) may hold spaces and parentheses: count fields after the last ')'. */
    char *p = strrchr(text, ')');
    if (p == NULL) {
        return 0;
    }
    p++;
    char *save = NULL;
    int field = 3;
    for (char *token = strtok_r(p, " ", &save); token != NULL; token = strtok_r(NULL, " ", &save), field++) {
        if (field == 3) {
            *state = token[0];
        } else if (field == 22) {
            *start_time = strtoll(token, NULL, 10);
            return 1;
        }
    }
    return 0;
}

pb_process pb_process_self(void) {
    pb_process self = {getpid(), -1};
    char state;
    read_stat(self.pid, &state, &self.start_time);
    return self;
}

int pb_process_alive(pb_process process) {
    char state = '?';
    int64_t start = -1;
    if (process.pid <= 0 || !read_stat(process.pid, &state, &start)) {
        return 0;
    }
    return start == process.start_time && state != 'Z' && state != 'X';
}

void pb_watch_open(pb_watch *watch, pb_process process) {
    watch->process = process;
    watch->gone = 0;
    watch->pidfd = -1;
#ifdef SYS_pidfd_open
    watch->pidfd = (int) syscall(SYS_pidfd_open, (pid_t) process.pid, 0);
#endif
    /* The pid may have been reused before the pidfd was taken: the start time tells. */
    if (!pb_process_alive(process)) {
        watch->gone = 1;
    }
}

int pb_watch_gone(pb_watch *watch) {
    /* A link's sending and receiving threads may both ask: "gone" is shared, and only ever set. */
    if (__atomic_load_n(&watch->gone, __ATOMIC_RELAXED)) {
        return 1;
    }
    int gone;
    if (watch->pidfd >= 0) {
        /* A pidfd becomes readable when the process exits, zombie or not. */
        struct pollfd fd = {watch->pidfd, POLLIN, 0};
        gone = poll(&fd, 1, 0) > 0;
    } else {
        gone = !pb_process_alive(watch->process);
    }
    if (gone) {
        __atomic_store_n(&watch->gone, 1, __ATOMIC_RELAXED);
    }
    return gone;
}

void pb_watch_close(pb_watch *watch) {
    if (watch->pidfd >= 0) {
        close(watch->pidfd);
        watch->pidfd = -1;
    }
}
